import type { Schemas } from '../../lib/api.ts'
import { tierRank, type Tier } from '../../lib/tiers.ts'

export type Rule = Schemas['EvaluationRule']
export type CriterionKey = Schemas['CriterionKey']
export type Category = Schemas['CriterionCategory']
export type Evaluation = Schemas['Evaluation']
export type PartnerEvaluation = Schemas['PartnerEvaluation']
export type CriterionOutcome = Evaluation['criteria'][number]
export type YearMetrics = Schemas['YearMetrics']
export type QuarterMetrics = Schemas['QuarterMetrics']
export type QuarterMetricsInput = Schemas['QuarterMetricsInput']
export type ProgramYear = Schemas['ProgramYear']
export type Criterion = Schemas['Criterion']
export type Benefit = Schemas['Benefit']
export type Entitlement = Schemas['Entitlement']
export type BenefitLevel = Entitlement['level']
export type BenefitGroup = Entitlement['group']
export type Money = { amount: string; currency: string }

export const ruleLabels: Record<Rule, string> = { holistic: 'Holistic', strict: 'Strict' }
export const ruleHelp: Record<Rule, string> = {
  holistic: 'Must-pass criteria met and, in each category, most of the applicable criteria (waivers count as met).',
  strict: 'Every criterion of the tier met; waivers are ignored.',
}

export const categoryLabels: Record<Category, string> = {
  salesRelevance: 'Sales relevance',
  marketPosition: 'Market position',
  channelProgram: 'Channel program',
}
export const categoryOrder: Category[] = ['salesRelevance', 'marketPosition', 'channelProgram']

export const groupLabels: Record<BenefitGroup, string> = {
  partnerManagement: 'Partner management',
  sales: 'Sales',
  marketing: 'Marketing',
  operations: 'Operations',
}
export const groupOrder: BenefitGroup[] = ['partnerManagement', 'sales', 'marketing', 'operations']

export const levelLabels: Record<BenefitLevel, string> = {
  yes: 'Yes',
  limited: 'Limited',
  by_invitation: 'By invitation',
  gps_team: 'GPS team',
  customer_level: 'Customer level',
  named_role: 'Named role',
  n_a: 'n/a',
  no: 'No',
}
export const levelColors: Record<BenefitLevel, string> = {
  yes: 'green',
  limited: 'yellow',
  by_invitation: 'blue',
  named_role: 'indigo',
  gps_team: 'gray',
  customer_level: 'gray',
  n_a: 'gray',
  no: 'red',
}

const compactUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 2 })
const fullUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 })
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** "$12.5M" — for reading only; amounts stay decimal strings everywhere else. */
export const formatUsdShort = (amount: string | number): string => compactUsd.format(Number(amount))
/** "$12,500,000.00" */
export const formatUsdFull = (amount: string | number): string => fullUsd.format(Number(amount))

const isMoney = (v: unknown): v is Money => !!v && typeof v === 'object' && 'amount' in v && 'currency' in v

/** A criterion's value as people read it, by unit. */
export function formatCriterionValue(value: CriterionOutcome['value'], unit: string): string {
  if (value === null || value === undefined) return '—'
  if (isMoney(value)) return formatUsdShort(value.amount)
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (unit === 'percent') return `${Number(value).toFixed(2)} %`
  if (unit === 'fte') return `${Number(value)} FTE${Number(value) === 1 ? '' : 's'}`
  if (unit === 'usd') return formatUsdShort(String(value))
  return integer.format(Number(value))
}

/** A tier's threshold as people read it: "$300M", "250", "3.00 %", "4 FTEs", "required". */
export function formatThreshold(threshold: string, unit: string): string {
  if (threshold === 'required') return 'Required'
  if (threshold === 'optional') return 'Optional'
  if (threshold === 'n/a') return 'n/a'
  return formatCriterionValue(
    unit === 'usd' ? { amount: threshold, currency: 'USD' } : unit === 'percent' ? threshold : Number(threshold),
    unit,
  )
}

/** Where the evaluated tier sits against the partner's current tier. */
export type Movement = 'promote' | 'keep' | 'demote'
export function movementOf(current: Tier | null, evaluated: Tier | null): Movement {
  const d = tierRank(evaluated) - tierRank(current)
  return d > 0 ? 'promote' : d < 0 ? 'demote' : 'keep'
}
export const movementLabels: Record<Movement, string> = { promote: 'Promote', keep: 'Keep', demote: 'Demote' }
export const movementColors: Record<Movement, string> = { promote: 'green', keep: 'gray', demote: 'orange' }

/** A decimal amount of US dollars with at most two decimals (what the API accepts). */
export const isAmount = (s: string): boolean => /^\d{1,16}(\.\d{1,2})?$/.test(s.trim())
export const amountError = (s: string): string | null =>
  s.trim() === '' ? 'Enter an amount (0 for none)' : isAmount(s) ? null : 'An amount in USD, e.g. 2,500,000'
