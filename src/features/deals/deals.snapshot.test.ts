import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor, type Actor } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import type { Database, Scope } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { partnerEvaluation } from '../program/evaluation.service.ts'
import { putMetrics } from '../program/metrics.service.ts'
import { expireDeals, lastEndedQuarter, snapshotLastQuarterPipeline, snapshotPipeline } from './deals.jobs.ts'
import { openPipelineAt, partnerPipeline } from './deals.pipeline.ts'
import { approveDeal, rejectDeal } from './review.service.ts'
import { registerDeal, updateDeal } from './deals.service.ts'

let db: Database
let acme: string, globex: string, initech: string, hooli: string
let acmeUser: Actor, globexUser: Actor, initechUser: Actor, reviewer: Actor
let bigDeal: string

/** A context acting as `actor` at 10:00 UTC of a day. */
const at = (actor: Actor, day: string): Ctx => ({ ...sys(db), actor, now: () => new Date(`${day}T10:00:00Z`) })
const actorOf = (u: { id: string; email: string; name: string; role: Actor['role']; partnerId: string | null }): Actor => ({
  userId: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  partnerId: u.partnerId,
  via: 'session',
})
const $ = (amount: string) => ({ amount, currency: 'USD' as const })
let n = 0
const deal = (amount: string) => {
  const name = `Customer ${++n} ${Math.random().toString(36).slice(2, 8)}`
  return {
    customer: { name, domain: `customer${n}-${Math.random().toString(36).slice(2, 8)}.com`, country: 'US' },
    products: ['Storage'],
    value: $(amount),
    expectedCloseDate: '2027-06-30',
  }
}
/** Registers a deal as `who` on `day` and, if `approvedOn`, approves it with a protection period. */
async function registered(who: Actor, day: string, amount: string, approvedOn?: string, protectionDays = 365) {
  const d = await registerDeal(at(who, day), deal(amount))
  if (approvedOn) await approveDeal(at(reviewer, approvedOn), d.id, { protectionDays })
  return d.id
}
const snapshots = (scope: Scope = { userId: null, partnerId: null, internal: true }) =>
  db.transaction(scope, (sql) =>
    sql.query<{ partner_id: string; year: number; quarter: number; amount: string; as_of: string; taken_at: Date }>(
      'SELECT partner_id, year, quarter, amount::text, as_of::text, taken_at FROM partner_pipeline_snapshots ORDER BY year, quarter, partner_id',
    ),
  )
const metricsOf = (pipeline: string) => ({
  revenue: $('1000000.00'),
  activeCustomers: 5,
  pipeline: $(pipeline),
  jointInvestments: $('0.00'),
  rebates: $('0.00'),
  marketingFunding: $('0.00'),
  fundedResourcesAmount: $('0.00'),
  fundedResourcesFtes: 0,
  executiveSponsor: false,
  gtmCategories: [],
})

