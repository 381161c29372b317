import { z } from '@hono/zod-openapi'
import { CountryCode } from '../../core/countries.ts'
import { PartnerType } from '../partners/partners.contract.ts'
import { WebAddress } from '../../core/web-address.ts'
import { IsoDate } from '../../core/dates.ts'

export const casePaths = ['deal', 'sponsor'] as const
export type CasePath = (typeof casePaths)[number]
export const caseAgreementTypes = ['potc', 'reseller'] as const
export type CaseAgreementType = (typeof caseAgreementTypes)[number]
export const caseStatuses = ['requested', 'in_progress', 'completed', 'cancelled'] as const
export type CaseStatus = (typeof caseStatuses)[number]

export const CasePathSchema = z.enum(casePaths).openapi('OnboardingPath', {
  description: 'deal = a sales team working a deal requests it; sponsor = a Solutions/GTM stakeholder (GS&A or GPA) sponsors it',
})
export const CaseAgreementTypeSchema = z.enum(caseAgreementTypes).openapi('OnboardingAgreementType', {
  description: 'potc = Purchase Order Terms & Conditions (non-modifiable, the quickest path); reseller = OEM-specific reseller agreement',
})
export const CaseStatusSchema = z.enum(caseStatuses).openapi('OnboardingStatus')

const uuid = z.string().uuid()
const text = (max: number) => z.string().trim().min(1, 'Required').max(max)

export const CaseCreateInput = z
  .strictObject({
    path: CasePathSchema,
    agreementType: CaseAgreementTypeSchema,
    partnerId: uuid.optional().openapi({ description: 'An existing prospect to onboard; otherwise completion creates the partner' }),
    legalName: text(200).optional(),
    website: WebAddress.optional(),
    headquartersCountry: CountryCode.optional(),
    partnerType: PartnerType.optional(),
    contactName: text(200).openapi({ description: "The company's contact, invited as its first partner admin" }),
    contactEmail: z.string().trim().toLowerCase().email('Not a valid email').max(320),
    dealReference: text(200).optional().openapi({ description: 'Deal path: the deal or opportunity that needs the partner' }),
    sponsorId: uuid.optional().openapi({ description: 'Sponsor path: the Solutions or Alliances sponsor (default: the requester)' }),
    notes: text(4000).optional(),
    dueDate: IsoDate.optional().openapi({ description: 'Default: 10 days for POTC, 30 for a reseller agreement' }),
    inquiryId: uuid.optional().openapi({ description: 'The inquiry this case was converted from' }),
  })
  .superRefine((v, c) => {
    if (!v.partnerId)
      for (const k of ['legalName', 'headquartersCountry', 'partnerType'] as const)
        if (!v[k]) c.addIssue({ code: 'custom', path: [k], message: 'Required for a company that is not a partner yet' })
    if (v.path === 'deal' && !v.dealReference)
      c.addIssue({ code: 'custom', path: ['dealReference'], message: 'Required on the deal-driven path' })
    if (v.path === 'sponsor' && v.dealReference)
      c.addIssue({ code: 'custom', path: ['dealReference'], message: 'Only deal-driven requests name a deal' })
    if (v.path === 'deal' && v.sponsorId)
      c.addIssue({ code: 'custom', path: ['sponsorId'], message: 'Only sponsor-driven requests name a sponsor' })
  })
  .openapi('OnboardingCaseInput', {
    example: {
      path: 'deal',
      agreementType: 'potc',
      legalName: 'Northwind Traders Ltd',
      headquartersCountry: 'GB',
      partnerType: 'oem',
      contactName: 'Ada Byron',
      contactEmail: 'ada@northwind.example',
      dealReference: 'OPP-2026-0412',
    },
  })
export type CaseCreate = z.infer<typeof CaseCreateInput>

export const CasePatchInput = z
  .strictObject({
    ownerId: uuid.nullable().optional().openapi({ description: 'A GPA (gps) user' }),
    dueDate: IsoDate.optional(),
    status: z.enum(['in_progress', 'cancelled']).optional(),
    notes: text(4000).nullable().optional(),
    reason: text(1000).optional().openapi({ description: 'Why the case is cancelled; kept in its history' }),
  })
  .refine((p) => p.status !== 'cancelled' || !!p.reason, { path: ['reason'], message: 'Say why the case is cancelled' })
  .openapi('OnboardingCasePatch')
export type CasePatch = z.infer<typeof CasePatchInput>

export const ChecklistInput = z.strictObject({ done: z.boolean() }).openapi('ChecklistItemInput')
export const CommentInput = z.strictObject({ body: text(4000) }).openapi('OnboardingCommentInput')

export const CompleteInput = z
  .strictObject({
    effectiveDate: IsoDate,
    expiryDate: IsoDate.nullable().optional(),
    countries: z
      .array(CountryCode)
      .max(250)
      .optional()
      .openapi({ description: 'Countries the first agreement covers (default: headquarters country)' }),
  })
  .refine((v) => !v.expiryDate || v.expiryDate > v.effectiveDate, { path: ['expiryDate'], message: 'Must be after the effective date' })
  .openapi('OnboardingCompleteInput', { example: { effectiveDate: '2026-12-01', expiryDate: '2029-11-30', countries: ['GB', 'IE'] } })
export type CompleteInput = z.infer<typeof CompleteInput>

const Person = z.object({ id: uuid, name: z.string() }).openapi('PersonRef')
export const ChecklistItemSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    automatic: z.boolean().openapi({ description: 'Done by completion itself' }),
    done: z.boolean(),
    doneBy: z.string().nullable(),
    doneAt: z.string().datetime().nullable(),
  })
  .openapi('ChecklistItem')

export const CaseSchema = z
  .object({
    id: uuid,
    path: CasePathSchema,
    agreementType: CaseAgreementTypeSchema,
    legalName: z.string(),
    website: z.string().nullable(),
    headquartersCountry: z.string(),
    partnerType: PartnerType,
    partnerId: uuid.nullable(),
    contactName: z.string(),
    contactEmail: z.string(),
    dealReference: z.string().nullable(),
    sponsor: Person.nullable(),
    inquiryId: uuid.nullable(),
    notes: z.string().nullable(),
    requestedBy: Person.nullable(),
    owner: Person.nullable(),
    status: CaseStatusSchema,
    dueDate: z.string(),
    overdue: z.boolean(),
    checklist: z.array(ChecklistItemSchema),
    agreementId: uuid.nullable(),
    adminUserId: uuid.nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    completedAt: z.string().datetime().nullable(),
  })
  .openapi('OnboardingCase')
export type Case = z.infer<typeof CaseSchema>

export const CaseDetailSchema = CaseSchema.extend({
  comments: z.array(z.object({ id: uuid, author: z.string(), body: z.string(), createdAt: z.string().datetime() })),
  history: z.array(
    z.object({
      id: z.string(),
      at: z.string().datetime(),
      actor: z.string(),
      action: z.string(),
      detail: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
}).openapi('OnboardingCaseDetail')
export type CaseDetail = z.infer<typeof CaseDetailSchema>

export const CaseListQuery = z.object({
  status: CaseStatusSchema.optional(),
  mine: z.enum(['true', 'false']).optional().openapi({ description: 'Only cases I requested, sponsor or own' }),
  q: z.string().trim().max(200).optional(),
})
export type CaseListParams = z.infer<typeof CaseListQuery>

export const CompleteResult = z
  .object({
    case: CaseDetailSchema,
    partnerId: uuid,
    agreementId: uuid,
  })
  .openapi('OnboardingCompleted')
