import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database, Scope } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { makePartner, sys } from '../../../tests/factories/index.ts'
import { putMetrics } from './metrics.service.ts'
import { waive } from './waivers.service.ts'

let db: Database
let a: string
let b: string
const $ = (amount: string) => ({ amount, currency: 'USD' as const })
const quarter = {
  revenue: $('1'),
  activeCustomers: 1,
  pipeline: $('1'),
  jointInvestments: $('1'),
  rebates: $('1'),
  marketingFunding: $('1'),
  fundedResourcesAmount: $('1'),
  fundedResourcesFtes: 1,
  executiveSponsor: true,
  gtmCategories: [],
}
beforeAll(async () => {
  db = await createTestDb()
  a = (await makePartner(db)).id
  b = (await makePartner(db)).id
  for (const p of [a, b]) {
    await putMetrics(sys(db), p, 2026, 1, quarter)
    await waive(sys(db), p, { year: 2026, key: 'rebates', reason: 'Test' })
  }
})
afterAll(() => db.close())

const asPartner = (partnerId: string): Scope => ({ userId: null, partnerId, internal: false })

// No tenant filter in these queries: row-level security alone must scope them.
describe('row-level security on program tables', () => {
  it('shows a partner only its own metrics and waivers', async () => {
    for (const table of ['partner_metrics', 'criterion_waivers']) {
      const rows = await db.transaction(asPartner(a), (sql) =>
        sql.query<{ p: string }>(`SELECT DISTINCT partner_id::text AS p FROM ${table}`),
      )
      expect(rows, table).toEqual([{ p: a }])
    }
  })

  it("lets a partner write neither waivers nor another company's metrics", async () => {
    await expect(
      db.transaction(asPartner(a), (sql) =>
        sql.query("INSERT INTO criterion_waivers (partner_id, year, criterion_key, reason) VALUES ($1, 2026, 'revenue', 'Self-service')", [
          a,
        ]),
      ),
    ).rejects.toThrow(/row-level security/)
    const updated = await db.transaction(asPartner(a), (sql) =>
      sql.query('UPDATE partner_metrics SET revenue = 0 WHERE partner_id = $1 RETURNING id', [b]),
    )
    expect(updated).toEqual([])
  })
})