beforeAll(async () => {
  db = await createTestDb()
  acme = (await makePartner(db, { legalName: 'Acme Systems', status: 'active', tier: 'strategic' })).id
  globex = (await makePartner(db, { legalName: 'Globex Integration', status: 'active', tier: 'strategic' })).id
  initech = (await makePartner(db, { legalName: 'Initech Software', status: 'active', tier: 'strategic' })).id
  hooli = (await makePartner(db, { legalName: 'Hooli Services', status: 'active', tier: 'strategic' })).id
  acmeUser = actorOf((await makeUser(db, 'partner_user', acme)) as never)
  globexUser = actorOf((await makeUser(db, 'partner_user', globex)) as never)
  initechUser = actorOf((await makeUser(db, 'partner_user', initech)) as never)
  reviewer = actorOf((await makeUser(db, 'incentives')) as never)

  // Acme in 2026 Q3 (ends 2026-09-30).
  bigDeal = await registered(acmeUser, '2026-07-01', '100000.00', '2026-07-02') // open at the quarter end
  const wonLater = await registered(acmeUser, '2026-07-01', '20000.00', '2026-07-02') // closed after the quarter end: counts
  const lostBefore = await registered(acmeUser, '2026-07-01', '7000.00', '2026-07-02') // closed before: out
  const rejected = await registered(acmeUser, '2026-07-01', '3000.00') // rejected: out
  await registered(acmeUser, '2026-07-01', '5000.00', '2026-07-02', 30) // protection ended 2026-08-01, expired: out
  await registered(acmeUser, '2026-07-01', '400.00', '2026-07-02', 100) // protected to 2026-10-10: counts although expired later
  await registered(acmeUser, '2026-09-28', '11000.00', '2026-10-01') // approved after the quarter end: out
  await registered(acmeUser, '2026-09-01', '13000.00') // still under review: out
  await rejectDeal(at(reviewer, '2026-07-02'), rejected, 'Not a new opportunity')
  await updateDeal(at(acmeUser, '2026-09-15'), lostBefore, { stage: 'closed_lost' })
  await expireDeals(at(reviewer, '2026-08-02'))
  await updateDeal(at(acmeUser, '2026-10-05'), wonLater, { stage: 'closed_won' })
  await expireDeals(at(reviewer, '2026-10-11'))
  // Globex registered one deal in the quarter, rejected: a snapshot of zero.
  await rejectDeal(at(reviewer, '2026-08-01'), await registered(globexUser, '2026-07-15', '9000.00'), 'Duplicate')
  // Initech registered only after the quarter ended; Hooli never: no snapshot.
  await registered(initechUser, '2026-10-02', '50000.00', '2026-10-03')
})
afterAll(() => db.close())

describe("snapshotting the partners' pipeline at a quarter end", () => {
  it('keeps the open approved registered pipeline at the last day: approved, protected and not closed by then', async () => {
    const r = await snapshotPipeline(at(systemActor, '2026-10-12'), { year: 2026, quarter: 3 })
    expect(r).toEqual({ year: 2026, quarter: 3, asOf: '2026-09-30', taken: true, partners: 2, changed: 2 })
    const rows = await snapshots()
    expect(rows.map(({ partner_id, amount, as_of }) => ({ partner_id, amount, as_of }))).toEqual(
      [
        { partner_id: acme, amount: '120400.00', as_of: '2026-09-30' },
        { partner_id: globex, amount: '0.00', as_of: '2026-09-30' },
      ].sort((a, b) => a.partner_id.localeCompare(b.partner_id)),
    )
    // The same rule as the live figure at that day.
    const live = await db.transaction({ userId: null, partnerId: null, internal: true }, (sql) => openPipelineAt(sql, acme, '2026-09-30'))
    expect(live).toEqual($('120400.00'))
    expect(rows.some((s) => s.partner_id === initech || s.partner_id === hooli)).toBe(false)
  })

  it('is idempotent: a re-run writes nothing, nor does a value approved after the quarter ended', async () => {
    const before = await snapshots()
    expect(await snapshotPipeline(at(systemActor, '2026-10-13'), { year: 2026, quarter: 3 })).toMatchObject({ partners: 2, changed: 0 })
    expect(await snapshots()).toEqual(before)
    // Beyond the tolerance: it waits for review, then counts from its approval (after the quarter's end).
    await updateDeal(at(acmeUser, '2026-10-13'), bigDeal, { value: $('150000.00') })
    await approveDeal(at(reviewer, '2026-10-13'), bigDeal, {})
    expect(await snapshotPipeline(at(systemActor, '2026-10-14'), { year: 2026, quarter: 3 })).toMatchObject({ partners: 2, changed: 0 })
    expect(await snapshots()).toEqual(before)
  })

  it('refuses a quarter that has not ended, a bad quarter, and partner users, changing nothing', async () => {
    const before = await snapshots()
    await expect(snapshotPipeline(at(systemActor, '2026-12-31'), { year: 2026, quarter: 4 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ path: 'quarter', message: expect.stringContaining('2026 Q4 has not ended yet: it ends on 2026-12-31') }] },
    })
    await expect(snapshotPipeline(at(systemActor, '2026-12-31'), { year: 2026, quarter: 5 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ path: 'quarter', message: 'A quarter from 1 to 4' }] },
    })
    await expect(snapshotPipeline(at(systemActor, '2026-12-31'), { year: Number.NaN, quarter: 1 })).rejects.toMatchObject({
      details: { errors: [{ path: 'year', message: 'A year from 2000 to 2100' }] },
    })
    await expect(snapshotPipeline(at(acmeUser, '2026-12-31'), { year: 2026, quarter: 3 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(await snapshots()).toEqual(before)
  })
})

