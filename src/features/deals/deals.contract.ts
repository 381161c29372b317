import { z } from '@hono/zod-openapi'
import { CountryCode } from '../../core/countries.ts'
import { UsdMoney } from '../../core/money.ts'
import { Tier } from '../partners/partners.contract.ts'
import { registrableDomain } from './deals.match.ts'
import { IsoDate } from '../../core/dates.ts'

export const dealStatuses = ['submitted', 'info_requested', 'approved', 'rejected', 'expired', 'closed'] as const
export type DealStatus = (typeof dealStatuses)[number]
export const stages = ['registered', 'qualified', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const
export type Stage = (typeof stages)[number]
export const DealStatus = z
  .enum(dealStatuses)
  .openapi('DealStatus', { description: 'info_requested = waiting for the partner (the review clock is paused)' })
export const Stage = z.enum(stages).openapi('DealStage')
export const DealSupport = z.enum(['dedicated', 'standard', 'customer_level']).openapi('DealSupport', {
  description:
    "From the partner's deal registration benefit: dedicated Partner Incentives support (Yes), the standard self-service process (Limited), or handled at customer level by the account's sales owner",
})

const uuid = z.string().uuid()
const text = (max: number) => z.string().trim().min(1, 'Required').max(max)
const Domain = z
  .string()
  .trim()
  .max(300)
  .refine((s) => registrableDomain(s) !== null, 'Not a website or domain with a registrable domain, e.g. "initrode.com"')

export const Customer = z
  .strictObject({
    name: text(200),
    domain: Domain.optional().openapi({ description: 'Website or domain; reduced to the registrable domain', example: 'initrode.com' }),
    country: CountryCode.openapi({ example: 'US', description: 'ISO 3166-1 alpha-2' }),
    address: z.string().trim().max(500).optional(),
  })
  .openapi('DealCustomer')
export const CustomerContact = z
  .strictObject({
    name: text(200),
    email: z.string().trim().email('Not an email address').max(200).optional(),
    phone: z.string().trim().max(50).optional(),
  })
  .openapi('DealCustomerContact')

const dealFields = {
  customer: Customer,
  products: z.array(text(100)).min(1, 'Name at least one product or solution').max(20),
  value: UsdMoney,
  expectedCloseDate: IsoDate,
  stage: Stage.optional(),
  description: z.string().trim().max(4000).optional(),
  contact: CustomerContact.optional(),
}

export const DealCreateInput = z
  .strictObject({
    ...dealFields,
    partnerId: uuid.optional().openapi({ description: 'Required for internal users registering on behalf of a partner' }),
  })
  .openapi('DealCreateInput', {
    example: {
      customer: { name: 'Initrode Corporation', domain: 'initrode.com', country: 'US' },
      products: ['Storage'],
      value: { amount: '250000.00', currency: 'USD' },
      expectedCloseDate: '2027-03-31',
    },
  })
export type DealCreate = z.infer<typeof DealCreateInput>

export const DealCheckInput = z
  .strictObject({
    customer: Customer.partial(),
    products: z.array(text(100)).max(20).optional(),
    expectedCloseDate: IsoDate.optional(),
    dealId: uuid.optional().openapi({ description: 'A registration being edited: left out of its own check' }),
  })
  .openapi('DealCheckInput')
export type DealCheck = z.infer<typeof DealCheckInput>

export const DealPatchInput = z
  .strictObject({
    customer: Customer.optional(),
    products: dealFields.products.optional(),
    value: UsdMoney.optional(),
    expectedCloseDate: IsoDate.optional(),
    stage: Stage.optional(),
    description: z.string().trim().max(4000).nullable().optional(),
    contact: CustomerContact.nullable().optional(),
  })
  .openapi('DealPatchInput')
export type DealPatch = z.infer<typeof DealPatchInput>

export const ConflictSchema = z
  .object({ dealId: uuid, partnerId: uuid, score: z.number(), reasons: z.array(z.string()) })
  .openapi('DealConflict', { description: 'Internal users only' })
export type Conflict = z.infer<typeof ConflictSchema>

export const CheckResult = z
  .object({
    possibleConflict: z.boolean(),
    message: z.string().nullable().openapi({ description: 'What the possible conflict means for the registration' }),
    conflicts: z.array(ConflictSchema).optional().openapi({ description: 'Internal users only' }),
    normalized: z.object({ name: z.string(), domain: z.string().nullable() }),
  })
  .openapi('DealCheckResult')
export type CheckResult = z.infer<typeof CheckResult>

export const DealEventSchema = z
  .object({
    at: z.string().datetime(),
    actor: z.string(),
    kind: z.string(),
    note: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('DealEvent')
export type DealEvent = z.infer<typeof DealEventSchema>

export const DealSchema = z
  .object({
    id: uuid,
    partnerId: uuid,
    partnerName: z.string(),
    partnerTier: Tier.nullable(),
    customer: z.object({ name: z.string(), domain: z.string().nullable(), country: z.string(), address: z.string().nullable() }),
    contact: CustomerContact.nullable(),
    products: z.array(z.string()),
    value: UsdMoney,
    expectedCloseDate: z.string(),
    stage: Stage,
    description: z.string().nullable(),
    status: DealStatus,
    route: z.enum(['incentives', 'account_owner']),
    reviewer: z.object({ id: uuid, name: z.string() }).nullable(),
    support: DealSupport,
    bigDeal: z.boolean(),
    possibleConflict: z.boolean(),
    submittedAt: z.string().datetime(),
    expectedDecisionDate: z
      .string()
      .nullable()
      .openapi({ description: 'When the review is due (business days); null once decided or while waiting for the partner' }),
    overdue: z.boolean(),
    escalatedAt: z.string().datetime().nullable(),
    decidedAt: z.string().datetime().nullable(),
    rejectionReason: z.string().nullable(),
    protectionUntil: z.string().nullable(),
    extensionRequested: z.boolean(),
    version: z.number().int(),
    conflicts: z.array(ConflictSchema).optional().openapi({ description: 'Internal users only' }),
  })
  .openapi('Deal')
export type Deal = z.infer<typeof DealSchema>
export const DealDetail = DealSchema.extend({ history: z.array(DealEventSchema) }).openapi('DealDetail')
export type DealDetail = z.infer<typeof DealDetail>

export const DealListQuery = z.object({
  status: DealStatus.optional(),
  stage: Stage.optional(),
  partnerId: uuid.optional(),
  queue: z.enum(['incentives', 'mine']).optional().openapi({ description: 'Open reviews of the incentives queue, or routed to me' }),
  overdue: z.enum(['true', 'false']).optional(),
  bigDeal: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(200).optional().openapi({ description: 'Part of the customer name' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
})
export type DealListQuery = z.infer<typeof DealListQuery>
export const DealList = z.object({ items: z.array(DealSchema), nextCursor: z.string().nullable() }).openapi('DealList')

export const ApproveInput = z
  .strictObject({
    protectionDays: z.number().int().min(1).max(730).optional().openapi({ description: 'Default from configuration (90)' }),
    note: z.string().trim().max(2000).optional(),
  })
  .openapi('DealApproveInput')
export const RejectInput = z.strictObject({ reason: text(2000) }).openapi('DealRejectInput')
export const RequestInfoInput = z.strictObject({ question: text(2000) }).openapi('DealRequestInfoInput')
export const RespondInput = z.strictObject({ answer: text(4000) }).openapi('DealRespondInput')
export const ExtensionRequestInput = z.strictObject({ reason: text(2000) }).openapi('DealExtensionRequestInput')
export const ExtendInput = z.strictObject({ days: z.number().int().min(1).max(365) }).openapi('DealExtendInput')

export const groupings = ['partner', 'tier', 'stage', 'country', 'quarter'] as const
export const PipelineQuery = z.object({
  groupBy: z.enum(groupings).default('stage'),
  from: IsoDate.optional().openapi({ description: 'Expected close on or after' }),
  to: IsoDate.optional().openapi({ description: 'Expected close on or before' }),
  partnerId: uuid.optional(),
})
export type PipelineQuery = z.infer<typeof PipelineQuery>
export const PipelineRow = z
  .object({
    key: z.string(),
    label: z.string(),
    count: z.number().int(),
    value: UsdMoney,
    open: z.number().int(),
    won: z.number().int(),
    lost: z.number().int(),
    winRate: z.number().nullable().openapi({ description: 'won / (won + lost); null without closed deals' }),
    avgDaysToDecision: z.number().nullable(),
    slaAttainment: z.number().nullable().openapi({ description: 'Share of decided reviews decided by their due time' }),
  })
  .openapi('PipelineRow')
export type PipelineRow = z.infer<typeof PipelineRow>
export const PipelineReport = z
  .object({
    groupBy: z.enum(groupings),
    mode: z
      .enum(['live', 'quarterly'])
      .openapi({ description: 'quarterly = the Limited pipeline reporting benefit: figures as at the last quarter end' }),
    asOf: z.string(),
    rows: z.array(PipelineRow),
    total: PipelineRow,
  })
  .openapi('PipelineReport')
export type PipelineReport = z.infer<typeof PipelineReport>

export const PartnerPipeline = z
  .object({
    partnerId: uuid,
    year: z.number().int(),
    quarters: z.array(
      z.object({
        quarter: z.number().int(),
        asOf: z.string().openapi({
          description: 'The quarter end, or today in a quarter not yet ended: openPipeline is as at this day, at current deal values',
        }),
        openPipeline: UsdMoney,
        snapshot: z.object({ amount: UsdMoney, asOf: z.string(), takenAt: z.string().datetime() }).nullable().openapi({
          description:
            "Taken once the quarter ended: the quarter's pipeline in the averagePipeline metric, over the reported figure; null before",
        }),
      }),
    ),
  })
  .openapi('PartnerPipeline', {
    description: 'Open approved pipeline at each quarter end, and the quarter-end snapshots that feed the averagePipeline metric',
  })
export type PartnerPipeline = z.infer<typeof PartnerPipeline>

/** Which quarter's pipeline to snapshot (the snapshot job and command). */
export const PipelineSnapshotInput = z.strictObject({
  year: z
    .number({ message: 'A year from 2000 to 2100' })
    .int('A year from 2000 to 2100')
    .min(2000, 'A year from 2000 to 2100')
    .max(2100, 'A year from 2000 to 2100'),
  quarter: z
    .number({ message: 'A quarter from 1 to 4' })
    .int('A quarter from 1 to 4')
    .min(1, 'A quarter from 1 to 4')
    .max(4, 'A quarter from 1 to 4'),
})
export type PipelineSnapshotInput = z.infer<typeof PipelineSnapshotInput>

export const CustomerAccountInput = z.strictObject({ domain: Domain, name: text(200), ownerId: uuid }).openapi('CustomerAccountInput', {
  example: { domain: 'initrode.com', name: 'Initrode', ownerId: '00000000-0000-4000-8000-000000000000' },
})
export type CustomerAccountInput = z.infer<typeof CustomerAccountInput>
export const CustomerAccountSchema = z
  .object({
    id: uuid,
    domain: z.string(),
    name: z.string(),
    owner: z.object({ id: uuid, name: z.string(), email: z.string() }),
    updatedAt: z.string().datetime(),
  })
  .openapi('CustomerAccount')
export type CustomerAccount = z.infer<typeof CustomerAccountSchema>
