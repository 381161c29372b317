import { z } from '@hono/zod-openapi'
import { Money } from '../../core/money.ts'

export const activityTypes = ['event', 'campaign', 'content', 'training', 'other'] as const
export const requestStatuses = ['submitted', 'awaiting_second_approval', 'approved', 'rejected', 'closed'] as const
export const claimStatuses = ['submitted', 'more_proof_requested', 'approved', 'rejected', 'paid'] as const
/** Days before a claim window closes when the partner is reminded. */
export const claimReminderDays = [14, 3] as const
export const DEFAULT_CLAIM_WINDOW_DAYS = 60
/** At a Limited MDF benefit, one request may ask for at most this share of the year's allocation (decision 005). */
export const LIMITED_REQUEST_SHARE_PERCENT = 25n

const text = (max: number) => z.string().trim().min(1, 'Required').max(max)
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
const year = z.coerce.number().int('A whole year').min(2000).max(2100)
const uuidParam = (name: string) =>
  z.object({
    [name]: z
      .string()
      .uuid()
      .openapi({ param: { name, in: 'path' } }),
  })
export const PartnerId = uuidParam('id') as z.ZodObject<{ id: z.ZodString }>
export const RequestId = uuidParam('requestId') as z.ZodObject<{ requestId: z.ZodString }>
export const ClaimId = uuidParam('claimId') as z.ZodObject<{ claimId: z.ZodString }>
export const TransactionId = uuidParam('transactionId') as z.ZodObject<{ transactionId: z.ZodString }>
export const FileId = z.object({
  claimId: z
    .string()
    .uuid()
    .openapi({ param: { name: 'claimId', in: 'path' } }),
  fileId: z
    .string()
    .uuid()
    .openapi({ param: { name: 'fileId', in: 'path' } }),
})
const who = z.object({ id: z.string().uuid().nullable(), name: z.string().nullable() }).openapi('FundsActorRef')
const MoneyOut = z.object({ amount: z.string(), currency: z.string() }).openapi('MoneyAmount')

export const FundBalanceSchema = z
  .object({
    fund: z.literal('mdf'),
    programYear: z.number().int(),
    currency: z.string(),
    allocated: MoneyOut,
    available: MoneyOut,
    committed: MoneyOut,
    payable: MoneyOut,
    paid: MoneyOut,
    expired: MoneyOut,
  })
  .openapi('FundBalance')
export const PartnerFundsSchema = z
  .object({
    partnerId: z.string().uuid(),
    benefit: z.object({ key: z.literal('mdfTracking'), level: z.string(), meaning: z.string().nullable() }),
    items: z.array(FundBalanceSchema),
  })
  .openapi('PartnerFunds')
export type PartnerFunds = z.infer<typeof PartnerFundsSchema>

export const AllocationSchema = z
  .object({
    id: z.string().uuid(),
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    programYear: z.number().int(),
    amount: MoneyOut,
    endsOn: z.string(),
    expiredAt: z.string().datetime().nullable(),
    version: z.number().int(),
  })
  .openapi('MdfAllocation')
export type Allocation = z.infer<typeof AllocationSchema>
export const AllocationInput = z
  .strictObject({
    partnerId: z.string().uuid(),
    programYear: year,
    amount: Money.optional().openapi({ description: "Leave out to use the tier's default for the year" }),
  })
  .openapi('MdfAllocationInput')
export const AllocationQuery = z.object({ partnerId: z.string().uuid().optional(), programYear: year.optional() })

export const LimitSchema = z
  .object({
    id: z.string().uuid(),
    userId: z.string().uuid().nullable(),
    userName: z.string().nullable(),
    role: z.enum(['marketing', 'incentives']).nullable(),
    limit: MoneyOut,
  })
  .openapi('MdfApprovalLimit')
export const LimitInput = z
  .strictObject({
    userId: z.string().uuid().optional(),
    role: z.enum(['marketing', 'incentives']).optional(),
    limit: Money,
  })
  .refine((v) => !!v.userId !== !!v.role, { message: 'Give a userId or a role, not both', path: ['userId'] })
  .openapi('MdfApprovalLimitInput')

export const RequestInput = z
  .strictObject({
    partnerId: z.string().uuid(),
    activityType: z.enum(activityTypes),
    title: text(200),
    plan: text(5000),
    expectedOutcomes: text(2000),
    startsOn: isoDate,
    endsOn: isoDate,
    amount: Money,
  })
  .refine((v) => v.endsOn >= v.startsOn, { message: 'Ends on or after the start date', path: ['endsOn'] })
  .openapi('MdfRequestInput')
export type RequestInput = z.infer<typeof RequestInput>