describe('the daily snapshot job', () => {
  it('finds the last ended quarter', () => {
    expect(lastEndedQuarter('2027-01-01')).toEqual({ year: 2026, quarter: 4 })
    expect(lastEndedQuarter('2026-12-31')).toEqual({ year: 2026, quarter: 3 })
    expect(lastEndedQuarter('2026-04-01')).toEqual({ year: 2026, quarter: 1 })
  })

  it('snapshots the last ended quarter once; a quarter that has a snapshot is left alone', async () => {
    // Q3 has one (taken above): nothing is written.
    expect(await snapshotLastQuarterPipeline(at(reviewer, '2026-12-31'))).toMatchObject({
      year: 2026,
      quarter: 3,
      taken: false,
      changed: 0,
    })
    const first = await snapshotLastQuarterPipeline(at(reviewer, '2027-01-01'))
    // Q4: the big deal (protected to 2027-07-02) and the one approved on 2026-10-01; the others closed or expired by then.
    // Initech's registration came in the quarter.
    expect(first).toEqual({ year: 2026, quarter: 4, asOf: '2026-12-31', taken: true, partners: 3, changed: 3 })
    const q4 = (await snapshots()).filter((s) => s.quarter === 4)
    expect(Object.fromEntries(q4.map((s) => [s.partner_id, s.amount]))).toEqual({
      [acme]: '161000.00',
      [globex]: '0.00',
      [initech]: '50000.00',
    })
    expect(await snapshotLastQuarterPipeline(at(reviewer, '2027-01-02'))).toMatchObject({ year: 2026, quarter: 4, taken: false })
  })
})

describe('the pipeline metric of the tier evaluation', () => {
  it("takes a quarter's snapshot over the reported pipeline, and averages over the quarters that have either", async () => {
    await putMetrics(sys(db), acme, 2026, 2, metricsOf('200000.00'))
    await putMetrics(sys(db), acme, 2026, 3, metricsOf('1000000.00'))
    const e = await partnerEvaluation(at(acmeUser, '2027-01-02'), acme, { year: 2026 })
    // Q2 reported 200,000; Q3 from deals 120,400 (not the reported 1,000,000); Q4 from deals 161,000 (not reported).
    expect(e.inputs.averagePipeline).toEqual($('160466.66'))
    expect(e.quarters).toEqual([2, 3])
    // Hooli has no registered deals: its reported figures stand alone.
    await putMetrics(sys(db), hooli, 2026, 3, metricsOf('1000000.00'))
    expect((await partnerEvaluation(at(reviewer, '2027-01-02'), hooli, { year: 2026 })).inputs.averagePipeline).toEqual($('1000000.00'))
  })

  it('shows each quarter with its snapshot to the partner, and another company nothing', async () => {
    const p = await partnerPipeline(at(acmeUser, '2027-01-02'), acme, 2026)
    expect(p.quarters.map((q) => [q.quarter, q.asOf, q.snapshot?.amount.amount ?? null])).toEqual([
      [1, '2026-03-31', null],
      [2, '2026-06-30', null],
      [3, '2026-09-30', '120400.00'],
      [4, '2026-12-31', '161000.00'],
    ])
    expect(p.quarters[2]?.snapshot).toEqual({ amount: $('120400.00'), asOf: '2026-09-30', takenAt: '2026-10-12T10:00:00.000Z' })
    await expect(partnerPipeline(at(globexUser, '2027-01-02'), acme, 2026)).rejects.toMatchObject({ code: 'PARTNER_NOT_FOUND' })
  })
})

