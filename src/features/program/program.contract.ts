import { z } from '@hono/zod-openapi'
import { UsdMoney } from '../../core/money.ts'
import { Tier, tiers } from '../partners/partners.contract.ts'

export { Tier, tiers }
export type TierName = (typeof tiers)[number]

export const criterionKeys = [
  'revenue',
  'activeCustomers',
  'averagePipeline',
  'jointInvestmentPct',
  'jointInvestments',
  'rebates',
  'marketingFunding',
  'fundedResourcesAmount',
  'fundedResourcesFtes',
  'executiveSponsor',
  'gtmCategories',
] as const
export type CriterionKey = (typeof criterionKeys)[number]
export const categories = ['salesRelevance', 'marketPosition', 'channelProgram'] as const
export type Category = (typeof categories)[number]
export const units = ['usd', 'count', 'percent', 'fte', 'boolean'] as const
export type Unit = (typeof units)[number]
export const yearStatuses = ['draft', 'active', 'locked'] as const
export const rules = ['strict', 'holistic'] as const
export type Rule = (typeof rules)[number]

export const CriterionKey = z.enum(criterionKeys).openapi('CriterionKey')
export const CategoryName = z.enum(categories).openapi('CriterionCategory')
export const RuleName = z.enum(rules).openapi('EvaluationRule')
export const ProgramYearStatus = z.enum(yearStatuses).openapi('ProgramYearStatus', { description: 'locked = read-only' })
const Decimal = z.string().openapi({ example: '300000000.00' })

/** A tier's threshold: a minimum as a decimal string (USD for usd criteria), or a word. */
export const Threshold = z
  .union([z.enum(['required', 'optional', 'n/a']), Decimal])
  .openapi('Threshold', { description: 'A minimum (decimal string) or required / optional / n/a' })
export type Threshold = z.infer<typeof Threshold>

const TierThreshold = z.object({
  threshold: Threshold,
  typical: Decimal.nullable().openapi({ description: 'Upper, typical bound (display only; average pipeline)' }),
  text: z.string().openapi({ description: "The program page's wording" }),
})
export const CriterionSchema = z
  .object({
    key: CriterionKey,
    category: CategoryName,
    label: z.string(),
    unit: z.enum(units),
    byTier: z.object({ strategic: TierThreshold, advantage: TierThreshold, select: TierThreshold, approved: TierThreshold }),
  })
  .openapi('Criterion')
export type Criterion = z.infer<typeof CriterionSchema>

export const RuleSettings = z
  .object({
    mustPass: z.array(CriterionKey).openapi({ description: 'Criteria every tier must meet under the holistic rule' }),
    categoryRatio: z.number().openapi({ example: 0.75, description: "Share of a category's applicable criteria a tier needs" }),
  })
  .openapi('RuleSettings')
export type RuleSettings = z.infer<typeof RuleSettings>

export const benefitLevels = ['yes', 'limited', 'by_invitation', 'gps_team', 'customer_level', 'named_role', 'n_a', 'no'] as const
export type BenefitLevel = (typeof benefitLevels)[number]
export const benefitGroups = ['partnerManagement', 'sales', 'marketing', 'operations'] as const
const LevelCell = z.object({
  level: z.enum(benefitLevels),
  role: z.string().nullable().openapi({ description: 'For named_role: e.g. VP/SVP' }),
  text: z.string().openapi({ description: "The program page's wording" }),
  meaning: z.string().openapi({ description: 'What the level concretely gives' }),
})
export const BenefitSchema = z
  .object({
    key: z.string(),
    group: z.enum(benefitGroups),
    label: z.string(),
    byTier: z.object({ strategic: LevelCell, advantage: LevelCell, select: LevelCell, approved: LevelCell }),
  })
  .openapi('Benefit')
export type Benefit = z.infer<typeof BenefitSchema>

export const ProgramYearSummary = z
  .object({ year: z.number().int(), status: ProgramYearStatus, rule: RuleSettings, version: z.number().int() })
  .openapi('ProgramYearSummary')
