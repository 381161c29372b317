import { z } from '@hono/zod-openapi'
import { Money } from '../../core/money.ts'
import { CategoryName, CriterionKey, RuleName, Threshold, Tier, WhatIfMetrics } from './program.contract.ts'

const Value = z.union([Money, z.number(), z.string(), z.boolean(), z.null()]).openapi('CriterionValue', {
  description: 'Money for usd criteria, a number for counts and FTEs, a decimal string for %, a boolean for yes/no',
})

const TierOutcome = z.object({
  threshold: Threshold,
  met: z.boolean(),
  waived: z.boolean().optional().openapi({ description: 'Present and true when a waiver made the criterion count as met' }),
})
const byTier = <T extends z.ZodType>(s: T) => z.object({ strategic: s, advantage: s, select: s, approved: s })

export const CategoryOutcome = z.object({
  applicable: z.number().int().openapi({ description: 'Criteria with a minimum or "required" at the tier' }),
  met: z.number().int(),
  needed: z.number().int(),
  passed: z.boolean(),
})

export const CriterionOutcome = z.object({
  key: CriterionKey,
  category: CategoryName,
  label: z.string(),
  unit: z.string(),
  value: Value,
  byTier: byTier(TierOutcome),
})
export type CriterionOutcome = z.infer<typeof CriterionOutcome>

export const Gap = z
  .object({
    key: CriterionKey,
    category: CategoryName,
    needed: Value.openapi({ description: 'How much more (same unit as the value; percentage points for %)' }),
    message: z.string().openapi({ example: '$12.5M more revenue' }),
  })
  .openapi('Gap')
export type Gap = z.infer<typeof Gap>

export const EvaluationSchema = z
  .object({
    year: z.number().int(),
    rule: RuleName,
    tier: Tier.nullable(),
    criteria: z.array(CriterionOutcome),
    categories: z.object({
      salesRelevance: byTier(CategoryOutcome),
      marketPosition: byTier(CategoryOutcome),
      channelProgram: byTier(CategoryOutcome),
    }),
    tiers: byTier(z.object({ met: z.boolean() })).openapi({ description: 'Each tier checked independently' }),
    nextTier: Tier.nullable(),
    gaps: z.array(Gap),
    summary: z
      .string()
      .openapi({ example: 'Meets Select (holistic rule). For Advantage: needs $45M more revenue and 1 more solution category.' }),
  })
  .openapi('Evaluation')
export type Evaluation = z.infer<typeof EvaluationSchema>

export const PartnerEvaluationSchema = EvaluationSchema.extend({
  partnerId: z.string().uuid(),
  inputs: WhatIfMetrics.openapi({ description: "The year's figures aggregated from the quarters (start of a what-if)" }),
  quarters: z.array(z.number().int()).openapi({ description: 'Quarters with metrics' }),
  unconfirmedQuarters: z.array(z.number().int()).openapi({ description: 'Quarters submitted by the partner, not yet confirmed' }),
  pipelineFromDeals: z
    .array(z.number().int())
    .openapi({ description: "Quarters whose pipeline is the quarter-end snapshot of the partner's registered deals" }),
  waivers: z.array(z.object({ key: CriterionKey, reason: z.string() })),
}).openapi('PartnerEvaluation')
export type PartnerEvaluation = z.infer<typeof PartnerEvaluationSchema>
