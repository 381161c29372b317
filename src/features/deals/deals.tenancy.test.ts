import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb, usingPostgres } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'
import { CHECK_LIMITS } from './deals.service.ts'

type Client = Awaited<ReturnType<TestApp['login']>>
let db: Database
let t: TestApp
let a: Client, b: Client, reviewer: Client
let partnerA: string, partnerB: string

// Customers both partners may register, written in different ways, so conflicts happen often.
const customers = [
  ['Initrode Corporation', 'initrode.com'],
  ['INITRODE corp.', undefined],
  ['Vandelay Industries Inc', 'vandelay.com'],
  ['vandelay industries', 'https://www.vandelay.com'],
  ['Umbrella GmbH', 'umbrella.de'],
  ['Umbrela AG', undefined],
] as const
const products = ['Storage', 'Backup', 'Networking', 'Security'] as const

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  partnerA = (await makePartner(db, { legalName: 'Alpha Integrators', status: 'active', tier: 'strategic' })).id
  partnerB = (await makePartner(db, { legalName: 'Bravo Solutions', status: 'active', tier: 'advantage' })).id
  a = await t.login((await makeUser(db, 'partner_user', partnerA)).email)
  b = await t.login((await makeUser(db, 'partner_admin', partnerB)).email)
  reviewer = await t.login((await makeUser(db, 'incentives')).email)
})
afterAll(() => db.close())

const deal = fc.record({
  owner: fc.constantFrom('A', 'B'),
  customer: fc.constantFrom(...customers),
  products: fc.subarray([...products], { minLength: 1 }),
  dollars: fc.integer({ min: 1000, max: 5_000_000 }),
  approve: fc.boolean(),
})

describe('no leak between partners', () => {
  it("never shows a partner user another partner's identifiers, names or values, through any deal route", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(deal, { minLength: 2, maxLength: 6 }), async (deals) => {
        const secrets: string[] = [partnerB, 'Bravo Solutions']
        const seenByA: string[] = []
        for (const d of deals) {
          const token = randomUUID()
          const mine = d.owner === 'A'
          const res = await (mine ? a : b).post('/api/deals', {
            customer: { name: d.customer[0], ...(d.customer[1] ? { domain: d.customer[1] } : {}), country: 'US' },
            products: d.products,
            // B's values end in .37 cents, which A's whole-dollar values and their sums never do.
            value: { amount: `${d.dollars}.${mine ? '00' : '37'}`, currency: 'USD' },
            expectedCloseDate: '2027-06-30',
            description: `${mine ? 'alpha' : 'secret'}-${token}`,
            contact: { name: `Contact ${token}`, email: `${token}@customer.example` },
          })
          expect(res.status).toBe(201)
          const body = await res.json()
          if (mine) seenByA.push(JSON.stringify(body))
          else secrets.push(body.id, token, `${d.dollars}.37`)
          if (d.approve) await reviewer.post(`/api/deals/${body.id}/approve`, {}) // may conflict: that is fine
        }
        const ids = ((await (await a.get('/api/deals?limit=200')).json()).items as { id: string }[]).map((x) => x.id)
        for (const id of ids) seenByA.push(await (await a.get(`/api/deals/${id}`)).text())
        for (const [name, domain] of customers)
          seenByA.push(
            await (await a.post('/api/deals/check', { customer: { name, ...(domain ? { domain } : {}) }, products: [...products] })).text(),
          )
        seenByA.push(await (await a.get('/api/deals?limit=200')).text())
        for (const groupBy of ['partner', 'tier', 'stage', 'country', 'quarter'])
          seenByA.push(await (await a.get(`/api/deals/pipeline?groupBy=${groupBy}`)).text())
        seenByA.push(await (await a.get('/api/deals/pipeline/export?format=csv&groupBy=partner')).text())
        seenByA.push(await (await a.get(`/api/deals?partnerId=${partnerB}`)).text())
        const all = seenByA.join('\n')
        for (const s of secrets) expect(all).not.toContain(s)
      }),
      { numRuns: 12 },
    )
  })
})

