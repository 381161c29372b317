import { ceilDiv, formatDecimal, formatUsdShort, usd } from '../../core/money.ts'
import type { CriterionOutcome, Evaluation, Gap } from './evaluation.contract.ts'
import type { Figures, Guidelines } from './evaluation.ts'
import { minimumOf } from './thresholds.ts'
import type { Category, CriterionKey, Rule, TierName, WhatIfMetrics } from './program.contract.ts'

const usdNouns: Partial<Record<CriterionKey, string>> = {
  revenue: 'revenue',
  averagePipeline: 'average pipeline',
  jointInvestments: 'joint investments',
  rebates: 'rebates',
  marketingFunding: 'marketing funding',
  fundedResourcesAmount: 'funded resources',
}
const categoryNames: Record<Category, string> = {
  salesRelevance: 'sales relevance',
  marketPosition: 'market position',
  channelProgram: 'channel program',
}
export const tierName = (t: TierName) => t.charAt(0).toUpperCase() + t.slice(1)
const plural = (n: bigint, one: string, many: string) => `${n} more ${n === 1n ? one : many}`
const hundredthsToNumber = (h: bigint) => Number(formatDecimal(h))

/** Hundredths of a percent of joint investments over revenue, rounded down; null without revenue. */
const pctOf = (f: Figures) => (f.revenue > 0n ? (f.jointInvestments * 10000n) / f.revenue : null)

/** A criterion's value as the API shows it: Money, a count, a % string or a yes/no. */
export function valueOf(key: CriterionKey, m: WhatIfMetrics, f: Figures): CriterionOutcome['value'] {
  if (key === 'executiveSponsor') return m.executiveSponsor
  if (key === 'jointInvestmentPct') {
    const pct = pctOf(f)
    return pct === null ? null : formatDecimal(pct)
  }
  if (key in usdNouns) return usd(f[key])
  return hundredthsToNumber(f[key])
}

function gapOf(c: CriterionOutcome, threshold: string, f: Figures): Gap {
  const base = { key: c.key, category: c.category }
  if (threshold === 'required') return { ...base, needed: true, message: 'an executive sponsor' }
  const min = minimumOf(threshold)
  if (c.key === 'executiveSponsor') return { ...base, needed: true, message: 'an executive sponsor' }
  if (c.key === 'jointInvestmentPct') {
    const pct = pctOf(f)
    const wanted = `joint investments of at least ${formatDecimal(min)}% of revenue`
    if (pct === null) return { ...base, needed: formatDecimal(min), message: wanted }
    const more = ceilDiv(min * f.revenue, 10000n) - f.jointInvestments
    return { ...base, needed: formatDecimal(min - pct), message: `${wanted} (${formatUsdShort(more)} more at current revenue)` }
  }
  const short = min - f[c.key]
  const noun = usdNouns[c.key]
  if (noun) return { ...base, needed: usd(short), message: `${formatUsdShort(short)} more ${noun}` }
  if (c.key === 'fundedResourcesFtes') {
    const n = hundredthsToNumber(short)
    return { ...base, needed: n, message: `${n} more funded ${n === 1 ? 'FTE' : 'FTEs'}` }
  }
  const n = ceilDiv(short, 100n)
  const message =
    c.key === 'gtmCategories' ? plural(n, 'solution category', 'solution categories') : plural(n, 'active customer', 'active customers')
  return { ...base, needed: Number(n), message }
}

const list = (items: string[], last = 'and') =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`

/**
 * What separates the figures from the next tier up, in plain words. Strict: every unmet criterion.
 * Holistic: unmet must-pass criteria, and the unmet criteria of categories that fall short.
 */
export function gapsFor(
  g: Guidelines,
  criteria: CriterionOutcome[],
  f: Figures,
  next: TierName,
  rule: Rule,
  cats: Evaluation['categories'],
): { gaps: Gap[]; summary: string } {
  const mustPass = new Set(g.rule.mustPass)
  const unmet = criteria.filter((c) => !c.byTier[next].met)
  const gapOfC = (c: CriterionOutcome) => gapOf(c, c.byTier[next].threshold, f)
  if (rule === 'strict') {
    const gaps = unmet.map(gapOfC)
    return { gaps, summary: `For ${tierName(next)}: needs ${list(gaps.map((x) => x.message))}.` }
  }
  const must = unmet.filter((c) => mustPass.has(c.key)).map(gapOfC)
  const parts = must.map((x) => x.message)
  const gaps = [...must]
  for (const cat of Object.keys(cats) as Category[]) {
    const o = cats[cat][next]
    if (o.passed) continue
    // Meeting an unmet must-pass criterion of the category also counts towards it.
    const more = o.needed - o.met - unmet.filter((c) => c.category === cat && mustPass.has(c.key)).length
    if (more <= 0) continue
    const open = unmet.filter((c) => c.category === cat && !mustPass.has(c.key)).map(gapOfC)
    gaps.push(...open)
    parts.push(
      `${more} more ${categoryNames[cat]} criteri${more === 1 ? 'on' : 'a'} of: ${list(
        open.map((x) => x.message),
        'or',
      )}`,
    )
  }
  return { gaps, summary: `For ${tierName(next)}: needs ${list(parts)}.` }
}

export function summarize(tier: TierName | null, rule: Rule, next: TierName | null, nextSummary: string): string {
  const head = tier ? `Meets ${tierName(tier)} (${rule} rule).` : `Meets no tier yet (${rule} rule).`
  if (!next) return `${head} This is the highest tier.`
  return `${head} ${nextSummary}`
}
