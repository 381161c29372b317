import { z } from '@hono/zod-openapi'
import { CountryCode } from '../../core/countries.ts'
import { PartnerType } from '../partners/partners.contract.ts'

export const inquiryStatuses = ['new', 'in_review', 'needs_information', 'converted', 'declined'] as const
export type InquiryStatus = (typeof inquiryStatuses)[number]
export const InquiryStatus = z.enum(inquiryStatuses).openapi('InquiryStatus', {
  description: 'converted = converted to onboarding; declined carries a reason',
})

/** What the submitter reads on the status page, by status. */
export const publicStatus: Record<InquiryStatus, { label: string; nextStep: string }> = {
  new: {
    label: 'Received',
    nextStep: 'The Global Partner Alliances team will review your inquiry and contact you, usually within five business days.',
  },
  in_review: { label: 'In review', nextStep: 'The team is reviewing your inquiry and will contact you at the email you gave.' },
  needs_information: { label: 'Needs information', nextStep: 'The team needs more information from you: reply to the email we sent you.' },
  converted: {
    label: 'Accepted: onboarding',
    nextStep: 'Your company moves on to onboarding; your contact will guide you through the agreement and the checklist.',
  },
  declined: {
    label: 'Declined',
    nextStep: 'We cannot take your inquiry further at this time. You are welcome to contact us again if things change.',
  },
}

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`)
// Empty counts as not given (services read '' as none).
const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters`).optional()

/** A company website; "initech.example" is read as https://initech.example. */
export const Website = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(500)
  .transform((v) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `https://${v}`))
  .refine((v) => {
    try {
      const u = new URL(v)
      return /^https?:$/.test(u.protocol) && u.hostname.includes('.')
    } catch {
      return false
    }
  }, 'A website address such as https://example.com')

export const InquiryInput = z
  .strictObject({
    company: text(200),
    website: Website,
    country: CountryCode,
    contactName: text(200),
    email: z.string().trim().toLowerCase().max(320).email('An email address such as name@company.com'),
    phone: z
      .string()
      .trim()
      .max(50)
      .regex(/^\+?[0-9 ()./-]{5,}$/, 'A phone number: digits, spaces, + ( ) - .')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    partnerType: PartnerType.optional().openapi({ description: 'The kind of partnership sought' }),
    solutions: z.array(text(100)).max(20).default([]).openapi({ description: 'Solution categories, e.g. Security, Cloud' }),
    message: text(5000),
    heardAbout: optionalText(500).openapi({ description: 'How they heard of the program' }),
    fax: z.string().max(1000).optional().openapi({ description: 'Leave empty (a trap for automated submissions)' }),
  })
  .openapi('InquiryInput', {
    example: {
      company: 'Initech LLC',
      website: 'https://initech.example',
      country: 'US',
      contactName: 'Peter Gibbons',
      email: 'peter@initech.example',
      message: 'We resell storage.',
    },
  })
export type InquiryInput = z.infer<typeof InquiryInput>

