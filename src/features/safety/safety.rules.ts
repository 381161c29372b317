import { addDaysTo } from '../../core/dates.ts'
import { parseDecimal } from '../../core/money.ts'
import { insuranceLabels, type Clearance, type InsuranceType, type Provider, type Requirements, type RiskLevel } from './safety.contract.ts'

// The program's rules as pure functions of data and today's date: the risk level from services, the gaps
// from a partner's subscription and accepted evidence, and the clearance from both. Dates are calendar
// dates compared in UTC (decision 019): evidence is valid through its expiry date and expired from the
// next UTC day on.

export const serviceKey = (service: string): string => service.trim().toLowerCase()

export type MatrixRow = { service: string; riskLevel: RiskLevel; reason: string }

export function deriveRisk(services: string[], matrix: Map<string, MatrixRow>) {
  const rated = services.map((service) => {
    const row = matrix.get(serviceKey(service))
    return { service, riskLevel: row?.riskLevel ?? null, reason: row?.reason ?? null }
  })
  const riskLevel: RiskLevel = rated.some((s) => s.riskLevel === 'high') ? 'high' : 'low'
  return { riskLevel, services: rated }
}

export type SubscriptionState = {
  status: 'active' | 'pending' | 'lapsed' | 'none'
  grade: string | null
  score: string | null
  providerUpdatedOn: string | null
}
export type EvidenceState = {
  kind: 'insurance' | 'statistics' | 'program' | 'licence'
  title: string | null
  insuranceType: InsuranceType | null
  limitAmount: string | null
  limitCurrency: string | null
  effectiveDate: string | null
  expiryDate: string | null
  year: number | null
  trir: string | null
  dart: string | null
  emr: string | null
}
export type ComputedGap = { kind: string; key: string; message: string; remedy: string }

export const isExpired = (expiryDate: string | null, today: string): boolean => expiryDate !== null && expiryDate < today
const inForce = (e: EvidenceState, today: string) =>
  (e.effectiveDate === null || e.effectiveDate <= today) && !isExpired(e.expiryDate, today)
const dec = (v: string | number) => parseDecimal(typeof v === 'number' ? v.toFixed(2) : v, 2)

function subscriptionGaps(sub: SubscriptionState | null, provider: Provider, req: Requirements, today: string): ComputedGap[] {
  const name = provider.name
  if (!sub || sub.status === 'none')
    return [
      gap('no_subscription', '', `No ${name} subscription`, `Subscribe to ${name} and record the account id on the partner's Safety tab`),
    ]
  if (sub.status === 'lapsed')
    return [gap('subscription_lapsed', '', `The ${name} subscription has lapsed`, `Renew the ${name} subscription`)]
  if (sub.status === 'pending')
    return [gap('subscription_pending', '', `The ${name} subscription is pending`, `Closes when ${name} shows the subscription active`)]
  const gaps: ComputedGap[] = []
  if (provider.grading === 'letter') {
    const rank = (g: string | null) => (g === null ? Infinity : provider.grades.indexOf(g) < 0 ? Infinity : provider.grades.indexOf(g))
    if (rank(sub.grade) > rank(provider.passingGrade))
      gaps.push(
        gap(
          'failing_grade',
          '',
          sub.grade ? `${name} grade ${sub.grade} is below the passing grade ${provider.passingGrade}` : `No ${name} grade recorded`,
          `Reach grade ${provider.passingGrade} or better with ${name}`,
        ),
      )
  } else if (sub.score === null || dec(sub.score) < dec(provider.passMark ?? '0')) {
    gaps.push(
      gap(
        'failing_grade',
        '',
        sub.score === null ? `No ${name} score recorded` : `${name} score ${sub.score}% is below the pass mark ${provider.passMark}%`,
        `Reach ${provider.passMark}% or more with ${name}`,
      ),
    )
  }
  if (!sub.providerUpdatedOn || addDaysTo(sub.providerUpdatedOn, req.providerUpdateMaxAgeDays) < today)
    gaps.push(
      gap(
        'provider_update_stale',
        '',
        sub.providerUpdatedOn
          ? `${name} last updated this partner on ${sub.providerUpdatedOn}, more than ${req.providerUpdateMaxAgeDays} days ago`
          : `No ${name} update date recorded`,
        `Record or import a ${name} update from the last ${req.providerUpdateMaxAgeDays} days`,
      ),
    )
  return gaps
}

