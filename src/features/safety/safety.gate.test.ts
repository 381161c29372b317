import { describe, expect, it } from 'vitest'
import type { Provider, Requirements } from './safety.contract.ts'
import { computeGaps, decideClearance, type EvidenceState, type SubscriptionState } from './safety.rules.ts'

// The gate's truth table on the rules themselves: risk × subscription × grade × evidence × override, each
// evaluated on the expiry date of a certificate and on the day after (UTC calendar dates, decision 019).

const requirements: Requirements = {
  insurance: [
    { type: 'general_liability', minimum: { amount: '1000000.00', currency: 'USD' } },
    { type: 'workers_compensation', minimum: { amount: '500000.00', currency: 'USD' } },
  ],
  maxEmr: '1.00',
  maxTrir: '3.00',
  maxDart: '2.00',
  statisticsMaxAgeYears: 2,
  requireWrittenProgram: true,
  providerUpdateMaxAgeDays: 120,
  version: 1,
  updatedAt: new Date(0).toISOString(),
}
const isn: Provider = {
  key: 'isnetworld',
  name: 'ISNetworld',
  grading: 'letter',
  grades: ['A', 'B', 'C', 'F'],
  passingGrade: 'B',
  passMark: null,
  isDefault: true,
}
const avetta: Provider = {
  key: 'avetta',
  name: 'Avetta',
  grading: 'percentage',
  grades: [],
  passingGrade: null,
  passMark: '80.00',
  isDefault: false,
}

const EXPIRY = '2027-06-30'
const none = {
  title: null,
  insuranceType: null,
  limitAmount: null,
  limitCurrency: null,
  effectiveDate: null,
  expiryDate: null,
  year: null,
  trir: null,
  dart: null,
  emr: null,
}
const cert = (
  type: 'general_liability' | 'workers_compensation',
  amount: string,
  expiryDate = '2028-01-31',
  currency = 'USD',
): EvidenceState => ({
  ...none,
  kind: 'insurance',
  insuranceType: type,
  limitAmount: amount,
  limitCurrency: currency,
  effectiveDate: '2026-01-01',
  expiryDate,
})
const stats = (emr = '0.80', year = 2026): EvidenceState => ({ ...none, kind: 'statistics', year, trir: '1.20', dart: '0.50', emr })
const program: EvidenceState = { ...none, kind: 'program', title: 'Safety manual' }

const evidenceSets = {
  complete: [cert('general_liability', '2000000.00', EXPIRY), cert('workers_compensation', '500000.00'), stats(), program],
  missingCertificate: [cert('workers_compensation', '500000.00'), stats(), program],
  limitBelow: [cert('general_liability', '999999.99', EXPIRY), cert('workers_compensation', '500000.00'), stats(), program],
  highEmr: [cert('general_liability', '2000000.00', EXPIRY), cert('workers_compensation', '500000.00'), stats('1.01'), program],
} as const
const subscriptions = ['none', 'pending', 'lapsed', 'active'] as const
const grades = { pass: 'B', fail: 'C' } as const
const overrides = {
  none: null,
  running: { reason: 'Audit booked', endsOn: '2027-07-01', by: 'Sam Safety' },
  ended: { reason: 'Old', endsOn: '2027-06-29', by: 'Sam' },
}

