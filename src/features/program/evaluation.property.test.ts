import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope, type Database } from '../../core/db.ts'
import { formatDecimal } from '../../core/money.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { evaluate, figuresOf, planOf, tierOf, type Guidelines } from './evaluation.ts'
import { loadGuidelines } from './guidelines.queries.ts'
import { criterionKeys, tiers, type CriterionKey, type TierName, type WhatIfMetrics } from './program.contract.ts'

let db: Database
let g: Guidelines
beforeAll(async () => {
  db = await createTestDb()
  g = await db.transaction(systemScope, (sql) => loadGuidelines(sql, 2026))
})
afterAll(() => db.close())

const rank = (t: TierName | null) => (t === null ? 0 : tiers.length - tiers.indexOf(t))
const M = 100_000_000n // $1M in cents

const usd = (c: bigint) => ({ amount: formatDecimal(c), currency: 'USD' as const })
const money = (maxMillions: bigint) => fc.bigInt({ min: 0n, max: maxMillions * M }).map(usd)
const anyFigures: fc.Arbitrary<WhatIfMetrics> = fc.record({
  revenue: money(400n),
  activeCustomers: fc.integer({ min: 0, max: 300 }),
  averagePipeline: money(1200n),
  jointInvestments: money(15n),
  rebates: money(8n),
  marketingFunding: money(2n),
  fundedResourcesAmount: money(3n),
  fundedResourcesFtes: fc.integer({ min: 0, max: 600 }).map((h) => h / 100),
  executiveSponsor: fc.boolean(),
  gtmCategories: fc.integer({ min: 0, max: 7 }),
})

// Figures near one tier's column of the seed table (each scaled a little up or down), so every tier is
// reached often; joint investments follow revenue at a share around the 3.00–4.00% thresholds.
const columns = {
  strategic: [300n, 250, 350n, 6n, 1n, 2n, 4, 5],
  advantage: [75n, 100, 125n, 1n, 500n, 1n, 2, 3],
  select: [30n, 50, 30n, 300n, 250n, 450n, 1, 2],
  approved: [3n, 15, 5n, 100n, 20n, 0n, 0, 1],
} as const
const K = 100_000n // $1K in cents
const scale = fc.constantFrom(50n, 95n, 100n, 100n, 100n, 100n, 110n, 200n)
const nearTier: fc.Arbitrary<WhatIfMetrics> = fc
  .record({
    tier: fc.constantFrom(...tiers),
    s: fc.tuple(scale, scale, scale, scale, scale, scale, scale, scale, scale),

    pct: fc.constantFrom(290n, 300n, 350n, 400n, 450n),
    sponsor: fc.boolean(),
  })
  .map(({ tier, s, pct, sponsor }) => {
    const [rev, cust, pipe, reb, mf, fra, ftes, gtm] = columns[tier]
    const big = tier === 'strategic' || tier === 'advantage'
    const revenue = (rev * M * s[0]) / 100n
    return {
      revenue: usd(revenue),
      activeCustomers: Math.floor((cust * Number(s[1])) / 100),
      averagePipeline: usd((pipe * M * s[2]) / 100n),
      jointInvestments: usd((revenue * pct) / 10000n),
      rebates: usd(((big ? reb * M : reb * K) * s[3]) / 100n),
      marketingFunding: usd(((tier === 'strategic' ? mf * M : mf * K) * s[4]) / 100n),
      fundedResourcesAmount: usd(((tier === 'approved' ? 0n : big ? fra * M : fra * K) * s[5]) / 100n),
      fundedResourcesFtes: Math.floor(ftes * Number(s[6])) / 100,
      executiveSponsor: sponsor || s[7] >= 100n,
      gtmCategories: Math.floor((gtm * Number(s[8])) / 100),
    }
  })
const metrics = fc.oneof(nearTier, anyFigures)

type Key = keyof WhatIfMetrics
const raisable: Exclude<Key, 'revenue'>[] = [
  'activeCustomers',
  'averagePipeline',
  'jointInvestments',
  'rebates',
  'marketingFunding',
  'fundedResourcesAmount',
  'fundedResourcesFtes',
  'executiveSponsor',
  'gtmCategories',
]

