import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope, type Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { evaluate, neededOf, type Guidelines } from './evaluation.ts'
import { loadGuidelines } from './guidelines.queries.ts'
import type { WhatIfMetrics } from './program.contract.ts'

let db: Database
let g: Guidelines
beforeAll(async () => {
  db = await createTestDb()
  g = await db.transaction(systemScope, (sql) => loadGuidelines(sql, 2026))
})
afterAll(() => db.close())

const $ = (amount: string) => ({ amount, currency: 'USD' as const })
/** Exactly the seed table's Strategic column: 3.00% joint investments, so every lower tier's % fails. */
const strategic: WhatIfMetrics = {
  revenue: $('300000000'),
  activeCustomers: 250,
  averagePipeline: $('350000000'),
  jointInvestments: $('9000000'),
  rebates: $('6000000'),
  marketingFunding: $('1000000'),
  fundedResourcesAmount: $('2000000'),
  fundedResourcesFtes: 4,
  executiveSponsor: true,
  gtmCategories: 5,
}
/** Meets Select in full (4.00% joint investments meets every tier's %), short of Advantage on three counts. */
const select: WhatIfMetrics = {
  revenue: $('62500000'),
  activeCustomers: 100,
  averagePipeline: $('125000000'),
  jointInvestments: $('2500000'),
  rebates: $('1000000'),
  marketingFunding: $('500000'),
  fundedResourcesAmount: $('1000000'),
  fundedResourcesFtes: 2,
  executiveSponsor: false,
  gtmCategories: 2,
}

describe('evaluate on the 2026 seed table', () => {
  it('reads the seed table: thresholds per tier, non-monotonic joint investment %', () => {
    const pct = g.criteria.find((c) => c.key === 'jointInvestmentPct')!
    expect([pct.byTier.strategic, pct.byTier.advantage, pct.byTier.select, pct.byTier.approved].map((t) => t.threshold)).toEqual([
      '3.00',
      '3.50',
      '3.50',
      '4.00',
    ])
    const pipeline = g.criteria.find((c) => c.key === 'averagePipeline')!
    expect(pipeline.byTier.strategic).toEqual({ threshold: '350000000.00', typical: '1000000000.00', text: '$350M to $1B+' })
    expect(g.criteria.find((c) => c.key === 'executiveSponsor')!.byTier.select.threshold).toBe('optional')
    expect(g.criteria.find((c) => c.key === 'fundedResourcesFtes')!.byTier.approved.threshold).toBe('n/a')
    expect(g.rule).toEqual({ mustPass: ['revenue'], categoryRatio: 0.75 })
  })

  it('places a partner at Strategic while it fails every lower tier on the 3.00% joint investment share', () => {
    const r = evaluate(g, strategic, 'strict')
    expect(r.tier).toBe('strategic')
    expect(r.tiers).toEqual({ strategic: { met: true }, advantage: { met: false }, select: { met: false }, approved: { met: false } })
    const pct = r.criteria.find((c) => c.key === 'jointInvestmentPct')!
    expect(pct.value).toBe('3.00')
    expect(pct.byTier.approved).toEqual({ threshold: '4.00', met: false })
    expect(pct.byTier.strategic).toEqual({ threshold: '3.00', met: true })
    expect(r.nextTier).toBeNull()
    expect(r.gaps).toEqual([])
    expect(r.summary).toBe('Meets Strategic (strict rule). This is the highest tier.')
  })

  it('computes the percentage exactly: one cent short of 3.00% fails', () => {
    const r = evaluate(g, { ...strategic, jointInvestments: $('8999999.99') }, 'strict')
    expect(r.criteria.find((c) => c.key === 'jointInvestmentPct')!.value).toBe('2.99')
    expect(r.tier).toBeNull()
  })

  it('explains the gaps to the next tier in plain words', () => {
    const r = evaluate(g, select, 'strict')
    expect(r.tier).toBe('select')
    expect(r.nextTier).toBe('advantage')
    expect(r.gaps).toEqual([
      { key: 'revenue', category: 'salesRelevance', needed: $('12500000.00'), message: '$12.5M more revenue' },
      { key: 'executiveSponsor', category: 'marketPosition', needed: true, message: 'an executive sponsor' },
      { key: 'gtmCategories', category: 'marketPosition', needed: 1, message: '1 more solution category' },
    ])
    expect(r.summary).toBe(
      'Meets Select (strict rule). For Advantage: needs $12.5M more revenue, an executive sponsor and 1 more solution category.',
    )
    const adv = evaluate(g, { ...strategic, gtmCategories: 3 }, 'strict')
    expect(adv.tier).toBeNull()
    const gtm = adv.gaps.find((x) => x.key === 'gtmCategories')
    expect(gtm).toBeUndefined() // next tier up from "none" is Approved, which needs only 1 category
    const toStrategic = evaluate(g, { ...strategic, gtmCategories: 3, jointInvestments: $('10500000') }, 'strict')
    expect(toStrategic.tier).toBe('advantage')
    expect(toStrategic.gaps).toEqual([
      { key: 'gtmCategories', category: 'marketPosition', needed: 2, message: '2 more solution categories' },
    ])
  })

  it('names the joint investments a % gap takes at current revenue', () => {
    const r = evaluate(g, { ...select, revenue: $('3000000'), jointInvestments: $('117000') }, 'strict')
    expect(r.tier).toBeNull()
    expect(r.gaps.map((x) => x.message)).toEqual([
      'joint investments of at least 4.00% of revenue ($3K more at current revenue)',
      '$3K more joint investments',
    ])
    expect(r.gaps[0]?.needed).toBe('0.10')
  })

  it('gives no tier and no percentage without revenue', () => {
    const zero = evaluate(g, { ...select, revenue: $('0'), jointInvestments: $('0') }, 'strict')
    expect(zero.tier).toBeNull()
    expect(zero.criteria.find((c) => c.key === 'jointInvestmentPct')!.value).toBeNull()
    expect(zero.nextTier).toBe('approved')
  })
})

