import { z } from '@hono/zod-openapi'
import { Money } from '../../core/money.ts'
import { InsuranceType } from './safety.contract.ts'

const text = (max: number) => z.string().trim().min(1, 'Required').max(max)
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
const who = z.object({ id: z.string().uuid().nullable(), name: z.string().nullable() })

// Plausible ranges of the yearly statistics; a value outside is a typing error, named by its field.
export const statisticRanges = { trir: [0, 100], dart: [0, 100], emr: [0, 10], hoursWorked: [1, 1_000_000_000] } as const
const stat = (key: keyof typeof statisticRanges, label: string) =>
  z
    .number()
    .min(statisticRanges[key][0], `${label} must be between ${statisticRanges[key][0]} and ${statisticRanges[key][1]}`)
    .max(statisticRanges[key][1], `${label} must be between ${statisticRanges[key][0]} and ${statisticRanges[key][1]}`)

export const EvidenceInput = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('insurance'),
      insuranceType: InsuranceType,
      insurer: text(200),
      policyNumber: text(100),
      limit: Money,
      effectiveDate: isoDate,
      expiryDate: isoDate,
    }),
    z.strictObject({
      kind: z.literal('statistics'),
      year: z.number().int().min(1990).max(2100),
      trir: stat('trir', 'TRIR'),
      dart: stat('dart', 'DART'),
      emr: stat('emr', 'EMR'),
      hoursWorked: stat('hoursWorked', 'Hours worked').int(),
    }),
    z.strictObject({
      kind: z.enum(['program', 'licence']),
      title: text(200),
      effectiveDate: isoDate.nullable().optional(),
      expiryDate: isoDate.nullable().optional(),
    }),
  ])
  .superRefine((v, c) => {
    if ('effectiveDate' in v && v.effectiveDate && v.expiryDate && v.expiryDate < v.effectiveDate)
      c.addIssue({ code: 'custom', path: ['expiryDate'], message: 'The expiry date is before the effective date' })
  })
  .openapi('SafetyEvidenceInput')
export type EvidenceInput = z.infer<typeof EvidenceInput>

export const EvidenceUpload = z
  .object({
    file: z.custom<File>((v) => v instanceof File, 'Attach a PDF or image file').openapi({ type: 'string', format: 'binary' }),
    details: z.string().openapi({ description: 'SafetyEvidenceInput as JSON' }),
  })
  .openapi('SafetyEvidenceUpload')

export const EvidenceSchema = z
  .object({
    id: z.string().uuid(),
    partnerId: z.string().uuid(),
    kind: z.enum(['insurance', 'statistics', 'program', 'licence']),
    status: z.enum(['submitted', 'accepted', 'rejected']),
    expired: z.boolean().openapi({ description: 'Computed from the expiry date and today (UTC)' }),
    title: z.string().nullable(),
    insuranceType: InsuranceType.nullable(),
    insurer: z.string().nullable(),
    policyNumber: z.string().nullable(),
    limit: Money.nullable(),
    effectiveDate: z.string().nullable(),
    expiryDate: z.string().nullable(),
    year: z.number().int().nullable(),
    trir: z.string().nullable(),
    dart: z.string().nullable(),
    emr: z.string().nullable(),
    hoursWorked: z.number().int().nullable(),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    uploadedBy: who.nullable(),
    uploadedAt: z.string().datetime(),
    decidedBy: who.nullable(),
    decidedAt: z.string().datetime().nullable(),
    decisionReason: z.string().nullable(),
  })
  .openapi('SafetyEvidence')
export type Evidence = z.infer<typeof EvidenceSchema>

export const EvidenceDecisionInput = z
  .strictObject({ decision: z.enum(['accept', 'reject']), reason: z.string().trim().max(1000).optional() })
  .refine((v) => v.decision === 'accept' || !!v.reason, { path: ['reason'], message: 'Say why the evidence is rejected' })
  .openapi('SafetyEvidenceDecisionInput')

export const GapSchema = z
  .object({
    id: z.string().uuid(),
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    source: z.enum(['computed', 'red_flag']),
    kind: z.string(),
    message: z.string(),
    remedy: z.string().nullable(),
    severity: z.enum(['low', 'medium', 'high']).nullable(),
    owner: who.nullable(),
    dueDate: z.string().nullable(),
    openedBy: who.nullable(),
    openedAt: z.string().datetime(),
    closedAt: z.string().datetime().nullable(),
    closedBy: who.nullable(),
    closeNote: z.string().nullable(),
    comments: z.array(z.object({ author: who.nullable(), body: z.string(), createdAt: z.string().datetime() })),
  })
  .openapi('SafetyGap')
export type Gap = z.infer<typeof GapSchema>
export const GapListQuery = z.object({
  partnerId: z.string().uuid().optional(),
  open: z.enum(['true', 'false']).optional(),
  source: z.enum(['computed', 'red_flag']).optional(),
  kind: z.string().max(60).optional(),
  ownerId: z.string().uuid().optional(),
  minAgeDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .optional()
    .openapi({ description: 'Only gaps opened at least this many days ago (UTC dates)' }),
})
export const RedFlagInput = z
  .strictObject({
    kind: z.enum(['incident', 'client_complaint', 'other']),
    message: text(2000),
    severity: z.enum(['low', 'medium', 'high']),
    ownerId: z.string().uuid().nullable().optional(),
    dueDate: isoDate.nullable().optional(),
  })
  .openapi('SafetyRedFlagInput')
export const GapPatchInput = z
  .strictObject({ ownerId: z.string().uuid().nullable().optional(), dueDate: isoDate.nullable().optional() })
  .openapi('SafetyGapPatchInput')
export const GapCommentInput = z.strictObject({ body: text(4000) }).openapi('SafetyGapCommentInput')
export const GapCloseInput = z.strictObject({ note: text(2000) }).openapi('SafetyGapCloseInput')
