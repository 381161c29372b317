import { parseDecimal, toCents } from '../../core/money.ts'
import { itemAt } from '../../core/arrays.ts'
import type { CategoryOutcome, CriterionOutcome, Evaluation } from './evaluation.contract.ts'
import { gapsFor, summarize, valueOf } from './gaps.ts'
import { minimumOf } from './thresholds.ts'
import {
  categories,
  tiers,
  type Category,
  type Criterion,
  type CriterionKey,
  type Rule,
  type RuleSettings,
  type Threshold,
  type TierName,
  type WhatIfMetrics,
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
export const isApplicable = (t: Threshold) => isMinimum(t) || t === 'required'

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

/** A category at one tier: the indices of its applicable criteria and how many of them must be met. */
type CategoryPlan = { category: Category; applicable: readonly number[]; needed: number }
/** One tier of the guidelines: each criterion's threshold there (guidelines' order) and its categories. */
type TierPlan = { tier: TierName; thresholds: readonly Threshold[]; categories: readonly CategoryPlan[] }

/**
 * The guidelines prepared for one rule: what depends on the guidelines alone — which criteria apply at
 * each tier, how many each category needs (all of them under the strict rule, max(1, floor(ratio × n))
 * under the holistic one), which criteria must pass — worked out once rather than for every partner.
 */
export type Plan = { g: Guidelines; rule: Rule; mustPass: readonly number[]; tiers: readonly TierPlan[] }

const plans = new WeakMap<Guidelines, Partial<Record<Rule, Plan>>>()
/** The plan of these guidelines for a rule, made once per loaded guidelines and rule. */
export function planOf(g: Guidelines, rule: Rule): Plan {
  let cached = plans.get(g)
  if (!cached) plans.set(g, (cached = {}))
  return (cached[rule] ??= {
    g,
    rule,
    mustPass: g.criteria.flatMap((c, i) => (g.rule.mustPass.includes(c.key) ? [i] : [])),
    tiers: tiers.map((tier) => ({
      tier,
      thresholds: g.criteria.map((c) => c.byTier[tier].threshold),
      categories: categories.map((category) => {
        const applicable = g.criteria.flatMap((c, i) => (c.category === category && isApplicable(c.byTier[tier].threshold) ? [i] : []))
        const n = applicable.length
        return { category, applicable, needed: n === 0 ? 0 : rule === 'strict' ? n : neededOf(g.rule.categoryRatio, n) }
      }),
    })),
  })
}

/** Met at a tier, a waiver counting as met under the holistic rule. */
function metAt(plan: Plan, t: TierPlan, i: number, f: Figures, waivers: Waivers): boolean {
  const key = itemAt(plan.g.criteria, i).key
  return meets(key, itemAt(t.thresholds, i), f) || (plan.rule === 'holistic' && waivers.has(key))
}

/** Whether criterion i is met at the tier (waivers already counted). */
type MetAt = (i: number) => boolean

/** A category at a tier: its n applicable criteria, how many are met and how many are needed. No applicable criterion passes. */
function categoryAt(c: CategoryPlan, met: MetAt): typeof CategoryOutcome._output {
  let m = 0
  for (const i of c.applicable) if (met(i)) m++
  return { applicable: c.applicable.length, met: m, needed: c.needed, passed: m >= c.needed }
}

/**
 * Whether a tier is met — the one place the rules decide. Strict: every criterion met. Holistic: every
 * must-pass criterion met and every category passed.
 */
function tierMet(plan: Plan, t: TierPlan, met: MetAt): boolean {
  if (plan.rule === 'strict') {
    for (let i = 0; i < t.thresholds.length; i++) if (!met(i)) return false
    return true
  }
  for (const i of plan.mustPass) if (!met(i)) return false
  for (const c of t.categories) if (!categoryAt(c, met).passed) return false
  return true
}

const noWaivers: Waivers = new Set()

/** The highest tier met (tiers checked independently), without the explanation: what a review computes per partner. */
export function tierOf(plan: Plan, f: Figures, waivers: Waivers = noWaivers): TierName | null {
  for (const t of plan.tiers) if (tierMet(plan, t, (i) => metAt(plan, t, i, f, waivers))) return t.tier
  return null
}

/**
 * Evaluates a year's figures against the guidelines and explains the result. Every tier is checked on
 * its own (thresholds are not monotonic); the highest tier met wins. Waived criteria count as met
 * (holistic only) and are marked as such.
 */
export function evaluate(g: Guidelines, metrics: WhatIfMetrics, rule: Rule, waivers: Waivers = noWaivers): Evaluation {
  const f = figuresOf(metrics)
  const plan = planOf(g, rule)
  const outcomeAt = (t: TierPlan, i: number) => {
    const threshold = itemAt(t.thresholds, i)
    if (metAt(plan, t, i, f, waivers))
      return meets(itemAt(g.criteria, i).key, threshold, f) ? { threshold, met: true } : { threshold, met: true, waived: true }
    return { threshold, met: false }
  }
  const criteria: CriterionOutcome[] = g.criteria.map((c, i) => ({
    key: c.key,
    category: c.category,
    label: c.label,
    unit: c.unit,
    value: valueOf(c.key, metrics, f),
    byTier: Object.fromEntries(plan.tiers.map((t) => [t.tier, outcomeAt(t, i)])) as CriterionOutcome['byTier'],
  }))
  const metIn =
    (t: TierPlan): MetAt =>
    (i) =>
      itemAt(criteria, i).byTier[t.tier].met
  const cats = Object.fromEntries(
    categories.map((cat, k) => [cat, Object.fromEntries(plan.tiers.map((t) => [t.tier, categoryAt(itemAt(t.categories, k), metIn(t))]))]),
  ) as Evaluation['categories']

  const tierResults = Object.fromEntries(plan.tiers.map((t) => [t.tier, { met: tierMet(plan, t, metIn(t)) }])) as Evaluation['tiers']
  const tier = tiers.find((t) => tierResults[t].met) ?? null
  const nextTier = tier === null ? 'approved' : (tiers[tiers.indexOf(tier) - 1] ?? null)
  const next = nextTier ? gapsFor(g, criteria, f, nextTier, rule, cats) : { gaps: [], summary: '' }
  return {
    year: g.year,
    rule,
    tier,
    criteria,
    categories: cats,
    tiers: tierResults,
    nextTier,
    gaps: next.gaps,
    summary: summarize(tier, rule, nextTier, next.summary),
  }
}
