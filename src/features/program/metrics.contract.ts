import { z } from '@hono/zod-openapi'
import { UsdMoney } from '../../core/money.ts'
import { CriterionKey, RuleName } from './program.contract.ts'

const count = z.number().int('A whole number').nonnegative('Must not be negative')
const ftes = z
  .number()
  .nonnegative('Must not be negative')
  .refine((n) => /^\d+(\.\d{1,2})?$/.test(String(n)), 'At most two decimals')
const label = z.string().trim().min(1).max(100)

/** One quarter's figures as a partner reports them (USD). */
export const MetricsInput = z
  .strictObject({
    revenue: UsdMoney.openapi({ description: 'Sales through the integrator in the quarter' }),
    activeCustomers: count.openapi({ description: 'At quarter end' }),
    pipeline: UsdMoney.openapi({ description: 'At quarter end' }),
    jointInvestments: UsdMoney,
    rebates: UsdMoney,
    marketingFunding: UsdMoney,
    fundedResourcesAmount: UsdMoney,
    fundedResourcesFtes: ftes.openapi({ description: 'At quarter end' }),
    executiveSponsor: z.boolean(),
    gtmCategories: z.array(label).max(50).openapi({ description: 'Aligned go-to-market / solution categories' }),
  })
  .openapi('QuarterMetricsInput')
export type MetricsInput = z.infer<typeof MetricsInput>

export const metricsStatuses = ['submitted', 'confirmed'] as const
export const QuarterMetricsSchema = MetricsInput.extend({
  partnerId: z.string().uuid(),
  year: z.number().int(),
  quarter: z.number().int(),
  status: z.enum(metricsStatuses).openapi({ description: 'submitted by the partner, or confirmed by internal staff' }),
  submittedBy: z.string().uuid().nullable(),
  confirmedBy: z.string().uuid().nullable(),
  confirmedAt: z.string().datetime().nullable(),
  version: z.number().int(),
  updatedAt: z.string().datetime(),
}).openapi('QuarterMetrics')
export type QuarterMetrics = z.infer<typeof QuarterMetricsSchema>

const pathInt = (name: string, min: number, max: number) =>
  z.coerce
    .number()
    .int()
    .min(min)
    .max(max)
    .openapi({ param: { name, in: 'path' } })
export const PartnerId = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
})
export const QuarterPath = PartnerId.extend({ year: pathInt('year', 2000, 2100), quarter: pathInt('quarter', 1, 4) })
export const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() })
export const EvaluationQuery = YearQuery.extend({ rule: RuleName.optional() })

export const WaiverInput = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    key: CriterionKey,
    reason: z.string().trim().min(1, 'Required: say why the criterion is waived').max(2000),
  })
  .openapi('WaiverInput', { example: { year: 2026, key: 'activeCustomers', reason: 'Consolidated customer accounts after a merger' } })
export type WaiverInput = z.infer<typeof WaiverInput>
export const WaiverQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100), key: CriterionKey })

export const WaiverSchema = z
  .object({
    id: z.string().uuid(),
    partnerId: z.string().uuid(),
    year: z.number().int(),
    key: CriterionKey,
    reason: z.string(),
    waivedBy: z.string().uuid().nullable(),
    waivedAt: z.string().datetime(),
  })
  .openapi('Waiver')
export type Waiver = z.infer<typeof WaiverSchema>
