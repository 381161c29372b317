import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'
import { oneRow } from '../../core/db-rows.ts'

type Client = Awaited<ReturnType<TestApp['login']>>
let db: Database
let t: TestApp
let pm: Client
let partnerUser: Client
let otherUser: Client
let acme: string
let other: string

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  acme = (await makePartner(db, { legalName: 'ACME Storage Inc.', tier: 'approved' })).id
  other = (await makePartner(db, { legalName: 'Other Networks Ltd' })).id
  pm = await t.login((await makeUser(db, 'partner_manager')).email)
  partnerUser = await t.login((await makeUser(db, 'partner_user', acme)).email)
  otherUser = await t.login((await makeUser(db, 'partner_admin', other)).email)
})
afterAll(() => db.close())

const $ = (amount: string, currency = 'USD') => ({ amount, currency })
/** A Select-sized quarter: four of them make $62.5M revenue and $2.5M joint investments (4.00%). */
const quarter = (over: Record<string, unknown> = {}) => ({
  revenue: $('15625000'),
  activeCustomers: 100,
  pipeline: $('125000000'),
  jointInvestments: $('625000'),
  rebates: $('250000'),
  marketingFunding: $('125000'),
  fundedResourcesAmount: $('250000'),
  fundedResourcesFtes: 2,
  executiveSponsor: false,
  gtmCategories: ['Security', 'Cloud'],
  ...over,
})
const url = (q: number, year = 2026) => `/api/partners/${acme}/metrics/${year}/${q}`
const rows = async () => oneRow(await db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM partner_metrics'), 'Count').n

describe('quarterly metrics', () => {
  it('lets a partner user submit its own quarter, internal staff confirm it, and keeps the partner off a confirmed quarter', async () => {
    const res = await partnerUser.put(url(1), quarter())
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ year: 2026, quarter: 1, status: 'submitted', revenue: $('15625000.00'), confirmedBy: null })
    const confirmed = await (await pm.post(`${url(1)}/confirm`)).json()
    expect(confirmed).toMatchObject({ status: 'confirmed', version: 2 })
    expect(confirmed.confirmedBy).toMatch(/^[0-9a-f-]{36}$/)
    const overwrite = await partnerUser.put(url(1), quarter({ revenue: $('99999999') }))
    expect(overwrite.status).toBe(409)
    expect((await overwrite.json()).code).toBe('METRICS_CONFIRMED')
    const byStaff = await (await pm.put(url(1), quarter({ activeCustomers: 101 }))).json()
    expect(byStaff).toMatchObject({ status: 'confirmed', activeCustomers: 101 })
  })

  it('refuses negative amounts, other currencies and unknown fields, and stores nothing', async () => {
    const before = await rows()
    const res = await partnerUser.put(url(2), quarter({ revenue: $('-10'), rebates: $('5', 'EUR'), activeCustomers: -1, profit: $('1') }))
    expect(res.status).toBe(400)
    expect((await res.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'activeCustomers',
      'profit',
      'rebates.currency',
      'revenue.amount',
    ])
    expect((await partnerUser.put(url(5), quarter())).status).toBe(400)
    expect(await rows()).toBe(before)
  })

  it("answers another company's partner exactly like an unknown one", async () => {
    for (const path of [
      `/api/partners/${acme}/metrics?year=2026`,
      url(1),
      `/api/partners/${acme}/tier-evaluation`,
      `/api/partners/${acme}/benefits`,
    ]) {
      const theirs = await otherUser.get(path)
      const none = await otherUser.get(path.replace(acme, randomUUID()))
      expect(theirs.status, path).toBe(404)
      expect({ ...(await theirs.json()), instance: undefined }).toEqual({ ...(await none.json()), instance: undefined })
    }
    expect((await otherUser.put(url(2), quarter())).status).toBe(404)
  })
})

