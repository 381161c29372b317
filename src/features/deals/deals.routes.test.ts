import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'

type Client = Awaited<ReturnType<TestApp['login']>>
let db: Database
let t: TestApp
let acmeUser: Client,
  globexUser: Client,
  approvedUser: Client,
  prospectUser: Client,
  incentives: Client,
  sales: Client,
  otherSales: Client,
  admin: Client
let acme: string, globex: string, approvedPartner: string, salesId: string

const initrode = {
  customer: { name: 'Initrode Corporation', domain: 'initrode.com', country: 'US' },
  products: ['Storage'],
  value: { amount: '250000.00', currency: 'USD' },
  expectedCloseDate: '2027-03-31',
}
const register = async (c: Client, body: unknown) => {
  const res = await c.post('/api/deals', body)
  return { status: res.status, body: await res.json() }
}
const events = async (c: Client, id: string) =>
  (await (await c.get(`/api/deals/${id}`)).json()).history as { kind: string; note: string | null }[]

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db, { DEAL_BIG_DEAL_USD: '1000000' })
  acme = (await makePartner(db, { legalName: 'Acme Systems', status: 'active', tier: 'strategic' })).id
  globex = (await makePartner(db, { legalName: 'Globex Integration', status: 'active', tier: 'select' })).id
  approvedPartner = (await makePartner(db, { legalName: 'Approved Works', status: 'active', tier: 'approved' })).id
  const prospect = (await makePartner(db, { legalName: 'Prospect Labs', status: 'prospect' })).id
  acmeUser = await t.login((await makeUser(db, 'partner_user', acme)).email)
  globexUser = await t.login((await makeUser(db, 'partner_admin', globex)).email)
  approvedUser = await t.login((await makeUser(db, 'partner_user', approvedPartner)).email)
  prospectUser = await t.login((await makeUser(db, 'partner_user', prospect)).email)
  incentives = await t.login((await makeUser(db, 'incentives')).email)
  const s = await makeUser(db, 'sales')
  salesId = s.id
  sales = await t.login(s.email)
  otherSales = await t.login((await makeUser(db, 'sales')).email)
  admin = await t.login((await makeUser(db, 'admin')).email)
})
afterAll(() => db.close())

