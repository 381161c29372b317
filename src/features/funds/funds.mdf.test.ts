import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'
import { activity, actorCtx, at, PDF, proof } from './funds.test-helpers.ts'
import {
  approveRequest,
  createClaim,
  createRequest,
  decideClaim,
  partnerFunds,
  runMdfDaily,
  setAllocation,
  setLimit,
} from './mdf.service.ts'

type Client = Awaited<ReturnType<TestApp['login']>>
// The API runs on today's clock: the activity is today, in this program year.
const TODAY = new Date().toISOString().slice(0, 10)
const YEAR = Number(TODAY.slice(0, 4))
const inSixtyDays = new Date(Date.parse(`${TODAY}T00:00:00Z`) + 60 * 86_400_000).toISOString().slice(0, 10)
const now = (partnerId: string, amount: string) => activity(partnerId, amount, { startsOn: TODAY, endsOn: TODAY })
let db: Database
let t: TestApp
let dataDir: string
let acme: string, select: string, approved: string
let acmeUser: Client, globexAdmin: Client, marketing: Client, incentives: Client, selectUser: Client, approvedUser: Client

const claimForm = (amount: string, bytes: Uint8Array<ArrayBuffer> = new Uint8Array(PDF), name = 'invoice.pdf') => {
  const form = new FormData()
  form.append('file', new File([new Uint8Array(bytes)], name, { type: 'application/pdf' }))
  form.append('details', JSON.stringify({ amount: { amount, currency: 'USD' }, description: 'Booth invoice and attendee list' }))
  return form
}
const upload = (c: Client, p: string, form: FormData) => t.request(p, { method: 'POST', body: form, headers: c.headers })
const balances = async (c: Client, partnerId: string) => {
  const res = await c.get(`/api/partners/${partnerId}/funds`)
  expect(res.status).toBe(200)
  const body = (await res.json()) as { items: Record<string, unknown>[] }
  return body.items.find((i) => i.programYear === YEAR) as Record<string, { amount: string; currency: string }>
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-funds-'))
  db = await createTestDb()
  t = createTestApp(db, { DATA_DIR: dataDir })
  acme = (await makePartner(db, { legalName: 'Acme Systems', status: 'active', tier: 'strategic' })).id
  const globex = (await makePartner(db, { legalName: 'Globex', status: 'active', tier: 'advantage' })).id
  select = (await makePartner(db, { legalName: 'Select Works', status: 'active', tier: 'select' })).id
  approved = (await makePartner(db, { legalName: 'Approved Works', status: 'active', tier: 'approved' })).id
  acmeUser = await t.login((await makeUser(db, 'partner_user', acme)).email)
  globexAdmin = await t.login((await makeUser(db, 'partner_admin', globex)).email)
  selectUser = await t.login((await makeUser(db, 'partner_user', select)).email)
  approvedUser = await t.login((await makeUser(db, 'partner_user', approved)).email)
  marketing = await t.login((await makeUser(db, 'marketing')).email)
  incentives = await t.login((await makeUser(db, 'incentives')).email)
})
afterAll(async () => {
  await db.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('MDF through the API', () => {
  it('request → approve → claim with proof → approve → paid, the balances following each step as Money', async () => {
    const alloc = await marketing.put('/api/funds/allocations', { partnerId: acme, programYear: YEAR })
    expect(alloc.status).toBe(200)
    expect((await alloc.json()).amount).toEqual({ amount: '250000.00', currency: 'USD' }) // the Strategic default
    expect(await balances(acmeUser, acme)).toMatchObject({
      allocated: { amount: '250000.00', currency: 'USD' },
      available: { amount: '250000.00', currency: 'USD' },
    })

    const created = await acmeUser.post('/api/funds/requests', now(acme, '12000.50'))
    expect(created.status).toBe(201)
    const req = await created.json()
    expect(req).toMatchObject({ status: 'submitted', claimDeadline: inSixtyDays, claimWindowDays: 60 })

    expect((await acmeUser.post(`/api/funds/requests/${req.id}/approve`)).status).toBe(403)
    const ok = await marketing.post(`/api/funds/requests/${req.id}/approve`)
    expect(ok.status).toBe(200)
    expect((await ok.json()).status).toBe('approved')
    expect(await balances(acmeUser, acme)).toMatchObject({ available: { amount: '237999.50' }, committed: { amount: '12000.50' } })

    // A claim over what is left is refused, naming the field; a partial claim with proof goes in.
    const over = await upload(acmeUser, `/api/funds/requests/${req.id}/claims`, claimForm('12000.51'))
    expect(over.status).toBe(400)
    expect((await over.json()).errors[0].path).toBe('amount.amount')
    const html = await upload(
      acmeUser,
      `/api/funds/requests/${req.id}/claims`,
      claimForm('100.00', new Uint8Array(Buffer.from('<html></html>')), 'proof.pdf'),
    )
    expect(html.status).toBe(415)
    const claimed = await upload(acmeUser, `/api/funds/requests/${req.id}/claims`, claimForm('10000.00'))
    expect(claimed.status).toBe(201)
    const claim = (await claimed.json()).claims[0]
    expect(claim).toMatchObject({ status: 'submitted', amount: { amount: '10000.00', currency: 'USD' } })
    expect(claim.files[0]).toMatchObject({ filename: 'invoice.pdf', contentType: 'application/pdf' })

    // More proof, then approval and payment.
    expect((await marketing.post(`/api/funds/claims/${claim.id}/request-proof`, { note: 'Attendee list missing' })).status).toBe(200)
    const more = new FormData()
    more.append('file', new File([PDF], 'attendees.pdf'))
    const added = await upload(acmeUser, `/api/funds/claims/${claim.id}/files`, more)
    expect(added.status).toBe(201)
    expect((await added.json()).claims[0]).toMatchObject({ status: 'submitted', files: [{}, { filename: 'attendees.pdf' }] })
    expect((await marketing.post(`/api/funds/claims/${claim.id}/approve`)).status).toBe(200)
    expect(await balances(acmeUser, acme)).toMatchObject({ committed: { amount: '2000.50' }, payable: { amount: '10000.00' } })
    expect((await acmeUser.post(`/api/funds/claims/${claim.id}/pay`, { reference: 'PAY-1' })).status).toBe(403)
    const paid = await incentives.post(`/api/funds/claims/${claim.id}/pay`, { reference: 'PAY-2027-0001' })
    expect(paid.status).toBe(200)
    const final = await paid.json()
    expect(final.claims[0]).toMatchObject({ status: 'paid', paymentReference: 'PAY-2027-0001' })
    expect(final.claims[0].steps.map((s: { step: string }) => s.step)).toEqual(['submitted', 'more proof requested', 'approved', 'paid'])
    expect(await balances(acmeUser, acme)).toMatchObject({
      allocated: { amount: '250000.00' },
      available: { amount: '237999.50' },
      committed: { amount: '2000.50' },
      payable: { amount: '0.00' },
      paid: { amount: '10000.00' },
    })

    // The proof downloads for the partner; another company gets 404 for all of it.
    const file = await acmeUser.get(`/api/funds/claims/${claim.id}/files/${claim.files[0].id}`)
    expect(file.status).toBe(200)
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('%PDF')
    expect((await globexAdmin.get(`/api/partners/${acme}/funds`)).status).toBe(404)
    expect((await globexAdmin.get(`/api/funds/requests/${req.id}`)).status).toBe(404)
    expect((await globexAdmin.get(`/api/funds/claims/${claim.id}/files/${claim.files[0].id}`)).status).toBe(404)
    const theirs = await globexAdmin.get(`/api/funds/ledger?partnerId=${acme}`)
    expect(theirs.status).toBe(200)
    expect((await theirs.json()).items).toEqual([]) // only their own company's, which has none
    // The ledger view and its export show every step.
    const ledger = (await (await marketing.get(`/api/funds/ledger?partnerId=${acme}`)).json()).items as { kind: string }[]
    expect(ledger.map((l) => l.kind).reverse()).toEqual(['allocation', 'commitment', 'claim', 'payment'])
    const csv = await marketing.get(`/api/funds/ledger/export?partnerId=${acme}&format=csv`)
    expect(csv.status).toBe(200)
    expect((await csv.text()).split('\n').filter(Boolean)).toHaveLength(1 + 8)
  })

  it('refuses an approval beyond the available balance and explains it', async () => {
    await marketing.put('/api/funds/allocations', { partnerId: acme, programYear: YEAR, amount: { amount: '250000.00', currency: 'USD' } })
    const big = await (await acmeUser.post('/api/funds/requests', now(acme, '240000.00'))).json()
    const first = await marketing.post(`/api/funds/requests/${big.id}/approve`) // above Marketing's 25,000 limit
    expect((await first.json()).status).toBe('awaiting_second_approval')
    expect((await marketing.post(`/api/funds/requests/${big.id}/approve`)).status).toBe(409) // the same person again
    const second = await incentives.post(`/api/funds/requests/${big.id}/approve`)
    expect(second.status).toBe(409)
    expect(await second.json()).toMatchObject({ code: 'FUNDS_INSUFFICIENT', available: { amount: '237999.50', currency: 'USD' } })
    expect(await balances(acmeUser, acme)).toMatchObject({ available: { amount: '237999.50' } })
  })

  it('lets the tier decide: No refuses every MDF route, Limited caps one request at 25% of the allocation', async () => {
    const refused = await marketing.put('/api/funds/allocations', {
      partnerId: approved,
      programYear: YEAR,
      amount: { amount: '1000.00', currency: 'USD' },
    })
    expect(refused.status).toBe(403)
    expect((await refused.json()).code).toBe('BENEFIT_NOT_INCLUDED')
    expect((await (await approvedUser.get(`/api/partners/${approved}/funds`)).json()).code).toBe('BENEFIT_NOT_INCLUDED')
    expect((await (await approvedUser.post('/api/funds/requests', now(approved, '10.00'))).json()).code).toBe('BENEFIT_NOT_INCLUDED')

    expect((await marketing.put('/api/funds/allocations', { partnerId: select, programYear: YEAR })).status).toBe(200) // 25,000 default
    const capped = await selectUser.post('/api/funds/requests', now(select, '6250.01'))
    expect(capped.status).toBe(403)
    expect((await capped.json()).detail).toMatch(/at most 25% of the year's allocation \(6250.00 USD\)/)
    expect((await selectUser.post('/api/funds/requests', now(select, '6250.00'))).status).toBe(201)
    expect((await (await selectUser.get(`/api/partners/${select}/funds`)).json()).benefit.level).toBe('limited')
  })

  it('names bad input and changes nothing', async () => {
    const res = await acmeUser.post('/api/funds/requests', { ...now(acme, '-5'), activityType: 'party', endsOn: '2027-02-01' })
    expect(res.status).toBe(400)
    const paths = ((await res.json()).errors as { path: string }[]).map((e) => e.path).sort()
    expect(paths).toEqual(['activityType', 'amount.amount'])
    const noYear = await acmeUser.post('/api/funds/requests', activity(acme, '5.00', { startsOn: '2031-01-01', endsOn: '2031-01-02' }))
    expect((await noYear.json()).errors).toEqual([{ path: 'startsOn', message: 'The partner has no MDF allocation for 2031' }])
  })
})

describe('claim windows, expiry and reminders (dates are UTC)', () => {
  it('accepts a claim on the last day of the window and refuses it the day after; closing releases the rest once', async () => {
    const partner = (await makePartner(db, { status: 'active', tier: 'advantage' })).id
    const mkt = await actorCtx(db, 'marketing')
    const user = await actorCtx(db, 'partner_user', partner)
    await setAllocation(at(mkt, '2027-01-05T10:00:00Z'), {
      partnerId: partner,
      programYear: 2027,
      amount: { amount: '10000.00', currency: 'USD' },
    })
    const req = await createRequest(
      at(user, '2027-01-06T10:00:00Z'),
      activity(partner, '4000.00', { startsOn: '2027-03-01', endsOn: '2027-03-31' }),
    )
    expect(req.claimDeadline).toBe('2027-05-30') // 31 March + 60 days
    await approveRequest(at(mkt, '2027-01-07T10:00:00Z'), req.id)
    const late = createClaim(
      at(user, '2027-05-31T00:00:00Z'),
      req.id,
      { amount: { amount: '1.00', currency: 'USD' }, description: 'x' },
      proof(),
    )
    await expect(late).rejects.toMatchObject({ code: 'CLAIM_WINDOW_CLOSED' })
    const last = await createClaim(
      at(user, '2027-05-30T23:59:59Z'),
      req.id,
      { amount: { amount: '1500.00', currency: 'USD' }, description: 'x' },
      proof(),
    )
    expect(last.claims).toHaveLength(1)

    // Reminders: 14 days before, then 3 days before, each once.
    expect((await runMdfDaily(at(mkt, '2027-05-15T01:00:00Z'))).reminders).toBe(0)
    expect((await runMdfDaily(at(mkt, '2027-05-16T01:00:00Z'))).reminders).toBe(1)
    expect((await runMdfDaily(at(mkt, '2027-05-17T01:00:00Z'))).reminders).toBe(0)
    expect((await runMdfDaily(at(mkt, '2027-05-27T01:00:00Z'))).reminders).toBe(1)
    const notes = await db.owner.query<{ title: string }>(
      `SELECT title FROM notifications WHERE type = 'mdf_request.claim_window_closing' AND user_id = $1`,
      [user.actor.userId],
    )
    expect(notes.map((n) => n.title)).toEqual([
      'Claim MDF for "Partner summit booth" by 2027-05-30',
      'Claim MDF for "Partner summit booth" by 2027-05-30',
    ])

    // On the deadline nothing closes; the day after, the unclaimed 2,500 goes back to available, once.
    expect((await runMdfDaily(at(mkt, '2027-05-30T23:00:00Z'))).closed).toBe(0)
    expect((await runMdfDaily(at(mkt, '2027-05-31T00:00:01Z'))).closed).toBe(1)
    expect((await runMdfDaily(at(mkt, '2027-05-31T05:00:00Z'))).closed).toBe(0)
    const funds = await partnerFunds(mkt, partner)
    expect(funds.items[0]).toMatchObject({ available: { amount: '8500.00' }, committed: { amount: '1500.00' } })

    // The pending claim, rejected after the close, goes back too.
    await decideClaim(at(mkt, '2027-06-01T10:00:00Z'), last.claims[0]!.id, { action: 'reject', reason: 'No invoice' })
    expect((await partnerFunds(mkt, partner)).items[0]).toMatchObject({ available: { amount: '10000.00' }, committed: { amount: '0.00' } })
  })

  it('expires what is left of an allocation the day after 31 December, as ledger entries, once', async () => {
    const partner = (await makePartner(db, { status: 'active', tier: 'strategic' })).id
    const mkt = await actorCtx(db, 'marketing')
    const user = await actorCtx(db, 'partner_user', partner)
    await setAllocation(at(mkt, '2027-01-05T10:00:00Z'), {
      partnerId: partner,
      programYear: 2027,
      amount: { amount: '900.00', currency: 'EUR' },
    })
    const req = await createRequest(
      at(user, '2027-11-01T10:00:00Z'),
      activity(partner, '300.00', { startsOn: '2027-12-01', endsOn: '2027-12-02', amount: { amount: '300.00', currency: 'EUR' } }),
    )
    // No limit in euros: every approval needs a second approver.
    expect((await approveRequest(at(mkt, '2027-11-02T10:00:00Z'), req.id)).status).toBe('awaiting_second_approval')
    expect((await approveRequest(at(await actorCtx(db, 'incentives'), '2027-11-03T10:00:00Z'), req.id)).status).toBe('approved')
    const expiries = async () =>
      (await db.owner.query(`SELECT 1 FROM ledger_transactions WHERE partner_id = $1 AND kind = 'expiry'`, [partner])).length
    await runMdfDaily(at(mkt, '2027-12-31T23:59:59Z'))
    expect(await expiries()).toBe(0)
    await runMdfDaily(at(mkt, '2028-01-01T00:00:00Z'))
    await runMdfDaily(at(mkt, '2028-01-02T00:00:00Z'))
    expect(await expiries()).toBe(1)
    expect((await partnerFunds(mkt, partner)).items[0]).toMatchObject({
      currency: 'EUR',
      available: { amount: '0.00', currency: 'EUR' },
      committed: { amount: '300.00', currency: 'EUR' },
      expired: { amount: '600.00', currency: 'EUR' },
    })
    // The commitment still has its claim window; once closed unclaimed, it expires rather than coming back.
    await runMdfDaily(at(mkt, '2028-01-31T01:00:00Z'))
    expect(await expiries()).toBe(1)
    await runMdfDaily(at(mkt, '2028-02-01T01:00:00Z'))
    expect(await expiries()).toBe(2)
    expect((await partnerFunds(mkt, partner)).items[0]).toMatchObject({ committed: { amount: '0.00' }, expired: { amount: '900.00' } })
  })

  it('uses a per-user approval limit over the role one', async () => {
    const partner = (await makePartner(db, { status: 'active', tier: 'strategic' })).id
    const mkt = await actorCtx(db, 'marketing')
    const boss = await actorCtx(db, 'incentives')
    const user = await actorCtx(db, 'partner_user', partner)
    await setAllocation(mkt, { partnerId: partner, programYear: 2027 })
    await setLimit(boss, { userId: mkt.actor.userId, limit: { amount: '100000.00', currency: 'USD' } })
    const req = await createRequest(user, activity(partner, '90000.00'))
    expect((await approveRequest(mkt, req.id)).status).toBe('approved')
  })
})