export type ProgramYearSummary = z.infer<typeof ProgramYearSummary>
export const ProgramYearSchema = ProgramYearSummary.extend({
  criteria: z.array(CriterionSchema),
  benefits: z.array(BenefitSchema),
}).openapi('ProgramYear')
export type ProgramYear = z.infer<typeof ProgramYearSchema>

/** Editing a criterion: every tier's threshold must be given (a table with a missing tier is refused). */
const ThresholdInput = z.union([
  z.enum(['required', 'optional', 'n/a']),
  z.number().nonnegative('Must not be negative'),
  z
    .string()
    .trim()
    .regex(/^\d{1,16}(\.\d{1,2})?$/, 'A non-negative decimal, or required / optional / n/a'),
])
const byTierOf = <T extends z.ZodType>(s: T) => z.strictObject({ strategic: s, advantage: s, select: s, approved: s })
export const CriterionPatchInput = z
  .strictObject({
    category: CategoryName.optional(),
    label: z.string().trim().min(1).max(200).optional(),
    thresholds: byTierOf(ThresholdInput).optional(),
    typical: byTierOf(ThresholdInput.nullable()).optional(),
  })
  .openapi('CriterionPatchInput', {
    example: { thresholds: { strategic: '300000000', advantage: '75000000', select: '30000000', approved: '3000000' } },
  })
export type CriterionPatch = z.infer<typeof CriterionPatchInput>

/** Editing a benefit: its label and/or its whole level table (all four tiers). */
const LevelInput = z.strictObject({
  level: z.enum(benefitLevels),
  role: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .nullable()
    .optional()
    .openapi({ description: 'Required for named_role (e.g. VP/SVP), else absent' }),
  text: z.string().trim().min(1).max(200).optional().openapi({ description: 'The wording shown in the matrix; defaults from the level' }),
  meaning: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .nullable()
    .optional()
    .openapi({ description: 'What the level concretely gives; required for limited' }),
})
export const BenefitPatchInput = z
  .strictObject({ label: z.string().trim().min(1).max(200).optional(), levels: byTierOf(LevelInput).optional() })
  .openapi('BenefitPatchInput', {
    example: {
      levels: {
        strategic: { level: 'yes' },
        advantage: { level: 'yes' },
        select: { level: 'limited', meaning: 'Quarterly rather than live' },
        approved: { level: 'no' },
      },
    },
  })
export type BenefitPatch = z.infer<typeof BenefitPatchInput>

export const ProgramYearPatchInput = z
  .strictObject({
    status: ProgramYearStatus.optional(),
    mustPass: z.array(CriterionKey).max(11).optional(),
    categoryRatio: z.number().min(0.01).max(1).multipleOf(0.01).optional(),
  })
  .openapi('ProgramYearPatchInput')
export type ProgramYearPatch = z.infer<typeof ProgramYearPatchInput>

/** What-if inputs: a year's figures as the evaluation reads them (USD only). */
const count = z.number().int('A whole number').nonnegative('Must not be negative')
export const WhatIfMetrics = z
  .strictObject({
    revenue: UsdMoney,
    activeCustomers: count,
    averagePipeline: UsdMoney,
    jointInvestments: UsdMoney,
    rebates: UsdMoney,
    marketingFunding: UsdMoney,
    fundedResourcesAmount: UsdMoney,
    fundedResourcesFtes: z
      .number()
      .nonnegative('Must not be negative')
      .refine((n) => /^\d+(\.\d{1,2})?$/.test(String(n)), 'At most two decimals'),
    executiveSponsor: z.boolean(),
    gtmCategories: count,
  })
  .openapi('YearMetrics')
export type WhatIfMetrics = z.infer<typeof WhatIfMetrics>

export const EvaluateInput = z
  .strictObject({
    year: z.number().int().min(2000).max(2100).optional(),
    rule: RuleName.optional(),
    metrics: WhatIfMetrics,
    waived: z
      .array(CriterionKey)
      .max(11)
      .optional()
      .openapi({ description: 'Criteria to count as met under the holistic rule (as a partner’s waivers do)' }),
  })
  .openapi('EvaluateInput')
export type EvaluateInput = z.infer<typeof EvaluateInput>