describe('tenancy of the snapshots (row-level security alone)', () => {
  const asPartner = (partnerId: string): Scope => ({ userId: null, partnerId, internal: false })

  it("shows a partner user its own company's snapshots only", async () => {
    const seen = await snapshots(asPartner(acme))
    expect(seen.length).toBe(2)
    expect(new Set(seen.map((s) => s.partner_id))).toEqual(new Set([acme]))
    expect(await snapshots(asPartner(hooli))).toEqual([])
  })

  it('lets no partner user write snapshots, not even its own', async () => {
    await expect(
      db.transaction(asPartner(acme), (sql) =>
        sql.query(
          "INSERT INTO partner_pipeline_snapshots (partner_id, year, quarter, amount, as_of) VALUES ($1, 2026, 1, 1, '2026-03-31')",
          [acme],
        ),
      ),
    ).rejects.toThrow(/row-level security/)
    expect(
      await db.transaction(asPartner(acme), (sql) => sql.query('UPDATE partner_pipeline_snapshots SET amount = 0 RETURNING 1')),
    ).toEqual([])
    expect(await db.transaction(asPartner(acme), (sql) => sql.query('DELETE FROM partner_pipeline_snapshots RETURNING 1'))).toEqual([])
    expect((await snapshots()).find((s) => s.partner_id === acme && s.quarter === 3)?.amount).toBe('120400.00')
  })
})

describe('deal inflation (security 5)', () => {
  it('counts an approved deal at its approved value: a raise beyond the tolerance waits for review', async () => {
    const inflate = (await makePartner(db, { legalName: 'Inflate Co', status: 'active', tier: 'strategic' })).id
    const user = actorOf((await makeUser(db, 'partner_user', inflate)) as never)
    const id = await registered(user, '2027-01-04', '50000.00', '2027-01-05')
    const pipelineAt = (day: string) =>
      db.transaction({ userId: null, partnerId: null, internal: true }, (sql) => openPipelineAt(sql, inflate, day))

    // The partner's 950,000,000 is kept (the registration shows it) but does not count until approved.
    const inflated = await updateDeal(at(user, '2027-02-01'), id, { value: $('950000000.00') })
    expect(inflated.value).toEqual($('950000000.00'))
    expect(await pipelineAt('2027-02-01')).toEqual($('50000.00'))
    // Within 10% of the approved value, a change counts at once.
    await updateDeal(at(user, '2027-02-02'), id, { value: $('54000.00') })
    expect(await pipelineAt('2027-02-02')).toEqual($('54000.00'))
    // Beyond it, it counts once a reviewer approves it, from that day.
    await updateDeal(at(user, '2027-02-03'), id, { value: $('80000.00') })
    expect(await pipelineAt('2027-02-03')).toEqual($('54000.00'))
    await approveDeal(at(reviewer, '2027-02-04'), id, {})
    expect(await pipelineAt('2027-02-03')).toEqual($('54000.00'))
    expect(await pipelineAt('2027-02-04')).toEqual($('80000.00'))
    // With nothing waiting, approving again is refused.
    await expect(approveDeal(at(reviewer, '2027-02-05'), id, {})).rejects.toMatchObject({ code: 'INVALID_TRANSITION' })

    // The quarter-end snapshot takes the value approved by the quarter's end, also when taken after a later raise.
    await updateDeal(at(user, '2027-03-30'), id, { value: $('900000.00') })
    await updateDeal(at(user, '2027-04-01'), id, { value: $('84000.00') })
    await snapshotPipeline(at(systemActor, '2027-04-02'), { year: 2027, quarter: 1 })
    const q1 = (await snapshots()).find((s) => s.partner_id === inflate && s.year === 2027 && s.quarter === 1)
    expect(q1?.amount).toBe('80000.00')
    const history = await db.owner.query<{ value: string; approved: boolean }>(
      'SELECT value::text, approved_at IS NOT NULL AS approved FROM deal_values WHERE deal_id = $1 ORDER BY id',
      [id],
    )
    expect(history).toEqual([
      { value: '50000.00', approved: true },
      { value: '950000000.00', approved: false },
      { value: '54000.00', approved: true },
      { value: '80000.00', approved: false },
      { value: '80000.00', approved: true },
      { value: '900000.00', approved: false },
      { value: '84000.00', approved: true },
    ])
  })
})