function insuranceGaps(evidence: EvidenceState[], req: Requirements, today: string): ComputedGap[] {
  const gaps: ComputedGap[] = []
  for (const { type, minimum } of req.insurance) {
    const label = insuranceLabels[type]
    const held = evidence.filter((e) => e.kind === 'insurance' && e.insuranceType === type)
    const valid = held.filter((e) => inForce(e, today))
    if (!valid.length) {
      const lastExpiry = held
        .map((e) => e.expiryDate ?? '')
        .sort()
        .at(-1)
      if (lastExpiry && isExpired(lastExpiry, today))
        gaps.push(
          gap('insurance_expired', type, `The ${label} certificate expired on ${lastExpiry}`, `Upload a current ${label} certificate`),
        )
      else gaps.push(gap('insurance_missing', type, `No ${label} certificate in force`, `Upload a current ${label} certificate`))
      continue
    }
    const comparable = valid.filter((e) => e.limitCurrency === minimum.currency && e.limitAmount !== null)
    const best = comparable.map((e) => dec(e.limitAmount!)).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))[0]
    if (best === undefined || best < dec(minimum.amount))
      gaps.push(
        gap(
          'insurance_limit_below',
          type,
          best === undefined
            ? `The ${label} limit is not in ${minimum.currency}, so it cannot be compared with the minimum of ${minimum.amount} ${minimum.currency}`
            : `The ${label} limit is below the minimum of ${minimum.amount} ${minimum.currency}`,
          `Upload a ${label} certificate with a limit of at least ${minimum.amount} ${minimum.currency}`,
        ),
      )
  }
  return gaps
}

function statisticsGaps(evidence: EvidenceState[], req: Requirements, today: string): ComputedGap[] {
  const since = Number(today.slice(0, 4)) - req.statisticsMaxAgeYears
  const latest = evidence.filter((e) => e.kind === 'statistics' && (e.year ?? 0) >= since).sort((a, b) => (b.year ?? 0) - (a.year ?? 0))[0]
  if (!latest)
    return [
      gap(
        'statistics_missing',
        '',
        `No safety statistics for ${since} or later`,
        `Submit TRIR, DART, EMR and hours worked for ${since} or later`,
      ),
    ]
  const limits = [
    ['emr', 'EMR', latest.emr, req.maxEmr],
    ['trir', 'TRIR', latest.trir, req.maxTrir],
    ['dart', 'DART', latest.dart, req.maxDart],
  ] as const
  return limits
    .filter(([, , value, max]) => value !== null && dec(value) > dec(max))
    .map(([key, label, value, max]) =>
      gap(
        'statistics_above_threshold',
        key,
        `${label} ${value} for ${latest.year} is above the maximum of ${max}`,
        `Bring ${label} to ${max} or below and submit the new figures`,
      ),
    )
}

function programGaps(evidence: EvidenceState[], req: Requirements, today: string): ComputedGap[] {
  const gaps: ComputedGap[] = []
  if (req.requireWrittenProgram && !evidence.some((e) => e.kind === 'program' && inForce(e, today)))
    gaps.push(gap('program_missing', '', 'No written safety program in force', 'Upload the written safety program'))
  const licences = new Map<string, EvidenceState[]>()
  for (const e of evidence.filter((e) => e.kind === 'licence')) {
    const k = (e.title ?? '').toLowerCase()
    licences.set(k, [...(licences.get(k) ?? []), e])
  }
  for (const [k, held] of licences)
    if (!held.some((e) => inForce(e, today)))
      gaps.push(gap('licence_expired', k, `The licence "${held[0]?.title}" has expired`, `Upload the renewed licence "${held[0]?.title}"`))
  return gaps
}

const gap = (kind: string, qualifier: string, message: string, remedy: string): ComputedGap => ({
  kind,
  key: qualifier ? `${kind}:${qualifier}` : kind,
  message,
  remedy,
})

/** Every gap of a high-risk partner, from its subscription and its accepted evidence, as of `today`. */
export function computeGaps(
  input: { subscription: SubscriptionState | null; provider: Provider; evidence: EvidenceState[]; requirements: Requirements },
  today: string,
): ComputedGap[] {
  return [
    ...subscriptionGaps(input.subscription, input.provider, input.requirements, today),
    ...insuranceGaps(input.evidence, input.requirements, today),
    ...statisticsGaps(input.evidence, input.requirements, today),
    ...programGaps(input.evidence, input.requirements, today),
  ]
}

export type ClearanceOverrideState = { reason: string; endsOn: string; by: string | null } | null

/**
 * The gate's rule: a low-risk partner is always clear; a high-risk one is clear when it has no gap and no
 * open high-severity red flag, or while a safety user's clearance override runs (through its end date).
 */
export function decideClearance(
  riskLevel: RiskLevel,
  gaps: ComputedGap[],
  redFlags: { message: string; severity: string }[],
  override: ClearanceOverrideState,
  today: string,
): Clearance {
  if (riskLevel === 'low') return { clear: true, riskLevel, reasons: [] }
  if (override && override.endsOn >= today)
    return {
      clear: true,
      riskLevel,
      reasons: [
        {
          code: 'CLEARANCE_OVERRIDE',
          message: `Cleared by ${override.by ?? 'a safety user'} through ${override.endsOn}: ${override.reason}`,
        },
      ],
    }
  const reasons = [
    ...gaps.map((g) => ({ code: g.kind.toUpperCase(), message: `${g.message}. ${g.remedy}.` })),
    ...redFlags.filter((f) => f.severity === 'high').map((f) => ({ code: 'RED_FLAG', message: `Open red flag: ${f.message}` })),
  ]
  return { clear: reasons.length === 0, riskLevel, reasons }
}