describe('registration', () => {
  it('answers 201 with the deal, its status, the expected decision date and no conflict for a new customer', async () => {
    const { status, body } = await register(acmeUser, initrode)
    expect(status).toBe(201)
    expect(body).toMatchObject({
      partnerId: acme,
      status: 'submitted',
      possibleConflict: false,
      route: 'incentives',
      support: 'dedicated',
      bigDeal: false,
      customer: { name: 'Initrode Corporation', domain: 'initrode.com', country: 'US' },
      value: { amount: '250000.00', currency: 'USD' },
    })
    expect(body.expectedDecisionDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(body.conflicts).toBeUndefined()
  })

  it('tells a partner user only that a conflict may exist, and the reviewer everything', async () => {
    const { status, body } = await register(globexUser, {
      ...initrode,
      customer: { name: 'INITRODE Corp.', domain: 'https://www.initrode.com/contact', country: 'US' },
      products: ['storage ', 'Backup'],
    })
    expect(status).toBe(201)
    expect(body).toMatchObject({ possibleConflict: true, support: 'standard', customer: { domain: 'initrode.com' } })
    expect(JSON.stringify(body)).not.toMatch(new RegExp(`${acme}|Acme`))
    const detail = await (await incentives.get(`/api/deals/${body.id}`)).json()
    expect(detail.conflicts).toHaveLength(1)
    expect(detail.conflicts[0]).toMatchObject({ partnerId: acme })
    expect(detail.conflicts[0].reasons).toEqual(expect.arrayContaining(['same domain', 'same name', 'same product line: storage']))
    const globexView = await (await globexUser.get(`/api/deals/${body.id}`)).json()
    expect(globexView.conflicts).toBeUndefined()
    expect(JSON.stringify(globexView)).not.toMatch(new RegExp(`${acme}|Acme`))
    expect(globexView.history.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'possible_conflict', 'notified'])
  })

  it('checks live while typing, for partner users without details', async () => {
    const partner = await (await globexUser.post('/api/deals/check', { customer: { name: 'Initrode' } })).json()
    expect(partner).toEqual({ possibleConflict: true, message: expect.any(String), normalized: { name: 'initrode', domain: null } })
    const staff = await (await sales.post('/api/deals/check', { customer: { name: 'Initrod Inc' }, products: ['Storage'] })).json()
    expect(staff.conflicts.length).toBe(2)
    const none = await (await globexUser.post('/api/deals/check', { customer: { name: 'Umbrella Pharma' } })).json()
    expect(none.possibleConflict).toBe(false)
  })

  it('refuses bad input naming every field, and changes nothing', async () => {
    const res = await acmeUser.post('/api/deals', {
      customer: { name: '', domain: 'not a domain', country: 'XX' },
      products: [],
      value: { amount: '-5', currency: 'EUR' },
      expectedCloseDate: '2027-02-30',
    })
    expect(res.status).toBe(400)
    const paths = (await res.json()).errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'customer.name',
        'customer.domain',
        'customer.country',
        'products',
        'value.amount',
        'value.currency',
        'expectedCloseDate',
      ]),
    )
  })

  it('needs a partner from Sales, and a tier with deal registration', async () => {
    const noPartner = await sales.post('/api/deals', initrode)
    expect((await noPartner.json()).errors[0].path).toBe('partnerId')
    const prospect = await prospectUser.post('/api/deals', initrode)
    expect(prospect.status).toBe(403)
    expect((await prospect.json()).code).toBe('BENEFIT_NOT_INCLUDED')
    const foreign = await acmeUser.post('/api/deals', { ...initrode, partnerId: globex })
    expect(foreign.status).toBe(400)
  })

  it('routes customer-level registrations (Approved tier) to the account owner, else to the incentives queue', async () => {
    expect((await admin.post('/api/customer-accounts', { domain: 'www.hooli.com', name: 'Hooli', ownerId: salesId })).status).toBe(201)
    const owned = await register(approvedUser, { ...initrode, customer: { name: 'Hooli XYZ', domain: 'hooli.com', country: 'US' } })
    expect(owned.body).toMatchObject({ route: 'account_owner', support: 'customer_level', reviewer: { id: salesId } })
    const unowned = await register(approvedUser, {
      ...initrode,
      customer: { name: 'Massive Dynamic', domain: 'massive.example.com', country: 'US' },
    })
    expect(unowned.body).toMatchObject({ route: 'incentives', support: 'customer_level', reviewer: null })
    const mine = await (await sales.get('/api/deals?queue=mine')).json()
    expect(mine.items.map((d: { id: string }) => d.id)).toEqual([owned.body.id])
    // Another sales user cannot decide it; the owner can.
    expect((await otherSales.post(`/api/deals/${owned.body.id}/approve`, {})).status).toBe(403)
    expect((await sales.post(`/api/deals/${owned.body.id}/approve`, {})).status).toBe(200)
  })

  it('flags big deals and notifies the team lead', async () => {
    const { body } = await register(acmeUser, {
      ...initrode,
      customer: { name: 'Big Corp', domain: 'bigcorp.com', country: 'DE' },
      value: { amount: '1000000.01', currency: 'USD' },
    })
    expect(body.bigDeal).toBe(true)
    const history = (await (await incentives.get(`/api/deals/${body.id}`)).json()).history
    expect(
      history.filter((e: { kind: string }) => e.kind === 'notified').map((e: { data: { template: string } }) => e.data.template),
    ).toEqual(['deal-submitted', 'deal-assigned', 'deal-big-deal'])
  })
})

