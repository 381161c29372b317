import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { startReview } from './cycles.service.ts'
import { approve, decide } from './decisions.service.ts'
import { oneRow } from '../../core/db-rows.ts'

let db: Database
let t: TestApp
let mine: string
let theirs: string
let own: Awaited<ReturnType<TestApp['login']>>

/** Moves a partner to a tier through a review: decision, then both approvals. */
async function promote(partnerId: string, tier: 'select' | 'approved') {
  const review = await startReview(sys(db), { year: 2026, kind: 'ad_hoc', partnerIds: [partnerId] })
  const { decision } = await decide(sys(db), review.id, { partnerId, tier, justification: 'Strategic fit', effectiveDate: '2026-01-01' })
  for (const role of ['sales', 'alliances'] as const) {
    const u = await makeUser(db, role)
    await approve({ ...sys(db), actor: { userId: u.id, email: u.email, name: u.name, role, partnerId: null, via: 'session' } }, decision.id)
  }
}

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  mine = (await makePartner(db, { status: 'active' })).id
  theirs = (await makePartner(db, { status: 'active' })).id
  await promote(mine, 'approved')
  await promote(theirs, 'select')
  own = await t.login((await makeUser(db, 'partner_user', mine)).email)
})
afterAll(() => db.close())

describe('tier history for partner users', () => {
  it('shows their own company only; another company answers like an unknown id', async () => {
    const res = await own.get(`/api/partners/${mine}/tier-history`)
    expect(res.status).toBe(200)
    expect((await res.json()).items).toMatchObject([
      { partnerId: mine, fromTier: null, toTier: 'approved', justification: 'Strategic fit' },
    ])
    const other = await own.get(`/api/partners/${theirs}/tier-history`)
    const none = await own.get(`/api/partners/${randomUUID()}/tier-history`)
    expect(other.status).toBe(404)
    expect({ ...(await other.json()), instance: undefined }).toEqual({ ...(await none.json()), instance: undefined })
  })

  it('keeps reviews and decisions away from partners, in the API and in the database', async () => {
    expect((await own.get('/api/reviews')).status).toBe(403)
    const scope = { userId: null, partnerId: mine, internal: false }
    const seen = await db.transaction(scope, (sql) =>
      sql.query<{ table: string; n: number }>(
        `SELECT 'history' AS table, count(*)::int AS n FROM tier_history UNION ALL SELECT 'recommendations', count(*)::int FROM review_recommendations
         UNION ALL SELECT 'decisions', count(*)::int FROM review_decisions UNION ALL SELECT 'cycles', count(*)::int FROM review_cycles`,
      ),
    )
    expect(Object.fromEntries(seen.map((r) => [r.table, r.n]))).toEqual({ history: 1, recommendations: 0, decisions: 0, cycles: 0 })
    await expect(db.transaction(scope, (sql) => sql.query("UPDATE tier_history SET justification = 'changed'"))).rejects.toThrow()
    await expect(
      db.transaction({ ...scope, partnerId: null, internal: true }, (sql) => sql.query('DELETE FROM tier_history')),
    ).rejects.toThrow()
  })
})

describe('the references of review recommendations (checked once per statement)', () => {
  const internal = { userId: null, partnerId: null, internal: true }
  const recommendation = (cycle: string, partner: string) =>
    `INSERT INTO review_recommendations (cycle_id, partner_id, rule, movement, revenue, active_customers, average_pipeline,
       joint_investments, rebates, marketing_funding, funded_resources_amount, funded_resources_ftes, executive_sponsor, gtm_categories,
       quarters, unconfirmed_quarters, waived_keys, waived_reasons)
     VALUES ('${cycle}', '${partner}', 'holistic', 'keep', 0, 0, 0, 0, 0, 0, 0, 0, false, 0, '{}', '{}', '{}', '{}')`

  it('refuses a recommendation for an unknown cycle or partner, and keeps reviewed partners from being deleted', async () => {
    const cycle = oneRow(
      await db.owner.query<{ id: string }>('SELECT cycle_id AS id FROM review_recommendations WHERE partner_id = $1', [mine]),
      'Review recommendation',
    )
    const before = await db.owner.query('SELECT count(*)::int AS n FROM review_recommendations')
    await expect(db.transaction(internal, (sql) => sql.query(recommendation(cycle.id, randomUUID())))).rejects.toMatchObject({
      code: '23503',
    })
    await expect(db.transaction(internal, (sql) => sql.query(recommendation(randomUUID(), mine)))).rejects.toMatchObject({ code: '23503' })
    expect(await db.owner.query('SELECT count(*)::int AS n FROM review_recommendations')).toEqual(before)
    // The application may not delete partners at all; even the owner cannot delete a reviewed one.
    const reviewed = (await makePartner(db, { status: 'active' })).id
    await startReview(sys(db), { year: 2026, kind: 'ad_hoc', partnerIds: [reviewed] })
    await expect(db.transaction(internal, (sql) => sql.query('DELETE FROM partners WHERE id = $1', [reviewed]))).rejects.toThrow(
      /permission denied/,
    )
    await expect(db.owner.query('DELETE FROM partners WHERE id = $1', [reviewed])).rejects.toThrow(/reviewed partner/)
  })
})