describe('row-level security under the services', () => {
  it("shows a partner's transaction only its own deals, history and protections, and masks other companies' matches", async () => {
    const body = {
      customer: { name: 'Tyrell Corporation', domain: 'tyrell.com', country: 'US' },
      products: ['AI'],
      value: { amount: '70000', currency: 'USD' },
      expectedCloseDate: '2027-02-28',
    }
    const mine = await (await a.post('/api/deals', body)).json()
    const theirs = await (await b.post('/api/deals', body)).json()
    await reviewer.post(`/api/deals/${theirs.id}/approve`, {})
    const scope = { userId: null, partnerId: partnerA, internal: false }
    await db.transaction(scope, async (sql) => {
      const partners = new Set((await sql.query<{ partner_id: string }>('SELECT partner_id FROM deals')).map((r) => r.partner_id))
      expect([...partners]).toEqual([partnerA])
      expect(await sql.query('SELECT 1 FROM deal_events WHERE deal_id = $1', [theirs.id])).toEqual([])
      expect(await sql.query('SELECT 1 FROM deal_events WHERE internal')).toEqual([])
      expect(await sql.query('SELECT 1 FROM deal_protections WHERE deal_id = $1', [theirs.id])).toEqual([])
      expect(await sql.query('SELECT 1 FROM customer_accounts')).toEqual([])
      const rows = await sql.query<{ deal_id: string | null; partner_id: string | null; same_partner: boolean }>(
        "SELECT deal_id, partner_id, same_partner FROM deal_conflict_candidates('tyrell', 'tyrell.com', '{ai}', '2027-02-28', NULL, 0.45)",
      )
      expect(rows).toContainEqual({ deal_id: mine.id, partner_id: partnerA, same_partner: true })
      expect(rows).toContainEqual({ deal_id: null, partner_id: null, same_partner: false })
      expect(JSON.stringify(rows)).not.toContain(theirs.id)
    })
    const none = await db.transaction({ userId: null, partnerId: null, internal: false }, (sql) =>
      sql.query("SELECT * FROM deal_conflict_candidates('tyrell', 'tyrell.com', '{ai}', '2027-02-28', NULL, 0.45)"),
    )
    expect(none).toEqual([])
  })
})

describe('concurrent approvals', () => {
  it(`approve exactly one of two conflicting registrations${usingPostgres ? ' (PostgreSQL, concurrently)' : ' (embedded, serialized)'}`, async () => {
    const body = (name: string) => ({
      customer: { name, domain: 'cyberdyne.com', country: 'US' },
      products: ['Robotics'],
      value: { amount: '90000', currency: 'USD' },
      expectedCloseDate: '2027-01-31',
    })
    const [x, y] = await Promise.all([
      a.post('/api/deals', body('Cyberdyne Systems')),
      b.post('/api/deals', body('Cyberdyne Systems Corp')),
    ])
    const [dx, dy] = [await x.json(), await y.json()]
    const other = await t.login((await makeUser(db, 'incentives')).email)
    const results = await Promise.all([reviewer.post(`/api/deals/${dx.id}/approve`, {}), other.post(`/api/deals/${dy.id}/approve`, {})])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const loser = results.find((r) => r.status === 409)!
    expect((await loser.json()).code).toBe('DEAL_CONFLICT')
    const statuses = await Promise.all([dx.id, dy.id].map(async (id) => (await (await reviewer.get(`/api/deals/${id}`)).json()).status))
    expect(statuses.sort()).toEqual(['approved', 'submitted'])
  })
})

describe('the conflict check is no oracle (security 6)', () => {
  it("answers a check naming another company's registration exactly like one naming no registration", async () => {
    const theirs = await (
      await b.post('/api/deals', {
        customer: { name: 'Oracle Probe Ltd', domain: 'oracle-probe.example', country: 'US' },
        products: ['Storage'],
        value: { amount: '50000', currency: 'USD' },
        expectedCloseDate: '2027-03-31',
      })
    ).json()
    // A user of its own: the checks of the tests above count against user a's rate limit.
    const prober = await t.login((await makeUser(db, 'partner_user', partnerA)).email)
    const check = async (dealId: string) =>
      (await prober.post('/api/deals/check', { customer: { name: 'Oracle Probe Ltd', domain: 'oracle-probe.example' }, dealId })).text()
    const probe = await check(theirs.id)
    expect(JSON.parse(probe).possibleConflict).toBe(true)
    expect(probe).toBe(await check(randomUUID()))
    // The owner's own id still leaves its registration out of its own check.
    const own = await b.post('/api/deals/check', {
      customer: { name: 'Oracle Probe Ltd', domain: 'oracle-probe.example' },
      dealId: theirs.id,
    })
    expect((await own.json()).possibleConflict).toBe(false)
  })

  it('limits each user to checks at the pace of a person typing: 429 with Retry-After past it', async () => {
    const typist = await t.login((await makeUser(db, 'partner_user', partnerA)).email)
    const body = { customer: { name: 'Rate Limited Corp' } }
    for (let i = 0; i < CHECK_LIMITS[0]!.max; i++) expect((await typist.post('/api/deals/check', body)).status).toBe(200)
    const refused = await typist.post('/api/deals/check', body)
    expect(refused.status).toBe(429)
    expect((await refused.json()).code).toBe('TOO_MANY_REQUESTS')
    const retry = Number(refused.headers.get('retry-after'))
    expect(retry).toBeGreaterThan(0)
    expect(retry).toBeLessThanOrEqual(60)
    // Another user is not held up by it.
    const colleague = await t.login((await makeUser(db, 'partner_user', partnerA)).email)
    expect((await colleague.post('/api/deals/check', body)).status).toBe(200)
  })
})