describe('the holistic rule', () => {
  it('needs max(1, floor(0.75 × n)) of each category', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => neededOf(0.75, n))).toEqual([1, 1, 1, 2, 3, 3, 4])
  })

  it('lets a partner missing some criteria in each category reach the tier', () => {
    // Advantage: no sponsor (market position 1 of 2), 90 customers (sales 2 of 3), marketing funding
    // and FTEs short (channel 4 of 6). Strict stops at Select.
    const m = {
      ...select,
      revenue: $('75000000'),
      activeCustomers: 90,
      jointInvestments: $('2625000'),
      marketingFunding: $('400000'),
      fundedResourcesFtes: 1,
      gtmCategories: 3,
    }
    expect(evaluate(g, m, 'strict').tier).toBe('select')
    const r = evaluate(g, m, 'holistic')
    expect(r.tier).toBe('advantage')
    expect(r.rule).toBe('holistic')
    expect(r.categories.channelProgram.advantage).toEqual({ applicable: 6, met: 4, needed: 4, passed: true })
    expect(r.categories.marketPosition.advantage).toEqual({ applicable: 2, met: 1, needed: 1, passed: true })
    expect(r.categories.salesRelevance.advantage).toEqual({ applicable: 3, met: 2, needed: 2, passed: true })
    // Approved: funded resources and sponsor are n/a, so they do not count.
    expect(r.categories.channelProgram.approved.applicable).toBe(4)
    expect(r.categories.marketPosition.approved.applicable).toBe(1)
  })

  it('requires every must-pass criterion: revenue short means a lower tier', () => {
    const r = evaluate(g, { ...strategic, revenue: $('299999999.99'), jointInvestments: $('9000000') }, 'holistic')
    expect(r.tiers.strategic.met).toBe(false)
    expect(r.tier).toBe('advantage')
    expect(r.gaps[0]).toMatchObject({ key: 'revenue', message: '$0.01 more revenue' })
  })

  it('counts a waived criterion as met, says so, and ignores waivers under the strict rule', () => {
    const m = { ...select, gtmCategories: 1, revenue: $('75000000'), jointInvestments: $('2625000') }
    const waived = evaluate(g, m, 'holistic', new Set(['revenue', 'activeCustomers']))
    const revenue = waived.criteria.find((c) => c.key === 'revenue')!
    expect(revenue.byTier.strategic).toEqual({ threshold: '300000000.00', met: true, waived: true })
    expect(revenue.byTier.select).toEqual({ threshold: '30000000.00', met: true })
    const strict = evaluate(g, m, 'strict', new Set(['revenue']))
    expect(strict.criteria.find((c) => c.key === 'revenue')!.byTier.strategic).toEqual({ threshold: '300000000.00', met: false })
  })

  it('treats a category with no applicable criterion at a tier as met', () => {
    const relaxed: Guidelines = {
      ...g,
      criteria: g.criteria.map((c) =>
        c.category === 'marketPosition' ? { ...c, byTier: { ...c.byTier, approved: { ...c.byTier.approved, threshold: 'n/a' } } } : c,
      ),
    }
    const r = evaluate(relaxed, { ...select, gtmCategories: 0 }, 'holistic')
    expect(r.categories.marketPosition.approved).toEqual({ applicable: 0, met: 0, needed: 0, passed: true })
    expect(r.tiers.approved.met).toBe(true)
  })

  it('summarises holistic gaps per category', () => {
    const r = evaluate(g, { ...select, activeCustomers: 40, averagePipeline: $('20000000') }, 'holistic')
    expect(r.tier).toBe('approved')
    expect(r.summary).toBe(
      'Meets Approved (holistic rule). For Select: needs 1 more sales relevance criterion of: 10 more active customers or $10M more average pipeline.',
    )
  })
})
