import type { PartnerEvaluation } from './evaluation.contract.ts'
import { evaluate, type Guidelines } from './evaluation.ts'
import type { YearFigures } from './metrics.aggregate.ts'
import type { CriterionKey, Rule } from './program.contract.ts'

/** A partner's evaluation from its year's figures and waivers: the one shape single evaluations and reviews share. */
export function evaluatePartner(g: Guidelines, rule: Rule, fig: YearFigures): PartnerEvaluation {
  const result = evaluate(g, fig.inputs, rule, new Set<CriterionKey>(fig.waivers.map((w) => w.key)))
  return {
    ...result,
    partnerId: fig.partnerId,
    inputs: fig.inputs,
    quarters: fig.quarters,
    unconfirmedQuarters: fig.unconfirmedQuarters,
    pipelineFromDeals: fig.pipelineFromDeals,
    waivers: fig.waivers,
  }
}