const step = z.object({ step: z.string(), at: z.string().datetime(), by: who.nullable(), note: z.string().nullable() }).openapi('FundsStep')
export const ClaimFileSchema = z
  .object({
    id: z.string().uuid(),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    uploadedAt: z.string().datetime(),
  })
  .openapi('MdfClaimFile')
export const ClaimSchema = z
  .object({
    id: z.string().uuid(),
    requestId: z.string().uuid(),
    partnerId: z.string().uuid(),
    amount: MoneyOut,
    description: z.string(),
    status: z.enum(claimStatuses),
    rejectionReason: z.string().nullable(),
    moreProofNote: z.string().nullable(),
    paymentReference: z.string().nullable(),
    files: z.array(ClaimFileSchema),
    steps: z.array(step),
  })
  .openapi('MdfClaim')
export type Claim = z.infer<typeof ClaimSchema>
export const RequestSchema = z
  .object({
    id: z.string().uuid(),
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    programYear: z.number().int(),
    activityType: z.enum(activityTypes),
    title: z.string(),
    plan: z.string(),
    expectedOutcomes: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    amount: MoneyOut,
    status: z.enum(requestStatuses),
    claimDeadline: z.string().openapi({ description: 'Last day a claim is accepted (UTC): the end date plus the claim window' }),
    claimWindowDays: z.number().int(),
    claimed: MoneyOut.openapi({ description: 'Claims not rejected' }),
    rejectionReason: z.string().nullable(),
    releasedAmount: MoneyOut.nullable(),
    steps: z.array(step),
    claims: z.array(ClaimSchema),
  })
  .openapi('MdfRequest')
export type MdfRequest = z.infer<typeof RequestSchema>
export const RequestQuery = z.object({
  partnerId: z.string().uuid().optional(),
  status: z.enum(requestStatuses).optional(),
  queue: z.enum(['true', 'false']).optional().openapi({ description: 'Only requests and claims waiting for a decision' }),
})

export const ReasonInput = z.strictObject({ reason: text(1000) }).openapi('FundsReasonInput')
export const NoteInput = z.strictObject({ note: text(1000) }).openapi('FundsNoteInput')
export const PaymentInput = z.strictObject({ reference: text(200) }).openapi('MdfPaymentInput')
export const ClaimDetails = z.strictObject({ amount: Money, description: text(2000) }).openapi('MdfClaimDetails')
const FileField = z.custom<File>((v) => v instanceof File, 'Attach a file').openapi({ type: 'string', format: 'binary' })
export const ClaimUpload = z
  .object({ file: FileField, details: z.string().openapi({ description: 'MdfClaimDetails as JSON' }) })
  .openapi('MdfClaimUpload')
export const ProofUpload = z.object({ file: FileField }).openapi('MdfProofUpload')

export const LedgerEntrySchema = z.object({ account: z.string(), amount: MoneyOut }).openapi('LedgerEntry')
export const LedgerTransactionSchema = z
  .object({
    id: z.string().uuid(),
    kind: z.string(),
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    fund: z.string(),
    programYear: z.number().int(),
    period: z.string(),
    source: z.string(),
    memo: z.string(),
    reverses: z.string().uuid().nullable(),
    actor: z.string(),
    createdAt: z.string().datetime(),
    entries: z.array(LedgerEntrySchema),
  })
  .openapi('LedgerTransaction')
export type LedgerTransaction = z.infer<typeof LedgerTransactionSchema>
export const LedgerQuery = z.object({
  partnerId: z.string().uuid().optional(),
  programYear: year.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export const LedgerExportQuery = z.object({
  partnerId: z.string().uuid().optional(),
  programYear: year.optional(),
  format: z.enum(['csv', 'xlsx']).default('csv'),
})

export const FxRateSchema = z
  .object({ currency: z.string(), date: z.string(), perEur: z.string(), source: z.enum(['import', 'manual']) })
  .openapi('FxRate')
export const FxRateInput = z
  .strictObject({ currency: z.string().trim().length(3, 'A three-letter ISO 4217 code'), date: isoDate, perEur: z.string().trim().min(1) })
  .openapi('FxRateInput')
export const FxQuery = z.object({ currency: z.string().length(3).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) })
export const ConvertQuery = z.object({
  amount: z.string().regex(/^\d{1,16}(\.\d{1,2})?$/, 'An amount with at most two decimals'),
  currency: z.string().length(3),
  date: isoDate,
})
export const ConversionSchema = z
  .object({
    from: MoneyOut,
    usd: MoneyOut,
    date: z.string(),
    rates: z.array(FxRateSchema),
    description: z.string(),
  })
  .openapi('FxConversion')
