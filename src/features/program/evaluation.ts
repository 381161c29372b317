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

/** Met at a tier, a waiver counting as met under the holistic rule. */
const metAt = (c: Criterion, t: TierName, f: Figures, rule: Rule, waivers: Waivers) =>
  meets(c.key, c.byTier[t].threshold, f) || (rule === 'holistic' && waivers.has(c.key))

/** Each criterion met or not at one tier, in the guidelines' order (waivers already counted). */
type MetAtTier = readonly boolean[]

/**
 * A category at a tier: its n applicable criteria, how many are met and how many are needed — all of
 * them under the strict rule, max(1, floor(ratio × n)) under the holistic one. No applicable criterion passes.
 */
function categoryAt(g: Guidelines, cat: Category, t: TierName, met: MetAtTier, rule: Rule): typeof CategoryOutcome._output {
  let n = 0
  let m = 0
  for (let i = 0; i < g.criteria.length; i++) {
    const c = g.criteria[i]
    if (c.category !== cat || !applicable(c.byTier[t].threshold)) continue
    n++
    if (met[i]) m++
  }
  const needed = n === 0 ? 0 : rule === 'strict' ? n : neededOf(g.rule.categoryRatio, n)
  return { applicable: n, met: m, needed, passed: m >= needed }
}

/**
 * Whether a tier is met — the one place the rules decide. Strict: every criterion met. Holistic: every
 * must-pass criterion met and every category passed.
 */
function tierMet(g: Guidelines, t: TierName, met: MetAtTier, rule: Rule): boolean {
  if (rule === 'strict') return met.every(Boolean)
  return g.criteria.every((c, i) => met[i] || !g.rule.mustPass.includes(c.key)) && categories.every((cat) => categoryAt(g, cat, t, met, rule).passed)
}

const noWaivers: Waivers = new Set()

/** The highest tier met (tiers checked independently), without the explanation: what a review computes per partner. */
export function tierOf(g: Guidelines, f: Figures, rule: Rule, waivers: Waivers = noWaivers): TierName | null {
  return tiers.find((t) => tierMet(g, t, g.criteria.map((c) => metAt(c, t, f, rule, waivers)), rule)) ?? null
}

/**
 * Evaluates a year's figures against the guidelines and explains the result. Every tier is checked on
 * its own (thresholds are not monotonic); the highest tier met wins. Waived criteria count as met
 * (holistic only) and are marked as such.
 */
export function evaluate(g: Guidelines, metrics: WhatIfMetrics, rule: Rule, waivers: Waivers = noWaivers): Evaluation {
  const f = figuresOf(metrics)
  const outcomeAt = (c: Criterion, t: TierName) => {
    const threshold = c.byTier[t].threshold
    if (metAt(c, t, f, rule, waivers)) return meets(c.key, threshold, f) ? { threshold, met: true } : { threshold, met: true, waived: true }
    return { threshold, met: false }
  }
  const criteria: CriterionOutcome[] = g.criteria.map((c) => ({
    key: c.key, category: c.category, label: c.label, unit: c.unit, value: valueOf(c.key, metrics, f),
    byTier: {
      strategic: outcomeAt(c, 'strategic'), advantage: outcomeAt(c, 'advantage'), select: outcomeAt(c, 'select'), approved: outcomeAt(c, 'approved'),
    },
  }))
  const metIn = (t: TierName): MetAtTier => criteria.map((o) => o.byTier[t].met)
  const cats = Object.fromEntries(categories.map((cat) => [cat, Object.fromEntries(tiers.map((t) => [t, categoryAt(g, cat, t, metIn(t), rule)]))])) as Evaluation['categories']
  const tierResults = Object.fromEntries(tiers.map((t) => [t, { met: tierMet(g, t, metIn(t), rule) }])) as Evaluation['tiers']
  const tier = tiers.find((t) => tierResults[t].met) ?? null
  const nextTier = tier === null ? 'approved' : (tiers[tiers.indexOf(tier) - 1] ?? null)
  const next = nextTier ? gapsFor(g, criteria, f, nextTier, rule, cats) : { gaps: [], summary: '' }
  return {
    year: g.year, rule, tier, criteria, categories: cats, tiers: tierResults, nextTier, gaps: next.gaps,
    summary: summarize(tier, rule, nextTier, next.summary),
  }
}
