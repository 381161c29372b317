import { itemAt } from '../../core/arrays.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope, type Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { makePartner, sys } from '../../../tests/factories/index.ts'
import { figuresOf } from './evaluation.ts'
import { figuresOfRow, quartersText, yearFigures, yearFiguresInBatches, type FiguresRow } from './metrics.aggregate.ts'
import { putMetrics } from './metrics.service.ts'
import { waive } from './waivers.service.ts'
import { oneRow } from '../../core/db-rows.ts'

let db: Database
let full: string
let empty: string
let fed: string
let dealsOnly: string
const $ = (amount: string) => ({ amount, currency: 'USD' as const })
const quarter = (n: number, over: Record<string, unknown> = {}) => ({
  revenue: $(`${n}000000.00`),
  activeCustomers: 10 * n,
  pipeline: $(itemAt(['100.01', '100.00', '100.00', '0.00'], n - 1)),
  jointInvestments: $('1000.00'),
  rebates: $('10.50'),
  marketingFunding: $('20.00'),
  fundedResourcesAmount: $('5.00'),
  fundedResourcesFtes: n / 2,
  executiveSponsor: n === 4,
  gtmCategories: ['Cloud'],
  ...over,
})

beforeAll(async () => {
  db = await createTestDb()
  full = (await makePartner(db, { legalName: 'Figures Inc.' })).id
  empty = (await makePartner(db, { legalName: 'No Figures Ltd' })).id
  // Quarters entered out of order; the latest quarter lists a category twice, in other case and spacing.
  await putMetrics(sys(db), full, 2026, 4, quarter(4, { gtmCategories: ['Cloud', ' cloud ', 'Security', 'Data'] }))
  for (const n of [1, 2, 3]) await putMetrics(sys(db), full, 2026, n, quarter(n))
  await putMetrics(sys(db), full, 2025, 1, quarter(1, { revenue: $('999999999.00') }))
  await waive(sys(db), full, { year: 2026, key: 'rebates', reason: 'Program change mid-year' })
  // Reported pipeline 100.01, 100, 100 and 0; Q2 and Q4 also have a quarter-end snapshot of registered deals.
  fed = (await makePartner(db, { legalName: 'Fed From Deals Corp.' })).id
  for (const n of [1, 2, 3, 4]) await putMetrics(sys(db), fed, 2026, n, quarter(n))
  dealsOnly = (await makePartner(db, { legalName: 'Deals Only LLC' })).id
  await db.owner.query(
    `INSERT INTO partner_pipeline_snapshots (partner_id, year, quarter, amount, as_of) VALUES
       ($1, 2026, 2, 300.00, '2026-06-30'), ($1, 2026, 4, 99.99, '2026-12-31'), ($1, 2025, 4, 1000000.00, '2025-12-31'),
       ($2, 2026, 1, 50.00, '2026-03-31'), ($2, 2026, 3, 0.01, '2026-09-30')`,
    [fed, dealsOnly],
  )
})
afterAll(() => db.close())

describe('a program year’s figures (aggregated by the database)', () => {
  it('sums, takes the latest quarter, averages the pipeline truncated to the cent, and counts distinct categories', async () => {
    const f = oneRow(await db.transaction(systemScope, (sql) => yearFigures(sql, 2026, { ids: [full] })), 'Figures')
    expect(f.inputs).toEqual({
      revenue: $('10000000.00'),
      activeCustomers: 40,
      averagePipeline: $('75.00'),
      jointInvestments: $('4000.00'),
      rebates: $('42.00'),
      marketingFunding: $('80.00'),
      fundedResourcesAmount: $('20.00'),
      fundedResourcesFtes: 2,
      executiveSponsor: true,
      gtmCategories: 3,
    })
    expect(f.quarters).toEqual([1, 2, 3, 4])
    expect(f.unconfirmedQuarters).toEqual([])
    const stored = oneRow(
      await db.owner.query<{ c: string[] }>(
        'SELECT gtm_categories AS c FROM partner_metrics WHERE partner_id = $1 AND year = 2026 AND quarter = 4',
        [full],
      ),
      'Partner metric',
    )
    expect(stored.c).toEqual(['Cloud', 'Security', 'Data'])
    expect(f.waivers).toEqual([{ key: 'rebates', reason: 'Program change mid-year' }])
  })

  it('gives a partner without metrics zero figures, and filters by status', async () => {
    const rows = await db.transaction(systemScope, (sql) => yearFigures(sql, 2026, { statuses: ['prospect', 'active', 'onboarding'] }))
    const none = rows.find((r) => r.partnerId === empty)!
    expect(none.inputs.revenue).toEqual($('0.00'))
    expect(none.inputs.gtmCategories).toBe(0)
    expect(none.quarters).toEqual([])
    expect(rows.map((r) => r.partnerId)).toEqual([...rows.map((r) => r.partnerId)].sort())
    const other = await db.transaction(systemScope, (sql) => yearFigures(sql, 2026, { statuses: ['exited'] }))
    expect(other.find((r) => r.partnerId === full)).toBeUndefined()
  })

  it("takes a quarter's snapshot of registered deals over its reported pipeline; the mean runs over quarters with either", async () => {
    const rows = await db.transaction(systemScope, (sql) => yearFigures(sql, 2026, { ids: [fed, dealsOnly, full] }))
    const byId = new Map(rows.map((r) => [r.partnerId, r]))
    // (100.01 + 300.00 + 100.00 + 99.99) / 4: Q2 and Q4 from deals; the other year's snapshot is not this year's.
    expect(byId.get(fed)!.inputs.averagePipeline).toEqual($('150.00'))
    expect(byId.get(fed)!.pipelineFromDeals).toEqual([2, 4])
    expect(byId.get(fed)!.quarters).toEqual([1, 2, 3, 4])
    expect(byId.get(fed)!.inputs.revenue).toEqual($('10000000.00'))
    // No metrics reported: the pipeline still comes from deals, every other figure is zero.
    expect(byId.get(dealsOnly)!.inputs).toMatchObject({ averagePipeline: $('25.00'), revenue: $('0.00'), activeCustomers: 0 })
    expect(byId.get(dealsOnly)!).toMatchObject({ quarters: [], pipelineFromDeals: [1, 3] })
    expect(byId.get(full)!.pipelineFromDeals).toEqual([])
    expect(byId.get(full)!.inputs.averagePipeline).toEqual($('75.00'))
  })

  it('streams the same figures as rows in batches, which give the evaluation the same figures as the explained path', async () => {
    const scope = { statuses: ['prospect', 'active', 'onboarding'] }
    const [figures, batches] = await db.transaction(systemScope, async (sql) => {
      const { total, batches } = await yearFiguresInBatches(sql, 2026, scope, 2)
      const read: FiguresRow[][] = []
      for await (const batch of batches) read.push(batch)
      expect(total).toBe(read.flat().length)
      return [await yearFigures(sql, 2026, scope), read] as const
    })
    expect(batches.map((b) => b.length)).toEqual([2, 2]) // four partners, in batches of two
    const rows = batches.flat()
    expect(rows.map((r) => r.partner_id)).toEqual(figures.map((f) => f.partnerId))
    rows.forEach((r, i) => {
      expect(figuresOfRow(r)).toEqual(figuresOf(itemAt(figures, i).inputs))
      expect(quartersText(r.quarters)).toBe(`{${itemAt(figures, i).quarters.join(',')}}`)
    })
  })
})