describe('review', () => {
  it('pauses the clock for more information and runs it again on the answer', async () => {
    const { body } = await register(acmeUser, {
      ...initrode,
      customer: { name: 'Vandelay Industries', domain: 'vandelay.com', country: 'US' },
    })
    const asked = await (await incentives.post(`/api/deals/${body.id}/request-info`, { question: 'Who is the buyer?' })).json()
    expect(asked).toMatchObject({ status: 'info_requested', expectedDecisionDate: null })
    expect((await incentives.post(`/api/deals/${body.id}/approve`, {})).status).toBe(200) // approving while waiting is allowed
    const other = await register(acmeUser, { ...initrode, customer: { name: 'Kramerica', domain: 'kramerica.com', country: 'US' } })
    await incentives.post(`/api/deals/${other.body.id}/request-info`, { question: 'Budget?' })
    const answered = await (await acmeUser.post(`/api/deals/${other.body.id}/respond`, { answer: 'Approved budget' })).json()
    expect(answered).toMatchObject({ status: 'submitted', expectedDecisionDate: body.expectedDecisionDate })
    expect((await events(acmeUser, other.body.id)).map((e) => e.kind)).toEqual([
      'submitted',
      'notified',
      'info_requested',
      'notified',
      'answered',
    ])
  })

  it('rejects only with a reason, and a decided registration is final', async () => {
    const { body } = await register(acmeUser, { ...initrode, customer: { name: 'Soylent', domain: 'soylent.com', country: 'US' } })
    const noReason = await incentives.post(`/api/deals/${body.id}/reject`, {})
    expect((await noReason.json()).errors[0].path).toBe('reason')
    const rejected = await (await incentives.post(`/api/deals/${body.id}/reject`, { reason: 'Existing direct deal' })).json()
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'Existing direct deal' })
    expect((await incentives.post(`/api/deals/${body.id}/approve`, {})).status).toBe(409)
    expect((await acmeUser.patch(`/api/deals/${body.id}`, { stage: 'qualified' })).status).toBe(409)
  })

  it('approves at most one registration per customer and product line', async () => {
    const list = await (await incentives.get('/api/deals?q=initrode')).json()
    expect(list.items).toHaveLength(2)
    const [globexDeal, acmeDeal] = list.items as [{ id: string; partnerId: string }, { id: string; partnerId: string }]

    expect(acmeDeal.partnerId).toBe(acme)
    const approved = await (await incentives.post(`/api/deals/${acmeDeal.id}/approve`, { protectionDays: 30 })).json()
    expect(approved.status).toBe('approved')
    const second = await incentives.post(`/api/deals/${globexDeal.id}/approve`, {})
    expect(second.status).toBe(409)
    expect(await second.json()).toMatchObject({ code: 'DEAL_CONFLICT', conflictingDealId: acmeDeal.id })
    expect((await (await incentives.get(`/api/deals/${globexDeal.id}`)).json()).status).toBe('submitted')
  })

  it('lets partners move the stage and value of approved deals only, and closing ends the protection', async () => {
    const list = await (await acmeUser.get('/api/deals?status=approved')).json()
    const deal = list.items.find((d: { customer: { name: string } }) => d.customer.name === 'Initrode Corporation')
    const refused = await acmeUser.patch(`/api/deals/${deal.id}`, { customer: { name: 'X', country: 'US' } })
    expect((await refused.json()).errors[0]).toMatchObject({ path: 'customer' })
    const res = await acmeUser.patch(
      `/api/deals/${deal.id}`,
      { stage: 'proposal', value: { amount: '300000', currency: 'USD' } },
      { 'if-match': `"${deal.version}"` },
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ stage: 'proposal', value: { amount: '300000.00' } })
    expect((await acmeUser.patch(`/api/deals/${deal.id}`, { stage: 'negotiation' }, { 'if-match': `"${deal.version}"` })).status).toBe(412)
    const won = await (await acmeUser.patch(`/api/deals/${deal.id}`, { stage: 'closed_won' })).json()
    expect(won.status).toBe('closed')
    const globexDeal = (await (await incentives.get('/api/deals?q=initrode&status=submitted')).json()).items[0]
    const again = await incentives.post(`/api/deals/${globexDeal.id}/approve`, {})
    expect(again.status).toBe(200)
  })

  it('extends protection on request', async () => {
    const { body } = await register(acmeUser, { ...initrode, customer: { name: 'Wayne Enterprises', domain: 'wayne.com', country: 'US' } })
    const approved = await (await incentives.post(`/api/deals/${body.id}/approve`, { protectionDays: 10 })).json()
    await acmeUser.post(`/api/deals/${body.id}/extension-request`, { reason: 'Customer delayed' })
    const extended = await (await incentives.post(`/api/deals/${body.id}/extend`, { days: 30 })).json()
    expect(extended.extensionRequested).toBe(false)
    expect(Date.parse(extended.protectionUntil) - Date.parse(approved.protectionUntil)).toBe(30 * 86_400_000)
  })
})

