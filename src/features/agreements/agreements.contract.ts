import { z } from '@hono/zod-openapi'
import { CountryCode } from '../../core/countries.ts'
import { IsoDate } from '../../core/dates.ts'

export const agreementTypes = ['potc', 'reseller', 'mou', 'nda', 'flow_down'] as const
export type AgreementType = (typeof agreementTypes)[number]
export const agreementStatuses = ['draft', 'out_for_signature', 'active', 'expired', 'terminated'] as const
export type AgreementStatus = (typeof agreementStatuses)[number]

export const AgreementTypeSchema = z.enum(agreementTypes).openapi('AgreementType', {
  description: 'potc = purchase order terms & conditions; mou = MOU / joint investment agreement; flow_down = client flow-down terms',
})
export const AgreementStatusSchema = z
  .enum(agreementStatuses)
  .openapi('AgreementStatus', { description: 'expired also when the expiry date has passed, before the expiry job marks it' })

export const agreementTypeLabels: Record<AgreementType, string> = {
  potc: 'Purchase Order Terms & Conditions',
  reseller: 'Reseller agreement',
  mou: 'MOU / joint investment agreement',
  nda: 'Non-disclosure agreement',
  flow_down: 'Client flow-down terms',
}

/** Days before expiry when the partner manager and partner admins are reminded. */
export const reminderDays = [90, 30, 7] as const

const uuid = z.string().uuid()
const country = CountryCode.openapi({ example: 'US', description: 'ISO 3166-1 alpha-2' })
const text = (max: number) => z.string().trim().min(1, 'Required').max(max)

const fields = {
  title: text(200).optional().openapi({ description: 'Defaults to the type (and client) name' }),
  effectiveDate: IsoDate,
  expiryDate: IsoDate.nullable().optional(),
  countries: z.array(country).max(250).optional(),
  renewalTerms: text(2000).nullable().optional(),
  clientName: text(200).nullable().optional().openapi({ description: "Flow-down terms only: the integrator's client they belong to" }),
}

type Shape = {
  type?: AgreementType
  effectiveDate?: string
  expiryDate?: string | null
  renewalTerms?: string | null
  clientName?: string | null
}
/** Rules shared by create and update: a flow-down names its client, a POTC's renewal terms are fixed, expiry follows the start. */
export function checkAgreementShape(v: Shape, c: z.RefinementCtx) {
  if (v.type === 'flow_down' && v.clientName === undefined)
    c.addIssue({ code: 'custom', path: ['clientName'], message: 'Required for client flow-down terms' })
  if (v.type && v.type !== 'flow_down' && v.clientName)
    c.addIssue({ code: 'custom', path: ['clientName'], message: 'Only client flow-down terms name a client' })
  if (v.type === 'potc' && v.renewalTerms)
    c.addIssue({
      code: 'custom',
      path: ['renewalTerms'],
      message: 'POTC terms are non-modifiable: their renewal terms are those of the version',
    })
  if (v.effectiveDate && v.expiryDate && v.expiryDate <= v.effectiveDate)
    c.addIssue({ code: 'custom', path: ['expiryDate'], message: 'Must be after the effective date' })
}

export const AgreementCreateInput = z
  .strictObject({ partnerId: uuid, type: AgreementTypeSchema, ...fields })
  .superRefine(checkAgreementShape)
  .openapi('AgreementCreateInput', {
    example: {
      partnerId: '00000000-0000-4000-8000-000000000000',
      type: 'nda',
      effectiveDate: '2026-01-01',
      expiryDate: '2028-01-01',
      countries: ['US'],
    },
  })
export type AgreementCreate = z.infer<typeof AgreementCreateInput>

export const AgreementPatchInput = z.strictObject({ ...fields, effectiveDate: IsoDate.optional() }).openapi('AgreementPatchInput', {
  description: 'A draft changes freely; a signed agreement only its expiry date and renewal terms (a renewal)',
})
export type AgreementPatch = z.infer<typeof AgreementPatchInput>

