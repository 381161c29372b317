import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { makePartner, sys } from '../../../tests/factories/index.ts'
import { putMetrics } from '../program/metrics.service.ts'
import { reevaluateReview, startReview } from './cycles.service.ts'
import { getRecommendation } from './recommendations.service.ts'

let db: Database
let partner: string
let cycle: string
const $ = (amount: string) => ({ amount, currency: 'USD' as const })
const metrics = (pipeline: string) => ({
  revenue: $('2000000.00'),
  activeCustomers: 12,
  pipeline: $(pipeline),
  jointInvestments: $('10000.00'),
  rebates: $('0.00'),
  marketingFunding: $('0.00'),
  fundedResourcesAmount: $('0.00'),
  fundedResourcesFtes: 1,
  executiveSponsor: true,
  gtmCategories: ['Cloud'],
})
const snapshot = (quarter: number, amount: string) =>
  db.owner.query(
    `INSERT INTO partner_pipeline_snapshots (partner_id, year, quarter, amount, as_of) VALUES ($1, 2026, $2, $3, $4)
     ON CONFLICT (partner_id, year, quarter) DO UPDATE SET amount = EXCLUDED.amount`,
    [partner, quarter, amount, ['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31'][quarter - 1]],
  )
const averagePipeline = async () => (await getRecommendation(sys(db), cycle, partner)).evidence.inputs.averagePipeline

beforeAll(async () => {
  db = await createTestDb()
  partner = (await makePartner(db, { status: 'active' })).id
  await putMetrics(sys(db), partner, 2026, 1, metrics('4000000.00'))
  await putMetrics(sys(db), partner, 2026, 2, metrics('2000000.00'))
  cycle = (await startReview(sys(db), { year: 2026, kind: 'ad_hoc', partnerIds: [partner] })).id
})
afterAll(() => db.close())

describe('reviews and the pipeline from registered deals', () => {
  it('changes a recommendation when a quarter-end snapshot arrives or moves, and nothing otherwise', async () => {
    expect(await averagePipeline()).toEqual($('3000000.00'))
    expect((await reevaluateReview(sys(db), cycle)).changed).toBe(0)
    await snapshot(2, '8000000.00')
    expect((await reevaluateReview(sys(db), cycle)).changed).toBe(1)
    expect(await averagePipeline()).toEqual($('6000000.00'))
    expect((await reevaluateReview(sys(db), cycle)).changed).toBe(0)
    await snapshot(2, '1000000.00')
    expect((await reevaluateReview(sys(db), cycle)).changed).toBe(1)
    expect(await averagePipeline()).toEqual($('2500000.00'))
    // A snapshot of a quarter without reported metrics joins the average.
    await snapshot(3, '500000.00')
    expect((await reevaluateReview(sys(db), cycle)).changed).toBe(1)
    expect(await averagePipeline()).toEqual($('1833333.33'))
  })
})
