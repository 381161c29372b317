import type { Sql } from '../../core/db.ts'
import type { PartnerEvaluation } from './evaluation.contract.ts'
import { evaluate } from './evaluation.ts'
import { findYear, loadGuidelines } from './guidelines.queries.ts'
import { aggregateYear } from './metrics.aggregate.ts'
import { quartersOfMany } from './metrics.service.ts'
import type { CriterionKey, ProgramYearSummary, Rule, WhatIfMetrics } from './program.contract.ts'
import { waiversOfMany } from './waivers.service.ts'

export type BatchEvaluator = {
  status: ProgramYearSummary['status']
  /** Evaluates a batch of partners (two queries), exactly as `partnerEvaluation` evaluates one. */
  evaluate(partnerIds: string[]): Promise<Map<string, PartnerEvaluation>>
}

/**
 * Loads a year's guidelines once and evaluates partners in batches inside the caller's transaction:
 * the set-based path reviews use, so a review of every partner is a few queries per thousand partners.
 */
export async function batchEvaluator(sql: Sql, year: number, rule: Rule): Promise<BatchEvaluator> {
  const { status } = await findYear(sql, year)
  const g = await loadGuidelines(sql, year)
  return {
    status,
    evaluate: async (partnerIds) => {
      const quarters = await quartersOfMany(sql, partnerIds, year)
      const waivers = await waiversOfMany(sql, partnerIds, year)
      const out = new Map<string, PartnerEvaluation>()
      for (const partnerId of partnerIds) {
        const qs = quarters.get(partnerId) ?? []
        const ws = waivers.get(partnerId) ?? []
        const inputs = aggregateYear(qs)
        const result = evaluate(g, inputs, rule, new Set<CriterionKey>(ws.map((w) => w.key)))
        out.set(partnerId, {
          ...result,
          partnerId,
          inputs,
          quarters: qs.map((x) => x.quarter),
          unconfirmedQuarters: qs.filter((x) => x.status !== 'confirmed').map((x) => x.quarter),
          waivers: ws.map((w) => ({ key: w.key, reason: w.reason })),
        })
      }
      return out
    },
  }
}

/** One evaluation of given figures against a year's guidelines, inside the caller's transaction. */
export async function evaluateFigures(sql: Sql, year: number, rule: Rule, inputs: WhatIfMetrics, waived: CriterionKey[]) {
  return evaluate(await loadGuidelines(sql, year), inputs, rule, new Set(waived))
}