export const AgreementSchema = z
  .object({
    id: uuid,
    partnerId: uuid,
    partnerName: z.string(),
    type: AgreementTypeSchema,
    title: z.string(),
    status: AgreementStatusSchema,
    effectiveDate: z.string(),
    expiryDate: z.string().nullable(),
    daysToExpiry: z.number().int().nullable().openapi({ description: 'Days from today to the expiry date (negative once passed)' }),
    countries: z.array(z.string()),
    renewalTerms: z.string().nullable(),
    clientName: z.string().nullable(),
    potcVersion: z.string().nullable(),
    signedAt: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    version: z.number().int(),
  })
  .openapi('Agreement')
export type Agreement = z.infer<typeof AgreementSchema>

export const DocumentSchema = z
  .object({
    id: uuid,
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.string().nullable(),
    uploadedAt: z.string().datetime(),
  })
  .openapi('AgreementDocument')
export type AgreementDocument = z.infer<typeof DocumentSchema>

export const SignatureSchema = z
  .object({
    id: uuid,
    userId: uuid,
    userName: z.string(),
    typedName: z.string(),
    signedAt: z.string().datetime(),
    documentSha256: z.string().nullable(),
    potcVersion: z.string().nullable(),
  })
  .openapi('AgreementSignature')
export type Signature = z.infer<typeof SignatureSchema>

export const ExtensionSchema = z
  .object({
    id: uuid,
    agreementId: uuid,
    country: z.string(),
    dealReference: z.string(),
    dealId: z.string().uuid().nullable(),
    reason: z.string().nullable(),
    status: z.enum(['requested', 'approved', 'rejected']),
    requestedBy: z.string().nullable(),
    requestedAt: z.string().datetime(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().datetime().nullable(),
    decisionNote: z.string().nullable(),
  })
  .openapi('CountryExtension')
export type Extension = z.infer<typeof ExtensionSchema>

export const PotcTermsSchema = z
  .object({
    version: z.string(),
    title: z.string(),
    body: z.string(),
    sha256: z.string(),
    renewalTerms: z.string(),
    publishedOn: z.string(),
  })
  .openapi('PotcTerms')
export type PotcTerms = z.infer<typeof PotcTermsSchema>

export const HistoryEntrySchema = z
  .object({
    id: z.string(),
    at: z.string().datetime(),
    actor: z.string(),
    action: z.string(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('AgreementHistoryEntry')

export const AgreementDetailSchema = AgreementSchema.extend({
  documents: z.array(DocumentSchema),
  signatures: z.array(SignatureSchema),
  extensions: z.array(ExtensionSchema),
  potcTerms: PotcTermsSchema.nullable().openapi({ description: 'The fixed POTC text a POTC agreement is accepted as' }),
  history: z.array(HistoryEntrySchema),
}).openapi('AgreementDetail')
export type AgreementDetail = z.infer<typeof AgreementDetailSchema>

export const AgreementListQuery = z.object({
  partnerId: uuid.optional(),
  type: AgreementTypeSchema.optional(),
  status: AgreementStatusSchema.optional(),
  expiringWithinDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .openapi({ description: 'Signed agreements expiring within this many days from today, soonest first' }),
  q: z.string().trim().max(200).optional().openapi({ description: 'Part of the title, client or partner name' }),
  limit: z.coerce.number().int().min(1).max(500).default(200),
})
export type AgreementListParams = z.infer<typeof AgreementListQuery>

export const SignInput = z
  .strictObject({
    typedName: text(200).openapi({ description: 'The signer types their full name' }),
    potcVersion: z.string().max(20).optional().openapi({ description: 'POTC only: the version shown to the signer, which they accept' }),
  })
  .openapi('SignInput')
export type SignInput = z.infer<typeof SignInput>

export const ExtensionInput = z
  .strictObject({
    country,
    dealReference: text(200).optional().openapi({ description: 'The deal or opportunity that needs the country, in words' }),
    dealId: z.string().uuid().optional().openapi({ description: "The partner's registered deal that needs the country (a link to it)" }),
    reason: text(2000).optional(),
  })
  .openapi('CountryExtensionInput')
export type ExtensionInput = z.infer<typeof ExtensionInput>

export const ExtensionDecisionInput = z
  .strictObject({ decision: z.enum(['approved', 'rejected']), note: text(2000).optional() })
  .refine((v) => v.decision === 'approved' || !!v.note, { path: ['note'], message: 'Say why the request is rejected' })
  .openapi('CountryExtensionDecision')
export type ExtensionDecision = z.infer<typeof ExtensionDecisionInput>
