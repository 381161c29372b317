import { z } from '@hono/zod-openapi'
import * as currencyCodes from 'currency-codes'
import { Money } from '../../core/money.ts'

// The contract of service-partner delivery (decision 023): resources, screenings, projects, SOWs and quotes,
// purchase orders, work entries and invoices.

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`)
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'A two-letter country code')
const currency = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => !!currencyCodes.code(c), 'Not an ISO 4217 currency code')
/** A non-negative decimal of at most two decimals, as text (never a float). */
export const Amount = z
  .string()
  .trim()
  .regex(/^\d{1,14}(\.\d{1,2})?$/, 'An amount with at most two decimals, e.g. 1500.00')
const Quantity = z
  .string()
  .trim()
  .regex(/^\d{1,10}(\.\d{1,3})?$/, 'A quantity with at most three decimals')
const who = z.object({ id: z.string().uuid().nullable(), name: z.string().nullable() })
export const IdParam = z.object({ id: z.string().uuid() })

// Resources and screenings -------------------------------------------------------------------------------

export const Certification = z.strictObject({ name: text(200), issuer: text(200).optional(), expiresOn: isoDate.nullable().optional() })
export const ResourceInput = z
  .strictObject({
    partnerId: z.string().uuid().optional().openapi({ description: "Staff only: the partner company (a partner admin's own otherwise)" }),
    name: text(200),
    email: z.string().trim().toLowerCase().email('Not an email address'),
    country,
    skills: z.array(z.string().trim()).max(20).default([]),
    certifications: z.array(Certification).max(30).default([]),
    availableFrom: isoDate.nullable().optional(),
    hoursPerWeek: z.number().int().min(0).max(80).nullable().optional(),
  })
  .openapi('ResourceInput')
export type ResourceInput = z.infer<typeof ResourceInput>

export const ScreeningStatus = z.enum(['invited', 'accepted', 'reschedule_requested', 'passed', 'failed', 'no_show', 'cancelled'])
export const ScreeningSchema = z
  .object({
    id: z.string().uuid(),
    resourceId: z.string().uuid(),
    resourceName: z.string(),
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    assessor: who,
    startsAt: z.string().datetime(),
    timeZone: z.string(),
    durationMinutes: z.number().int(),
    meetingUrl: z.string(),
    status: ScreeningStatus,
    rescheduleNote: z.string().nullable(),
    scores: z.record(z.string(), z.number()).nullable(),
    notes: z.string().nullable(),
    validUntil: z.string().nullable(),
    recordedAt: z.string().datetime().nullable(),
  })
  .openapi('Screening')
export type Screening = z.infer<typeof ScreeningSchema>

export const ResourceSchema = z
  .object({
    id: z.string().uuid(),
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    name: z.string(),
    email: z.string(),
    country: z.string(),
    skills: z.array(z.string()),
    certifications: z.array(Certification),
    availableFrom: z.string().nullable(),
    hoursPerWeek: z.number().int().nullable(),
    screening: z
      .object({
        state: z.enum(['not_screened', 'scheduled', 'valid', 'expired', 'failed', 'no_show']),
        validUntil: z.string().nullable(),
        message: z.string(),
      })
      .openapi({ description: 'Whether the resource may be assigned, and until when' }),
    screenings: z.array(ScreeningSchema),
  })
  .openapi('Resource')
export type Resource = z.infer<typeof ResourceSchema>

export const SkillSchema = z.object({ key: z.string(), name: z.string() }).openapi('Skill')

const zoneOk = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}
export const ScreeningInvite = z
  .strictObject({
    startsAt: z.string().datetime({ offset: true, message: 'A date and time with its offset, e.g. 2027-01-15T15:00:00+01:00' }),
    timeZone: z.string().trim().refine(zoneOk, 'Not an IANA time zone, e.g. Europe/Berlin'),
    durationMinutes: z.number().int().min(15).max(480).default(60),
    meetingUrl: z
      .string()
      .trim()
      .url('Not a web address')
      .refine((u) => u.startsWith('https://'), 'The meeting link must start with https://'),
  })
  .openapi('ScreeningInvite')
export const ScreeningResponse = z
  .discriminatedUnion('answer', [
    z.strictObject({ answer: z.literal('accept') }),
    z.strictObject({ answer: z.literal('another_slot'), note: text(1000) }),
  ])
  .openapi('ScreeningResponse')
export const ScreeningResult = z
  .discriminatedUnion('outcome', [
    z.strictObject({
      outcome: z.enum(['passed', 'failed']),
      scores: z.record(z.string(), z.number().int().min(0).max(5)).refine((s) => Object.keys(s).length > 0, 'Score at least one skill'),
      notes: z.string().trim().max(4000).optional(),
    }),
    z.strictObject({ outcome: z.literal('no_show'), notes: z.string().trim().max(4000).optional() }),
  ])
  .openapi('ScreeningResult')

// Projects ---------------------------------------------------------------------------------------------

export const ProjectInput = z
  .strictObject({
    partnerId: z.string().uuid(),
    name: text(200),
    clientName: text(200),
    clientDomain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'A domain such as contoso.com')
      .nullable()
      .optional(),
    country,
    startDate: isoDate,
    endDate: isoDate,
    ownerId: z.string().uuid().openapi({ description: "The integrator's owner of the project (an internal user)" }),
  })
  .refine((v) => v.endDate >= v.startDate, { path: ['endDate'], message: 'The end date is before the start date' })
  .openapi('ProjectInput')
export type ProjectInput = z.infer<typeof ProjectInput>

export const AssignmentSchema = z.object({ resourceId: z.string().uuid(), name: z.string(), role: z.string(), assignedAt: z.string() })
export const ProjectSchema = z
  .object({
    id: z.string().uuid(),
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    name: z.string(),
    clientName: z.string(),
    clientDomain: z.string().nullable(),
    country: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    owner: who,
    assignments: z.array(AssignmentSchema),
    openPoLines: z.number().int().openapi({ description: 'Open PO lines work can be recorded against (0: no work yet)' }),
  })
  .openapi('Project')
export type Project = z.infer<typeof ProjectSchema>
export const AssignInput = z.strictObject({ resourceId: z.string().uuid(), role: text(100) }).openapi('AssignInput')

// SOWs and quotes --------------------------------------------------------------------------------------

export const SowLine = z.strictObject({
  role: text(100),
  resourceId: z.string().uuid().nullable().optional(),
  description: z.string().trim().max(500).optional(),
  hours: Quantity,
  rate: Amount,
  amount: Amount,
})
export const SowContent = z
  .strictObject({
    title: z.string().trim().max(200).default(''),
    startDate: isoDate.nullable().optional(),
    endDate: isoDate.nullable().optional(),
    currency: z.string().trim().toUpperCase().max(3).default(''),
    sections: z.record(z.string(), z.string().max(20000)).default({}),
    lines: z.array(SowLine).max(200).default([]),
    total: Amount.nullable().optional(),
  })
  .openapi('SowContent')
export type SowContent = z.infer<typeof SowContent>
export const SowCreate = z
  .strictObject({ projectId: z.string().uuid(), kind: z.enum(['sow', 'quote']), content: SowContent })
  .openapi('SowCreate')
export const GapSchema = z.object({ path: z.string(), message: z.string() }).openapi('SowGap')
export const SowVersionSchema = z
  .object({
    version: z.number().int(),
    content: SowContent,
    total: Money,
    submittedBy: who,
    submittedAt: z.string(),
    decision: z.enum(['accepted', 'returned']).nullable(),
    comments: z.string().nullable(),
    reviewedBy: who.nullable(),
    reviewedAt: z.string().nullable(),
  })
  .openapi('SowVersion')
export type SowVersion = z.infer<typeof SowVersionSchema>
export const SowSchema = z
  .object({
    id: z.string().uuid(),
    projectId: z.string().uuid(),
    projectName: z.string(),
    clientName: z.string(),
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    kind: z.enum(['sow', 'quote']),
    status: z.enum(['draft', 'submitted', 'returned', 'accepted']),
    draft: SowContent,
    gaps: z.array(GapSchema).openapi({ description: 'Every gap of the draft against the guidelines, in words' }),
    versions: z.array(SowVersionSchema),
  })
  .openapi('Sow')
export type Sow = z.infer<typeof SowSchema>
export const SowReview = z
  .discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('accept'), comments: z.string().trim().max(4000).optional() }),
    z.strictObject({ decision: z.literal('return'), comments: text(4000) }),
  ])
  .openapi('SowReview')
export const SowDiffSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    changes: z.array(z.object({ path: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
  })
  .openapi('SowDiff')
export const GuidelinesSchema = z
  .object({
    requiredSections: z.array(z.object({ key: z.string(), label: z.string() })),
    requiredFields: z.array(z.object({ key: z.string(), label: z.string() })),
    requireRates: z.boolean(),
    requireNamedResources: z.boolean(),
    rateLimits: z.array(z.object({ role: z.string(), maxRate: z.string(), currency: z.string() })),
  })
  .openapi('SowGuidelines')
export type Guidelines = z.infer<typeof GuidelinesSchema>

// Purchase orders, work entries, invoices ---------------------------------------------------------------

export const PoLineInput = z
  .strictObject({
    lineNumber: z.number().int().min(1).max(9999),
    description: text(500),
    supplierPart: z.string().trim().min(1).max(100).optional(),
    quantity: Quantity.optional(),
    unit: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{1,6}$/, 'A unit of measure code such as HUR or EA')
      .optional(),
    unitPrice: Amount.optional(),
    amount: Amount.optional().openapi({ description: 'Service lines: the amount alone; quantity lines: computed' }),
  })
  .superRefine((l, c) => {
    const q = [l.quantity, l.unit, l.unitPrice].filter((x) => x !== undefined).length
    if (q !== 0 && q !== 3)
      c.addIssue({ code: 'custom', path: ['quantity'], message: 'A quantity line needs quantity, unit and unit price' })
    if (q === 0 && l.amount === undefined) c.addIssue({ code: 'custom', path: ['amount'], message: 'A service line needs its amount' })
  })
export const PoCreate = z
  .strictObject({
    projectId: z.string().uuid(),
    sowId: z.string().uuid(),
    number: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, 'Letters, digits and . _ / - (at most 40)'),
    currency,
    issueDate: isoDate,
    startDate: isoDate,
    endDate: isoDate,
    lines: z.array(PoLineInput).min(1, 'At least one line').max(500),
  })
  .superRefine((v, c) => {
    if (v.endDate < v.startDate) c.addIssue({ code: 'custom', path: ['endDate'], message: 'The end date is before the start date' })
    const seen = new Set<number>()
    v.lines.forEach((l, i) => {
      if (seen.has(l.lineNumber))
        c.addIssue({ code: 'custom', path: ['lines', i, 'lineNumber'], message: `Line ${l.lineNumber} appears twice` })
      seen.add(l.lineNumber)
    })
  })
  .openapi('PurchaseOrderCreate')
export type PoCreate = z.infer<typeof PoCreate>
export const BalanceSchema = z
  .object({ ordered: Money, invoiced: Money, approved: Money, paid: Money, remaining: Money })
  .openapi('PoBalance', { description: 'Derived from the lines and invoices when read; never stored' })
export type Balance = z.infer<typeof BalanceSchema>
export const PoLineSchema = z.object({
  id: z.string().uuid(),
  lineNumber: z.number().int(),
  description: z.string(),
  supplierPart: z.string().nullable(),
  quantity: z.string().nullable(),
  unit: z.string().nullable(),
  unitPrice: z.string().nullable(),
  amount: z.string(),
  balance: BalanceSchema,
})
export const PoSchema = z
  .object({
    id: z.string().uuid(),
    number: z.string(),
    projectId: z.string().uuid(),
    projectName: z.string(),
    clientName: z.string(),
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    sowId: z.string().uuid(),
    flowDownId: z.string().uuid(),
    currency: z.string(),
    issueDate: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    status: z.enum(['open', 'closed', 'cancelled']),
    lines: z.array(PoLineSchema),
    balance: BalanceSchema,
  })
  .openapi('PurchaseOrder')
export type Po = z.infer<typeof PoSchema>
export const PoStatusInput = z.strictObject({ status: z.enum(['closed', 'cancelled']) }).openapi('PurchaseOrderStatus')
export const PoListQuery = z.object({
  status: z.enum(['open', 'closed', 'cancelled']).optional(),
  projectId: z.string().uuid().optional(),
})

const workFields = {
  poLineId: z.string().uuid().optional().openapi({ description: 'The open PO line the work is against' }),
  resourceId: z.string().uuid().optional(),
  kind: z.enum(['time', 'milestone']),
  workDate: isoDate,
  hours: z.number().positive().max(24).optional(),
  description: text(1000),
}
const workRule = (v: { kind: 'time' | 'milestone'; hours?: number }, c: z.RefinementCtx) => {
  if (v.kind === 'time' && v.hours === undefined) c.addIssue({ code: 'custom', path: ['hours'], message: 'Time needs its hours' })
  if (v.kind === 'milestone' && v.hours !== undefined) c.addIssue({ code: 'custom', path: ['hours'], message: 'A milestone has no hours' })
}
/** Work on a project (the project is in the path). */
export const WorkBody = z.strictObject(workFields).superRefine(workRule).openapi('WorkEntryInput')
export const WorkSchema = z
  .object({
    id: z.string().uuid(),
    projectId: z.string().uuid(),
    poLineId: z.string().uuid(),
    poNumber: z.string(),
    lineNumber: z.number().int(),
    resourceId: z.string().uuid().nullable(),
    kind: z.enum(['time', 'milestone']),
    workDate: z.string(),
    hours: z.string().nullable(),
    description: z.string(),
    createdAt: z.string(),
  })
  .openapi('WorkEntry')

export const InvoiceCreate = z
  .strictObject({
    poId: z.string().uuid(),
    number: text(40),
    invoiceDate: isoDate,
    currency,
    tax: Amount.default('0.00'),
    lines: z
      .array(z.strictObject({ poLineId: z.string().uuid(), quantity: Quantity.optional(), amount: Amount }))
      .min(1, 'At least one line')
      .max(500),
  })
  .openapi('InvoiceCreate')
export type InvoiceCreate = z.infer<typeof InvoiceCreate>
export const InvoiceStatus = z.enum(['submitted', 'approved', 'disputed'])
export const InvoiceSchema = z
  .object({
    id: z.string().uuid(),
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    poId: z.string().uuid(),
    poNumber: z.string(),
    number: z.string(),
    invoiceDate: z.string(),
    currency: z.string(),
    subtotal: Money,
    tax: Money,
    total: Money,
    status: InvoiceStatus,
    overTolerance: z.boolean(),
    disputeReason: z.string().nullable(),
    coupaStatus: z.enum(['approved', 'disputed', 'paid']).nullable(),
    lines: z.array(
      z.object({
        invoiceLineNumber: z.number().int(),
        poLineId: z.string().uuid(),
        lineNumber: z.number().int(),
        description: z.string(),
        quantity: z.string().nullable(),
        amount: z.string(),
      }),
    ),
    exports: z.array(z.object({ id: z.string().uuid(), payloadId: z.string(), sha256: z.string(), exportedAt: z.string() })),
    submittedAt: z.string(),
  })
  .openapi('Invoice')
export type Invoice = z.infer<typeof InvoiceSchema>
export const InvoiceDecision = z
  .discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('approve') }),
    z.strictObject({ decision: z.literal('dispute'), reason: text(2000) }),
  ])
  .openapi('InvoiceDecision')
export const CoupaStatusInput = z.strictObject({ status: z.enum(['approved', 'disputed', 'paid']) }).openapi('CoupaStatusInput')
export const InvoiceListQuery = z.object({ status: InvoiceStatus.optional(), poId: z.string().uuid().optional() })