function raise(m: WhatIfMetrics, key: Exclude<Key, 'revenue'>, by: bigint): WhatIfMetrics {
  const v = m[key]
  if (typeof v === 'boolean') return { ...m, [key]: true }
  if (typeof v === 'number')
    return { ...m, [key]: key === 'fundedResourcesFtes' ? (Math.round(v * 100) + Number(by % 1000n)) / 100 : v + Number(by % 100n) }
  const cents = BigInt(v.amount.replace('.', ''))
  return { ...m, [key]: { amount: formatDecimal(cents + by), currency: 'USD' as const } }
}

describe('evaluation properties', () => {
  it('draws figures that reach every tier, so the properties below are not vacuous', () => {
    const seen = new Set(fc.sample(metrics, { numRuns: 3000, seed: 42 }).map((m) => evaluate(g, m, 'strict').tier))
    expect(seen).toEqual(new Set([null, ...tiers]))
  })

  it('raising any input other than revenue never lowers the strict tier', () => {
    fc.assert(
      fc.property(metrics, fc.constantFrom(...raisable), fc.bigInt({ min: 1n, max: 500n * M }), (m, key, by) => {
        expect(rank(evaluate(g, raise(m, key, by), 'strict').tier)).toBeGreaterThanOrEqual(rank(evaluate(g, m, 'strict').tier))
      }),
      { numRuns: 2000 },
    )
  })

  it('raising revenue can lower the strict tier, through the joint investment %', () => {
    const m: WhatIfMetrics = {
      revenue: { amount: '300000000.00', currency: 'USD' as const },
      activeCustomers: 250,
      averagePipeline: { amount: '350000000', currency: 'USD' as const },
      jointInvestments: { amount: '12000000', currency: 'USD' as const },
      rebates: { amount: '6000000', currency: 'USD' as const },
      marketingFunding: { amount: '1000000', currency: 'USD' as const },
      fundedResourcesAmount: { amount: '2000000', currency: 'USD' as const },
      fundedResourcesFtes: 4,
      executiveSponsor: true,
      gtmCategories: 5,
    }
    expect(evaluate(g, m, 'strict').tier).toBe('strategic')
    expect(evaluate(g, { ...m, revenue: { amount: '400000001.00', currency: 'USD' as const } }, 'strict').tier).toBeNull()
  })

  it('the strict tier is always one whose criteria are all met, and every tier is judged on its own', () => {
    fc.assert(
      fc.property(metrics, (m) => {
        const r = evaluate(g, m, 'strict')
        if (r.tier) expect(r.criteria.every((c) => c.byTier[r.tier!].met)).toBe(true)
        for (const t of tiers) expect(r.tiers[t].met).toBe(r.criteria.every((c) => c.byTier[t].met))
        const higher = tiers.slice(0, r.tier ? tiers.indexOf(r.tier) : tiers.length)
        expect(higher.every((t) => !r.tiers[t].met)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('the holistic tier is never below the strict tier, and gaps exist exactly when there is a next tier', () => {
    fc.assert(
      fc.property(metrics, (m) => {
        const strict = evaluate(g, m, 'strict')
        const holistic = evaluate(g, m, 'holistic')
        expect(rank(holistic.tier)).toBeGreaterThanOrEqual(rank(strict.tier))
        for (const r of [strict, holistic]) expect(r.gaps.length > 0).toBe(r.nextTier !== null)
      }),
      { numRuns: 1000 },
    )
  })

  it("a review's lean tier (tierOf) is the explained evaluation's tier, under both rules and with waivers", () => {
    const waived = fc.subarray([...criterionKeys] as CriterionKey[], { maxLength: 3 })
    fc.assert(
      fc.property(metrics, waived, fc.constantFrom('strict' as const, 'holistic' as const), (m, keys, rule) => {
        expect(tierOf(planOf(g, rule), figuresOf(m), new Set(keys))).toBe(evaluate(g, m, rule, new Set(keys)).tier)
      }),
      { numRuns: 3000 },
    )
  })
})
