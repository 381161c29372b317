import { z } from '@hono/zod-openapi'
import { Tier, tiers } from '../partners/partners.contract.ts'
import { RuleName } from '../program/program.contract.ts'
import { IsoDate } from '../../core/dates.ts'

export const movements = ['promote', 'keep', 'demote', 'new'] as const
export type Movement = (typeof movements)[number]
export const Movement = z.enum(movements).openapi('TierMovement', { description: 'new = a partner without a tier that is recommended one' })
export const cycleKinds = ['annual', 'ad_hoc'] as const
export type TierOrNull = (typeof tiers)[number] | null

/** Movement from the current to the recommended tier (tiers ranked Strategic > … > Approved > none). */
export function movementOf(current: TierOrNull, recommended: TierOrNull): Movement {
  if (current === null) return recommended === null ? 'keep' : 'new'
  const rank = (t: TierOrNull) => (t === null ? tiers.length : tiers.indexOf(t))
  const [c, r] = [rank(current), rank(recommended)]
  return r < c ? 'promote' : r > c ? 'demote' : 'keep'
}

const uuid = z.string().uuid()
const year = z.number().int().min(2000).max(2100)
export const StartReviewInput = z
  .strictObject({
    year,
    kind: z.enum(cycleKinds),
    rule: RuleName.optional().openapi({ description: 'holistic unless named' }),
    partnerIds: z
      .array(uuid)
      .min(1, 'Choose at least one partner')
      .max(5000)
      .optional()
      .openapi({ description: 'Ad hoc cycles only: the partners to review' }),
  })
  .superRefine((v, c) => {
    if (v.kind === 'ad_hoc' && !v.partnerIds)
      c.addIssue({ code: 'custom', path: ['partnerIds'], message: 'Choose at least one partner for an ad hoc review' })
    if (v.kind === 'annual' && v.partnerIds)
      c.addIssue({ code: 'custom', path: ['partnerIds'], message: 'An annual review covers every partner; name partners only for ad hoc' })
  })
  .openapi('StartReviewInput', { example: { year: 2026, kind: 'annual' } })
export type StartReviewInput = z.infer<typeof StartReviewInput>

const counts = z.object({
  promote: z.number().int(),
  keep: z.number().int(),
  demote: z.number().int(),
  new: z.number().int(),
  total: z.number().int(),
})
export const ReviewCycleSchema = z
  .object({
    id: uuid,
    year: z.number().int(),
    kind: z.enum(cycleKinds),
    rule: RuleName,
    status: z.enum(['open', 'finished']),
    partnerIds: z
      .array(uuid)
      .nullable()
      .openapi({ description: 'Ad hoc scope; null for annual (active, onboarding and suspended partners)' }),
    createdBy: uuid.nullable(),
    createdAt: z.string().datetime(),
    evaluatedAt: z.string().datetime().nullable(),
    finishedBy: uuid.nullable(),
    finishedAt: z.string().datetime().nullable(),
    counts: counts.openapi({ description: 'Recommendations by movement' }),
    decisions: z.object({ pending: z.number().int(), approved: z.number().int(), applied: z.number().int() }),
    guidelinesChanged: z
      .boolean()
      .openapi({ description: "An open cycle whose year's guidelines changed after its last evaluation: re-evaluate it" }),
  })
  .openapi('ReviewCycle')
export type ReviewCycle = z.infer<typeof ReviewCycleSchema>
export const StartReviewResult = ReviewCycleSchema.extend({
  evaluated: z.number().int().openapi({ description: 'Partners evaluated in this run' }),
  changed: z.number().int().openapi({ description: 'Recommendations written or changed by this run (0 on an unchanged re-run)' }),
}).openapi('ReviewRun')
export type StartReviewResult = z.infer<typeof StartReviewResult>

export const ApprovalSchema = z.object({ by: uuid, at: z.string().datetime() }).nullable()
export const DecisionSchema = z
  .object({
    id: uuid,
    cycleId: uuid,
    partnerId: uuid,
    recommendedTier: Tier.nullable(),
    chosenTier: Tier.nullable(),
    justification: z.string().nullable(),
    effectiveDate: z.string(),
    status: z.enum(['pending', 'approved', 'applied']).openapi({ description: 'approved = both approvals, effective date ahead' }),
    decidedBy: uuid.nullable(),
    decidedAt: z.string().datetime(),
    salesApproval: ApprovalSchema,
    alliancesApproval: ApprovalSchema,
    appliedAt: z.string().datetime().nullable(),
  })
  .openapi('TierDecision')
export type Decision = z.infer<typeof DecisionSchema>

export const RecommendationSchema = z
  .object({
    partnerId: uuid,
    legalName: z.string(),
    currentTier: Tier.nullable(),
    recommendedTier: Tier.nullable(),
    rule: RuleName,
    movement: Movement,
    summary: z
      .string()
      .openapi({ description: "The evaluation's plain-words summary, gaps to the next tier included (worded from the evidence on read)" }),
    gaps: z.array(z.string()).openapi({ description: 'Gap messages for the next tier up' }),
    evaluatedAt: z.string().datetime(),
    decision: DecisionSchema.nullable(),
  })
  .openapi('Recommendation')
export type Recommendation = z.infer<typeof RecommendationSchema>
export const RecommendationDetail = RecommendationSchema.extend({
  evidence: z.record(z.string(), z.unknown()).openapi({ description: 'The partner evaluation the recommendation rests on' }),
}).openapi('RecommendationDetail')

export const RecommendationQuery = z.object({
  movement: Movement.optional(),
  tier: Tier.optional().openapi({ description: 'Recommended tier' }),
  q: z.string().trim().max(200).optional().openapi({ description: 'Part of the legal name' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
})
export type RecommendationQuery = z.infer<typeof RecommendationQuery>

export const AcceptInput = z
  .strictObject({
    partnerIds: z.array(uuid).min(1).max(100_000).optional(),
    movement: Movement.optional(),
    effectiveDate: IsoDate,
  })
  .refine((v) => (v.partnerIds === undefined) !== (v.movement === undefined), {
    path: ['partnerIds'],
    message: 'Give either partnerIds or movement',
  })
  .openapi('AcceptRecommendationsInput', { example: { movement: 'keep', effectiveDate: '2026-07-01' } })
export type AcceptInput = z.infer<typeof AcceptInput>

export const DecisionInput = z
  .strictObject({
    partnerId: uuid,
    tier: Tier.nullable(),
    justification: z.string().trim().min(1).max(4000).optional(),
    effectiveDate: IsoDate,
  })
  .openapi('TierDecisionInput', {
    example: {
      partnerId: '00000000-0000-4000-8000-000000000000',
      tier: 'select',
      justification: 'Strategic account',
      effectiveDate: '2026-07-01',
    },
  })
export type DecisionInput = z.infer<typeof DecisionInput>

export const TierChangeSchema = z
  .object({
    id: uuid,
    partnerId: uuid,
    fromTier: Tier.nullable(),
    toTier: Tier.nullable(),
    effectiveDate: z.string(),
    decisionId: uuid,
    decidedBy: uuid.nullable(),
    salesApprovedBy: uuid.nullable(),
    alliancesApprovedBy: uuid.nullable(),
    justification: z.string().nullable(),
    recordedAt: z.string().datetime(),
  })
  .openapi('TierChange')
export type TierChange = z.infer<typeof TierChangeSchema>
