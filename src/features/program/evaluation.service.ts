import { assertCan } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { getPartner } from '../partners/partners.service.ts'
import type { Evaluation, PartnerEvaluation } from './evaluation.contract.ts'
import { evaluate } from './evaluation.ts'
import { currentYear, loadGuidelines } from './guidelines.queries.ts'
import { evaluatePartner } from './evaluation.batch.ts'
import { yearFigures } from './metrics.aggregate.ts'
import type { EvaluateInput, Rule } from './program.contract.ts'
import { oneRow } from '../../core/db-rows.ts'

/** The rule used when a caller names none: the program evaluates holistically. */
export const DEFAULT_RULE: Rule = 'holistic'

/** What-if: the caller's figures against a year's guidelines (the year in force by default). */
export async function whatIf(ctx: Ctx, input: EvaluateInput): Promise<Evaluation> {
  assertCan(ctx.actor, 'program:read')
  return inTx(ctx, async (sql) => {
    const g = await loadGuidelines(sql, input.year ?? (await currentYear(sql)))
    return evaluate(g, input.metrics, input.rule ?? DEFAULT_RULE, new Set(input.waived ?? []))
  })
}

/** A partner's evaluation from its quarterly metrics and waivers for a year. */
export async function partnerEvaluation(ctx: Ctx, partnerId: string, q: { year?: number; rule?: Rule }): Promise<PartnerEvaluation> {
  await getPartner(ctx, partnerId) // 404 for unknown and other companies' partners alike
  assertCan(ctx.actor, 'metrics:read')
  return inTx(ctx, async (sql) => {
    const year = q.year ?? (await currentYear(sql))
    const figures = oneRow(await yearFigures(sql, year, { ids: [partnerId] }), 'Partner', 'PARTNER_NOT_FOUND')

    return evaluatePartner(await loadGuidelines(sql, year), q.rule ?? DEFAULT_RULE, figures)
  })
}