describe('lists and tenancy', () => {
  it("lists only the partner's own deals and answers another company's deal like a missing one", async () => {
    const mine = (await (await globexUser.get('/api/deals')).json()).items as { partnerId: string }[]
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((d) => d.partnerId === globex)).toBe(true)
    const acmeDeal = (await (await acmeUser.get('/api/deals')).json()).items[0]
    const other = await globexUser.get(`/api/deals/${acmeDeal.id}`)
    const missing = await globexUser.get('/api/deals/00000000-0000-4000-8000-000000000000')
    expect(other.status).toBe(404)
    expect({ ...(await other.json()), instance: undefined }).toEqual({ ...(await missing.json()), instance: undefined })
    expect((await globexUser.patch(`/api/deals/${acmeDeal.id}`, { stage: 'qualified' })).status).toBe(404)
    expect((await (await globexUser.get(`/api/deals?partnerId=${acme}`)).json()).items).toEqual([])
  })

  it('pages with a cursor', async () => {
    const first = await (await incentives.get('/api/deals?limit=2')).json()
    const second = await (await incentives.get(`/api/deals?limit=2&cursor=${first.nextCursor}`)).json()
    expect(first.items).toHaveLength(2)
    expect(second.items[0].id).not.toBe(first.items[1].id)
  })
})

describe('pipeline', () => {
  it('reports by stage with counts, value and win rate; staff see every partner', async () => {
    const r = await (await incentives.get('/api/deals/pipeline?groupBy=partner')).json()
    expect(r.mode).toBe('live')
    expect(r.rows.map((x: { label: string }) => x.label)).toEqual(expect.arrayContaining(['Acme Systems', 'Globex Integration']))
    const stage = await (await acmeUser.get('/api/deals/pipeline?groupBy=stage')).json()
    const won = stage.rows.find((x: { key: string }) => x.key === 'closed_won')
    expect(won).toMatchObject({ count: 1, won: 1, value: { amount: '300000.00' } })
    expect(stage.total.winRate).toBe(1)
    expect(stage.total.slaAttainment).toBe(1)
  })

  it('gives Limited partners the quarterly summary and partners without the benefit none', async () => {
    const limited = await (await globexUser.get('/api/deals/pipeline')).json()
    expect(limited.mode).toBe('quarterly')
    expect(limited.asOf < new Date().toISOString().slice(0, 10)).toBe(true)
    const none = await approvedUser.get('/api/deals/pipeline')
    expect(none.status).toBe(403)
  })

  it('exports CSV and XLSX', async () => {
    const csv = await incentives.get('/api/deals/pipeline/export?format=csv&groupBy=country')
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const text = await csv.text()
    expect(text.split('\n')[0]).toBe('group,count,open,won,lost,winRate,valueUsd,avgDaysToDecision,slaAttainment')
    expect(text).toContain('DE,1')
    const xlsx = await incentives.get('/api/deals/pipeline/export?format=xlsx')
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK')
  })

  it("gives the partner's open approved pipeline at quarter ends", async () => {
    const year = new Date().getUTCFullYear()
    const r = await (await acmeUser.get(`/api/partners/${acme}/pipeline?year=${year}`)).json()
    const latest = r.quarters[r.quarters.length - 1]
    // Open approved: Vandelay ($250K) and Wayne ($250K); Initrode closed won, so out of the open pipeline.
    expect(latest.openPipeline).toEqual({ amount: '500000.00', currency: 'USD' })
    expect((await globexUser.get(`/api/partners/${acme}/pipeline?year=${year}`)).status).toBe(404)
  })
})

describe('separation of duties', () => {
  it('does not route a registration to the sales user who registered it, and refuses their approval', async () => {
    expect(
      (await admin.post('/api/customer-accounts', { domain: 'umbrella.example.com', name: 'Umbrella', ownerId: salesId })).status,
    ).toBe(201)
    const own = await register(sales, {
      ...initrode,
      partnerId: approvedPartner,
      customer: { name: 'Umbrella Corp', domain: 'umbrella.example.com', country: 'US' },
    })
    expect(own.status).toBe(201)
    expect(own.body).toMatchObject({ route: 'incentives', reviewer: null })
    const mine = await (await sales.get('/api/deals?queue=mine')).json()
    expect(mine.items.map((d: { id: string }) => d.id)).not.toContain(own.body.id)
    expect((await sales.post(`/api/deals/${own.body.id}/approve`, {})).status).toBe(403)

    const byAdmin = await register(admin, {
      ...initrode,
      partnerId: acme,
      customer: { name: 'Soylent Corp', domain: 'soylent.example.com', country: 'US' },
    })
    const refused = await admin.post(`/api/deals/${byAdmin.body.id}/approve`, {})
    expect(refused.status).toBe(403)
    expect((await (await admin.get(`/api/deals/${byAdmin.body.id}`)).json()).status).toBe('submitted')
    expect((await incentives.post(`/api/deals/${byAdmin.body.id}/approve`, {})).status).toBe(200)
  })
})
