import * as currencyCodes from 'currency-codes'
import { formatDecimal, parseDecimal } from '../../core/money.ts'
import type { Guidelines, SowContent } from './delivery.contract.ts'

export type Gap = { path: string; message: string }

/** hours (3 decimals) × rate (2 decimals), rounded half up to cents: exact, in integers. */
export function lineAmountCents(hours: string, rate: string): bigint {
  const milli = parseDecimal(hours, 3) * parseDecimal(rate, 2) // scale 5
  return (milli + 500n) / 1000n
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')

/**
 * Every gap of a SOW or quote against the guidelines (which are data), in words: required fields and
 * sections, rates and named resources, each line's rate within its role's limit and its amount equal to
 * hours × rate, and the total equal to the sum of the lines, in exact money. Empty: ready to submit.
 */
export function guidelineGaps(c: SowContent, g: Guidelines): Gap[] {
  const gaps: Gap[] = []
  for (const f of g.requiredFields) {
    const v = (c as Record<string, unknown>)[f.key]
    if (blank(v)) gaps.push({ path: f.key, message: `${f.label} is missing` })
  }
  if (!blank(c.currency) && !currencyCodes.code(c.currency))
    gaps.push({ path: 'currency', message: `${c.currency} is not a currency code` })
  if (c.startDate && c.endDate && c.endDate < c.startDate) gaps.push({ path: 'endDate', message: 'The end date is before the start date' })
  for (const s of g.requiredSections)
    if (blank(c.sections[s.key])) gaps.push({ path: `sections.${s.key}`, message: `The section "${s.label}" is missing` })
  if (g.requireRates && c.lines.length === 0)
    gaps.push({ path: 'lines', message: 'The rates are missing: add at least one line with a role, hours and rate' })
  if (g.requireNamedResources && !c.lines.some((l) => l.resourceId))
    gaps.push({ path: 'lines', message: 'No named resources: name the screened resource of at least one line' })
  let sum = 0n
  c.lines.forEach((l, i) => {
    const n = `Line ${i + 1} (${l.role})`
    const expected = lineAmountCents(l.hours, l.rate)
    const amount = parseDecimal(l.amount, 2)
    sum += amount
    if (expected !== amount)
      gaps.push({
        path: `lines.${i}.amount`,
        message: `${n}: ${l.hours} h × ${l.rate} = ${formatDecimal(expected)}, not ${formatDecimal(amount)}`,
      })
    const limit = g.rateLimits.find((r) => r.role.toLowerCase() === l.role.trim().toLowerCase())
    if (!limit)
      gaps.push({
        path: `lines.${i}.role`,
        message: `${n}: the role is not on the rate card (${g.rateLimits.map((r) => r.role).join(', ')})`,
      })
    else if (!blank(c.currency) && limit.currency !== c.currency)
      gaps.push({
        path: `lines.${i}.rate`,
        message: `${n}: the rate card has no limit in ${c.currency} (its limit is in ${limit.currency})`,
      })
    else if (parseDecimal(l.rate, 2) > parseDecimal(limit.maxRate, 2))
      gaps.push({
        path: `lines.${i}.rate`,
        message: `${n}: the rate ${l.rate} is above the limit of ${limit.maxRate} ${limit.currency} for this role`,
      })
  })
  if (c.total !== undefined && c.total !== null && parseDecimal(c.total, 2) !== sum)
    gaps.push({ path: 'total', message: `The total ${c.total} does not add up: the lines come to ${formatDecimal(sum)}` })
  return gaps
}

/** The sum of the lines, in cents. */
export const sowTotalCents = (c: SowContent): bigint => c.lines.reduce((s, l) => s + parseDecimal(l.amount, 2), 0n)

/** Field-by-field differences between two versions' content (flattened paths, values as text). */
export function diffContent(a: SowContent, b: SowContent): { path: string; before: string | null; after: string | null }[] {
  const flat = (v: unknown, prefix: string, out: Map<string, string>) => {
    if (v === null || v === undefined) return
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) flat(x, prefix ? `${prefix}.${k}` : k, out)
      return
    }
    out.set(prefix, String(v))
  }
  const fa = new Map<string, string>()
  const fb = new Map<string, string>()
  flat(a, '', fa)
  flat(b, '', fb)
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort()
  return paths.filter((p) => fa.get(p) !== fb.get(p)).map((p) => ({ path: p, before: fa.get(p) ?? null, after: fb.get(p) ?? null }))
}