describe('the safety gate truth table', () => {
  for (const today of [EXPIRY, '2027-07-01'])
    it(`answers every combination on ${today}`, () => {
      let rows = 0
      for (const risk of ['high', 'low'] as const)
        for (const status of subscriptions)
          for (const [gradeName, grade] of Object.entries(grades))
            for (const [evidenceName, evidence] of Object.entries(evidenceSets))
              for (const [overrideName, override] of Object.entries(overrides)) {
                const sub: SubscriptionState = { status, grade, score: null, providerUpdatedOn: '2027-05-01' }
                const gaps =
                  risk === 'high' ? computeGaps({ subscription: sub, provider: isn, evidence: [...evidence], requirements }, today) : []
                const answer = decideClearance(risk, gaps, [], override, today)
                const compliant = status === 'active' && gradeName === 'pass' && evidenceName === 'complete' && today === EXPIRY
                const expected = risk === 'low' || overrideName === 'running' || compliant
                const label = `${risk} ${status} ${gradeName} ${evidenceName} override:${overrideName} on ${today}`
                expect(answer.clear, label).toBe(expected)
                expect(answer.riskLevel).toBe(risk)
                if (!answer.clear) expect(answer.reasons.length, label).toBeGreaterThan(0)
                if (risk === 'low') expect(answer.reasons).toEqual([])
                rows += 1
              }
      expect(rows).toBe(2 * 4 * 2 * 4 * 3)
    })

  it('words each reason in plain words with what closes it', () => {
    const sub: SubscriptionState = { status: 'active', grade: 'F', score: null, providerUpdatedOn: '2026-01-01' }
    const gaps = computeGaps(
      { subscription: sub, provider: isn, evidence: [cert('general_liability', '2000000.00', '2027-06-30'), stats('1.50')], requirements },
      '2027-07-01',
    )
    expect(gaps.map((g) => g.key)).toEqual([
      'failing_grade',
      'provider_update_stale',
      'insurance_expired:general_liability',
      'insurance_missing:workers_compensation',
      'statistics_above_threshold:emr',
      'program_missing',
    ])
    expect(gaps.find((g) => g.key === 'insurance_expired:general_liability')).toMatchObject({
      message: 'The general liability certificate expired on 2027-06-30',
      remedy: 'Upload a current general liability certificate',
    })
    expect(gaps.find((g) => g.kind === 'failing_grade')?.message).toBe('ISNetworld grade F is below the passing grade B')
  })

  it('grades percentage providers against their pass mark', () => {
    const at = (score: string | null) =>
      computeGaps(
        {
          subscription: { status: 'active', grade: null, score, providerUpdatedOn: '2027-05-01' },
          provider: avetta,
          evidence: [...evidenceSets.complete],
          requirements,
        },
        EXPIRY,
      )
    expect(at('80.00')).toEqual([])
    expect(at('79.99').map((g) => g.message)).toEqual(['Avetta score 79.99% is below the pass mark 80.00%'])
    expect(at(null).map((g) => g.message)).toEqual(['No Avetta score recorded'])
  })

  it('does not compare limits across currencies, and blocks on an open high-severity red flag only', () => {
    const gaps = computeGaps(
      {
        subscription: { status: 'active', grade: 'A', score: null, providerUpdatedOn: '2027-05-01' },
        provider: isn,
        evidence: [cert('general_liability', '5000000.00', EXPIRY, 'EUR'), cert('workers_compensation', '500000.00'), stats(), program],
        requirements,
      },
      EXPIRY,
    )
    expect(gaps.map((g) => g.key)).toEqual(['insurance_limit_below:general_liability'])
    expect(decideClearance('high', [], [{ message: 'Near miss', severity: 'medium' }], null, EXPIRY).clear).toBe(true)
    expect(decideClearance('high', [], [{ message: 'Fall on site', severity: 'high' }], null, EXPIRY)).toEqual({
      clear: false,
      riskLevel: 'high',
      reasons: [{ code: 'RED_FLAG', message: 'Open red flag: Fall on site' }],
    })
  })

  it('treats statistics older than the allowed age as missing', () => {
    const gaps = computeGaps(
      {
        subscription: { status: 'active', grade: 'A', score: null, providerUpdatedOn: '2027-05-01' },
        provider: isn,
        evidence: [cert('general_liability', '2000000.00'), cert('workers_compensation', '500000.00'), stats('0.5', 2024), program],
        requirements,
      },
      EXPIRY,
    )
    expect(gaps.map((g) => g.message)).toEqual(['No safety statistics for 2025 or later'])
  })
})