describe('tier evaluation of a partner', () => {
  it('aggregates the year: sums, latest quarter, mean pipeline, distinct categories', async () => {
    await pm.put(url(1), quarter())
    await pm.put(url(2), quarter({ pipeline: $('100000000') }))
    await pm.put(url(3), quarter({ pipeline: $('150000000') }))
    await partnerUser.put(
      url(4),
      quarter({ activeCustomers: 120, gtmCategories: ['Security', 'security', 'Cloud', 'AI'], fundedResourcesFtes: 2.5 }),
    )
    const r = await (await partnerUser.get(`/api/partners/${acme}/tier-evaluation?rule=strict`)).json()
    expect(r.inputs).toEqual({
      revenue: $('62500000.00'),
      activeCustomers: 120,
      averagePipeline: $('125000000.00'),
      jointInvestments: $('2500000.00'),
      rebates: $('1000000.00'),
      marketingFunding: $('500000.00'),
      fundedResourcesAmount: $('1000000.00'),
      fundedResourcesFtes: 2.5,
      executiveSponsor: false,
      gtmCategories: 3,
    })
    expect(r).toMatchObject({
      partnerId: acme,
      year: 2026,
      rule: 'strict',
      tier: 'select',
      nextTier: 'advantage',
      quarters: [1, 2, 3, 4],
      unconfirmedQuarters: [4],
    })
    expect(r.gaps.map((g: { message: string }) => g.message)).toEqual(['$12.5M more revenue', 'an executive sponsor'])
    expect(r.criteria.find((c: { key: string }) => c.key === 'jointInvestmentPct').value).toBe('4.00')
  })

  it('waives a criterion with a reason: counted as met under the holistic rule, and says so', async () => {
    const noReason = await pm.post(`/api/partners/${acme}/waivers`, { year: 2026, key: 'revenue', reason: ' ' })
    expect(noReason.status).toBe(400)
    expect((await partnerUser.post(`/api/partners/${acme}/waivers`, { year: 2026, key: 'revenue', reason: 'Please' })).status).toBe(403)
    const res = await pm.post(`/api/partners/${acme}/waivers`, {
      year: 2026,
      key: 'executiveSponsor',
      reason: 'Sponsor changing roles; successor named in Q1',
    })
    expect(res.status).toBe(201)
    expect(
      (await pm.post(`/api/partners/${acme}/waivers`, { year: 2026, key: 'executiveSponsor', reason: 'Successor confirmed' })).status,
    ).toBe(200)
    const r = await (await partnerUser.get(`/api/partners/${acme}/tier-evaluation?year=2026&rule=holistic`)).json()
    expect(r.waivers).toEqual([{ key: 'executiveSponsor', reason: 'Successor confirmed' }])
    expect(r.criteria.find((c: { key: string }) => c.key === 'executiveSponsor').byTier.advantage).toEqual({
      threshold: 'required',
      met: true,
      waived: true,
    })
    const strict = await (await pm.get(`/api/partners/${acme}/tier-evaluation?rule=strict`)).json()
    expect(strict.criteria.find((c: { key: string }) => c.key === 'executiveSponsor').byTier.advantage).toEqual({
      threshold: 'required',
      met: false,
    })
    expect((await pm.delete(`/api/partners/${acme}/waivers?year=2026&key=executiveSponsor`)).status).toBe(204)
    expect((await pm.delete(`/api/partners/${acme}/waivers?year=2026&key=executiveSponsor`)).status).toBe(404)
    expect((await (await pm.get(`/api/partners/${acme}/waivers?year=2026`)).json()).items).toEqual([])
  })

  it('evaluates a partner without metrics as no tier, with the gaps to Approved', async () => {
    const r = await (await pm.get(`/api/partners/${other}/tier-evaluation`)).json()
    expect(r).toMatchObject({ tier: null, nextTier: 'approved', quarters: [], rule: 'holistic' })
    expect(r.gaps[0].message).toBe('$3M more revenue')
  })
})
