import { parseDecimal, toCents } from '../../core/money.ts'
import type { CategoryOutcome, CriterionOutcome, Evaluation } from './evaluation.contract.ts'
import { gapsFor, summarize, valueOf } from './gaps.ts'
import { minimumOf } from './thresholds.ts'
import {
  categories, tiers, type Category, type Criterion, type CriterionKey, type Rule, type RuleSettings, type Threshold,
  type TierName, type WhatIfMetrics,
} from './program.contract.ts'

/** A program year's guidelines as the evaluation reads them: criteria with thresholds, and rule settings. */
export type Guidelines = { year: number; criteria: Criterion[]; rule: RuleSettings }

/**
 * A year's figures at two decimals (cents for USD, hundredths otherwise), so every comparison is an
 * exact integer comparison. `jointInvestmentPct` is derived here, never typed in.
 */
export type Figures = Record<Exclude<CriterionKey, 'executiveSponsor' | 'jointInvestmentPct'>, bigint> & {
  executiveSponsor: boolean
}

export function figuresOf(m: WhatIfMetrics): Figures {
  return {
    revenue: toCents(m.revenue.amount),
    activeCustomers: BigInt(m.activeCustomers) * 100n,
    averagePipeline: toCents(m.averagePipeline.amount),
    jointInvestments: toCents(m.jointInvestments.amount),
    rebates: toCents(m.rebates.amount),
    marketingFunding: toCents(m.marketingFunding.amount),
    fundedResourcesAmount: toCents(m.fundedResourcesAmount.amount),
    fundedResourcesFtes: parseDecimal(m.fundedResourcesFtes),
    executiveSponsor: m.executiveSponsor,
    gtmCategories: BigInt(m.gtmCategories) * 100n,
  }
}

const isMinimum = (t: Threshold) => t !== 'required' && t !== 'optional' && t !== 'n/a'
/** Applicable at a tier: a minimum or `required` there (`n/a` and `optional` do not count). */
export const applicable = (t: Threshold) => isMinimum(t) || t === 'required'

/** Whether a criterion's value meets a threshold (n/a and optional always do; required needs a yes). */
export function meets(key: CriterionKey, t: Threshold, f: Figures): boolean {
  if (t === 'n/a' || t === 'optional') return true
  if (t === 'required') return key === 'executiveSponsor' ? f.executiveSponsor : false
  const min = minimumOf(t)
  if (key === 'executiveSponsor') return f.executiveSponsor || min === 0n
  // jointInvestments / revenue × 100 ≥ min%  ⇔  jointInvestments × 100 × 100 ≥ min(hundredths) × revenue
  if (key === 'jointInvestmentPct') return f.revenue > 0n ? f.jointInvestments * 10000n >= min * f.revenue : min === 0n
  return f[key] >= min
}

/** Minimum share of a category's n applicable criteria under the holistic rule: max(1, floor(ratio × n)). */
export const neededOf = (ratio: number, n: number) => Math.max(1, Math.floor((Math.round(ratio * 100) * n) / 100))

export type Waivers = ReadonlySet<CriterionKey>

/**
 * Evaluates a year's figures against the guidelines. Every tier is checked on its own (thresholds are
 * not monotonic); the highest tier met wins. Strict: every criterion met. Holistic: every must-pass
 * criterion met and, per category, at least max(1, floor(ratio × n)) of the n applicable criteria;
 * waived criteria count as met (holistic only) and are marked as such.
 */
export function evaluate(g: Guidelines, metrics: WhatIfMetrics, rule: Rule, waivers: Waivers = new Set()): Evaluation {
  const f = figuresOf(metrics)
  const honourWaivers = rule === 'holistic'
  const outcomeAt = (c: Criterion, t: TierName) => {
    const threshold = c.byTier[t].threshold
    const met = meets(c.key, threshold, f)
    return honourWaivers && !met && waivers.has(c.key) ? { threshold, met: true, waived: true } : { threshold, met }
  }
  const criteria: CriterionOutcome[] = g.criteria.map((c) => ({
    key: c.key, category: c.category, label: c.label, unit: c.unit, value: valueOf(c.key, metrics, f),
    byTier: {
      strategic: outcomeAt(c, 'strategic'), advantage: outcomeAt(c, 'advantage'), select: outcomeAt(c, 'select'), approved: outcomeAt(c, 'approved'),
    },
  }))
  const cats = Object.fromEntries(categories.map((cat) => [cat, Object.fromEntries(tiers.map((t) => [t, categoryAt(criteria, cat, t, rule, g.rule)]))])) as Evaluation['categories']
  const mustPass = new Set(g.rule.mustPass)
  const tierMet = (t: TierName) =>
    rule === 'strict'
      ? criteria.every((c) => c.byTier[t].met)
      : criteria.every((c) => !mustPass.has(c.key) || c.byTier[t].met) && categories.every((cat) => cats[cat][t].passed)
  const tierResults = Object.fromEntries(tiers.map((t) => [t, { met: tierMet(t) }])) as Evaluation['tiers']
  const tier = tiers.find((t) => tierResults[t].met) ?? null
  const nextTier = tier === null ? 'approved' : (tiers[tiers.indexOf(tier) - 1] ?? null)
  const next = nextTier ? gapsFor(g, criteria, f, nextTier, rule, cats) : { gaps: [], summary: '' }
  return {
    year: g.year, rule, tier, criteria, categories: cats, tiers: tierResults, nextTier, gaps: next.gaps,
    summary: summarize(tier, rule, nextTier, next.summary),
  }
}

function categoryAt(criteria: CriterionOutcome[], cat: Category, t: TierName, rule: Rule, s: RuleSettings) {
  const inCat = criteria.filter((c) => c.category === cat && applicable(c.byTier[t].threshold))
  const met = inCat.filter((c) => c.byTier[t].met).length
  const n = inCat.length
  const needed = n === 0 ? 0 : rule === 'strict' ? n : neededOf(s.categoryRatio, n)
  const outcome: typeof CategoryOutcome._output = { applicable: n, met, needed, passed: met >= needed }
  return outcome
}