export const PublicInquiryStatus = z
  .object({
    reference: z.string().openapi({ example: 'INQ-7K4Q-M2PD' }),
    status: InquiryStatus,
    statusLabel: z.string(),
    nextStep: z.string(),
    company: z.string(),
    submittedAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi('PublicInquiryStatus')
export type PublicInquiryStatus = z.infer<typeof PublicInquiryStatus>

export const StatusCheckQuery = z.object({ email: z.string().trim().toLowerCase().max(320).email('The email the inquiry was sent with') })

const person = z.object({ id: z.string().uuid(), name: z.string() }).nullable()
export const InquirySchema = z
  .object({
    id: z.string().uuid(),
    reference: z.string(),
    company: z.string(),
    website: z.string(),
    domain: z.string().nullable(),
    country: z.string(),
    contactName: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    partnerType: PartnerType.nullable(),
    solutions: z.array(z.string()),
    message: z.string(),
    heardAbout: z.string().nullable(),
    status: InquiryStatus,
    declineReason: z.string().nullable(),
    publicNote: z.string().nullable(),
    queue: z.object({ key: z.string(), name: z.string() }),
    owner: person,
    routingRule: person.openapi({ description: 'The rule that routed it (none: the default route)' }),
    matchedPartner: z.object({ id: z.string().uuid(), legalName: z.string() }).nullable().openapi({
      description: "An existing partner with the company's domain: link it instead of starting a new company",
    }),
    relatedInquiry: z.object({ id: z.string().uuid(), reference: z.string() }).nullable(),
    onboardingCaseId: z.string().uuid().nullable(),
    submissions: z.number().int().openapi({ description: 'Times submitted (duplicates within a day are merged)' }),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    version: z.number().int(),
  })
  .openapi('Inquiry')
export type Inquiry = z.infer<typeof InquirySchema>

export const InquiryComment = z
  .object({
    id: z.string().uuid(),
    authorName: z.string(),
    kind: z.enum(['note', 'event']),
    body: z.string(),
    createdAt: z.string().datetime(),
  })
  .openapi('InquiryComment')
export const InquiryDetail = InquirySchema.extend({ comments: z.array(InquiryComment) }).openapi('InquiryDetail')
export type InquiryDetail = z.infer<typeof InquiryDetail>

export const InquiryListQuery = z.object({
  status: InquiryStatus.optional(),
  open: z.enum(['true', 'false']).optional().openapi({ description: 'true: new, in review or needs information' }),
  ownerId: z.string().uuid().optional(),
  queue: z.string().max(40).optional(),
  country: CountryCode.optional(),
  matched: z.enum(['partner']).optional().openapi({ description: 'partner: only inquiries from an existing partner' }),
  q: z.string().trim().max(200).optional().openapi({ description: 'Company, contact, email or reference contains' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type InquiryListQuery = z.infer<typeof InquiryListQuery>

export const AssignInput = z.strictObject({ ownerId: z.string().uuid().nullable() }).openapi('InquiryAssignInput')
export const CommentInput = z.strictObject({ body: text(10000) }).openapi('InquiryCommentInput')
export const StatusInput = z
  .strictObject({
    status: InquiryStatus,
    reason: optionalText(2000).openapi({ description: 'Required to decline; shown to the submitter' }),
    note: optionalText(2000).openapi({ description: 'Shown to the submitter: required when asking for information' }),
    onboardingCaseId: z.string().uuid().optional().openapi({ description: 'Converted only: the onboarding case it became' }),
  })
  .superRefine((v, c) => {
    if (v.status === 'declined' && !v.reason) c.addIssue({ code: 'custom', path: ['reason'], message: 'Say why the inquiry is declined' })
    if (v.status !== 'declined' && v.reason) c.addIssue({ code: 'custom', path: ['reason'], message: 'A reason goes with a decline only' })
    if (v.status === 'needs_information' && !v.note)
      c.addIssue({ code: 'custom', path: ['note'], message: 'Say what information is needed' })
    if (v.status !== 'converted' && v.onboardingCaseId)
      c.addIssue({ code: 'custom', path: ['onboardingCaseId'], message: 'Only a converted inquiry has an onboarding case' })
  })
  .openapi('InquiryStatusInput')
export type StatusInput = z.infer<typeof StatusInput>

const countries = z.array(CountryCode).min(1).max(300)
export const RoutingRuleInput = z
  .strictObject({
    name: text(200),
    position: z
      .number()
      .int()
      .min(0)
      .max(100000)
      .optional()
      .openapi({ description: 'Rules are tried in ascending position; default: last' }),
    active: z.boolean().default(true),
    countries: countries
      .nullable()
      .default(null)
      .openapi({ description: 'Any of these countries (a region is a list of countries); null: any' }),
    partnerTypes: z.array(PartnerType).min(1).nullable().default(null),
    solutions: z
      .array(text(100))
      .min(1)
      .max(50)
      .nullable()
      .default(null)
      .openapi({ description: 'Any of these solution categories (case-insensitive)' }),
    domainMatch: z.enum(['partner', 'inquiry', 'none']).nullable().default(null).openapi({
      description: "partner: the company's domain is an existing partner's; inquiry: an open inquiry's; none: neither",
    }),
    queueKey: z.string().max(40).default('gpa'),
    ownerId: z
      .string()
      .uuid()
      .nullable()
      .default(null)
      .openapi({ description: "A fixed owner; null: round-robin among the queue's members" }),
  })
  .openapi('RoutingRuleInput')
export type RoutingRuleInput = z.infer<typeof RoutingRuleInput>
export const RoutingRulePatch = z
  .strictObject({
    name: text(200).optional(),
    position: z.number().int().min(0).max(100000).optional(),
    active: z.boolean().optional(),
    countries: countries.nullable().optional(),
    partnerTypes: z.array(PartnerType).min(1).nullable().optional(),
    solutions: z.array(text(100)).min(1).max(50).nullable().optional(),
    domainMatch: z.enum(['partner', 'inquiry', 'none']).nullable().optional(),
    queueKey: z.string().max(40).optional(),
    ownerId: z.string().uuid().nullable().optional(),
  })
  .openapi('RoutingRulePatch')
export type RoutingRulePatch = z.infer<typeof RoutingRulePatch>

export const RoutingRuleSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    position: z.number().int(),
    active: z.boolean(),
    countries: z.array(z.string()).nullable(),
    partnerTypes: z.array(PartnerType).nullable(),
    solutions: z.array(z.string()).nullable(),
    domainMatch: z.enum(['partner', 'inquiry', 'none']).nullable(),
    queueKey: z.string(),
    ownerId: z.string().uuid().nullable(),
    version: z.number().int(),
  })
  .openapi('RoutingRule')
export type RoutingRule = z.infer<typeof RoutingRuleSchema>

export const QueueInput = z
  .strictObject({
    name: text(100),
    memberIds: z.array(z.string().uuid()).min(1).max(200).nullable().openapi({ description: 'null: every active GPS user' }),
  })
  .openapi('InquiryQueueInput')
export const QueueSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    memberIds: z.array(z.string().uuid()).nullable(),
    members: z.array(z.object({ id: z.string().uuid(), name: z.string() })),
  })
  .openapi('InquiryQueue')
export type Queue = z.infer<typeof QueueSchema>
