import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { invitationLink, makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import type { CaseCreate } from './onboarding.contract.ts'
import { createCase } from './onboarding.service.ts'
import { oneRow } from '../../core/db-rows.ts'

type Client = Awaited<ReturnType<TestApp['login']>>
let db: Database
let t: TestApp
let sales: Client, sales2: Client, gps: Client, solutions: Client, ops: Client, marketing: Client
let gpsId: string, salesId: string, solutionsId: string
const count = async (table: string) => oneRow(await db.owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`), 'Count').n

const dealCase = (over: Record<string, unknown> = {}) => ({
  path: 'deal',
  agreementType: 'potc',
  legalName: 'Northwind Traders Ltd',
  website: 'https://northwind.example',
  headquartersCountry: 'GB',
  partnerType: 'oem',
  contactName: 'Ada Byron',
  contactEmail: 'ada@northwind.example',
  dealReference: 'OPP-2026-0412',
  ...over,
})

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  const s = await makeUser(db, 'sales')
  const g = await makeUser(db, 'gps')
  const so = await makeUser(db, 'solutions')
  ;[salesId, gpsId, solutionsId] = [s.id, g.id, so.id]
  sales = await t.login(s.email)
  sales2 = await t.login((await makeUser(db, 'sales')).email)
  gps = await t.login(g.email)
  solutions = await t.login(so.email)
  ops = await t.login((await makeUser(db, 'partner_ops')).email)
  marketing = await t.login((await makeUser(db, 'marketing')).email)
})
afterAll(() => db.close())

describe('requesting onboarding', () => {
  it('opens a deal-driven POTC case with its checklist, a 10-day due date and the requester told', async () => {
    const res = await sales.post('/api/onboarding/cases', dealCase())
    expect(res.status).toBe(201)
    const c = await res.json()
    expect(c).toMatchObject({
      path: 'deal',
      agreementType: 'potc',
      status: 'requested',
      requestedBy: { id: salesId },
      owner: null,
      sponsor: null,
    })
    expect(c.checklist.map((i: { key: string }) => i.key)).toEqual([
      'company_verified',
      'deal_confirmed',
      'tax_banking',
      'potc_acknowledged',
      'partner_created',
      'agreement_sent',
      'admin_invited',
    ])
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    expect(c.dueDate).toBe(due)
    expect(c.history.find((h: { action: string }) => h.action === 'notify').detail).toMatchObject({
      template: 'caseReceived',
      to: [expect.stringContaining('sales')],
    })
  })

  it('a sponsor-driven request by Solutions is sponsored by the requester; a reseller case has its own checklist item', async () => {
    const res = await solutions.post(
      '/api/onboarding/cases',
      dealCase({ path: 'sponsor', agreementType: 'reseller', dealReference: undefined, legalName: 'Sponsored Co', website: undefined }),
    )
    expect(res.status).toBe(201)
    const c = await res.json()
    expect(c.sponsor).toMatchObject({ id: solutionsId })
    expect(c.checklist.map((i: { key: string }) => i.key)).toContain('reseller_terms')
    expect(c.checklist.map((i: { key: string }) => i.key)).toContain('sponsorship_confirmed')
  })

  it('refuses bad requests naming every field, and changes nothing', async () => {
    const before = await count('onboarding_cases')
    const res = await sales.post('/api/onboarding/cases', { path: 'deal', agreementType: 'nda', contactName: '', contactEmail: 'nope' })
    expect(res.status).toBe(400)
    const paths = (await res.json()).errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['agreementType', 'contactName', 'contactEmail']))
    const noDeal = await (
      await sales.post('/api/onboarding/cases', dealCase({ dealReference: undefined, headquartersCountry: 'XX' }))
    ).json()
    expect(noDeal.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['dealReference', 'headquartersCountry']))
    // A sponsor path needs a Solutions or Alliances sponsor; a sales user is none.
    const sponsor = await sales.post('/api/onboarding/cases', dealCase({ path: 'sponsor', dealReference: undefined, sponsorId: salesId }))
    expect((await sponsor.json()).errors).toEqual([{ path: 'sponsorId', message: 'Not a Solutions or Alliances user' }])
    expect(await count('onboarding_cases')).toBe(before)
    expect((await marketing.post('/api/onboarding/cases', dealCase())).status).toBe(403)
  })

  it('moves an existing prospect to onboarding, and refuses a partner that is not a prospect', async () => {
    const prospect = await makePartner(db, { legalName: 'Prospect Widgets', status: 'prospect' })
    const res = await sales.post('/api/onboarding/cases', {
      path: 'deal',
      agreementType: 'reseller',
      partnerId: prospect.id,
      contactName: 'P',
      contactEmail: 'p@widgets.example',
      dealReference: 'OPP-1',
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ legalName: 'Prospect Widgets', partnerId: prospect.id })
    expect((await db.owner.query<{ status: string }>('SELECT status FROM partners WHERE id = $1', [prospect.id]))[0]?.status).toBe(
      'onboarding',
    )
    const missing = await sales.post('/api/onboarding/cases', {
      path: 'deal',
      agreementType: 'potc',
      partnerId: '00000000-0000-4000-8000-000000000000',
      contactName: 'P',
      contactEmail: 'm@x.example',
      dealReference: 'OPP-3',
    })
    expect((await missing.json()).errors).toEqual([{ path: 'partnerId', message: 'No such partner' }])
    const active = await makePartner(db, { status: 'active' })
    const again = await sales.post('/api/onboarding/cases', {
      path: 'deal',
      agreementType: 'potc',
      partnerId: active.id,
      contactName: 'P',
      contactEmail: 'q@x.example',
      dealReference: 'OPP-2',
    })
    expect((await again.json()).errors).toEqual([{ path: 'partnerId', message: 'Only a prospect is onboarded; this partner is active' }])
  })

  it('accepts a conversion from an inquiry once (the service the inquiry feature calls)', async () => {
    const inquiryId = '2b0c8a52-8f8e-4e53-9a55-6f0f7d9c1a11'
    const gpsCtx = {
      ...sys(db),
      actor: { userId: gpsId, email: 'g', name: 'GPA', role: 'gps' as const, partnerId: null, via: 'session' as const },
    }
    const c = await createCase(gpsCtx, { ...(dealCase({ legalName: 'From Inquiry', website: undefined }) as CaseCreate), inquiryId })
    expect(c.inquiryId).toBe(inquiryId)
    await expect(
      createCase(gpsCtx, { ...(dealCase({ legalName: 'Again', website: undefined }) as CaseCreate), inquiryId }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
  })
})

describe('working and completing a case', () => {
  let id: string
  it('requesters see their own cases only; GPA and partner operations see all', async () => {
    const mine = (await (await sales.get('/api/onboarding/cases')).json()).items
    id = mine.find((c: { legalName: string }) => c.legalName === 'Northwind Traders Ltd').id
    expect(mine.every((c: { requestedBy: { id: string } }) => c.requestedBy.id === salesId)).toBe(true)
    expect((await (await sales2.get('/api/onboarding/cases')).json()).items).toEqual([])
    expect((await sales2.get(`/api/onboarding/cases/${id}`)).status).toBe(404)
    expect((await (await ops.get('/api/onboarding/cases')).json()).items.length).toBeGreaterThanOrEqual(4)
    expect((await ops.patch(`/api/onboarding/cases/${id}`, { ownerId: gpsId })).status).toBe(403)
    const found = (await (await ops.get('/api/onboarding/cases?q=northwind%25')).json()).items
    expect(found).toEqual([])
    expect(
      (await (await ops.get('/api/onboarding/cases?q=NORTHWIND&status=requested')).json()).items.map((c: { id: string }) => c.id),
    ).toEqual([id])
  })

  it('GPA assigns a gps owner (the case starts and the requester is told), the requester comments', async () => {
    expect((await (await gps.patch(`/api/onboarding/cases/${id}`, { ownerId: salesId })).json()).errors).toEqual([
      { path: 'ownerId', message: 'Not a GPA (gps) user' },
    ])
    const c = await (await gps.patch(`/api/onboarding/cases/${id}`, { ownerId: gpsId })).json()
    expect(c).toMatchObject({ status: 'in_progress', owner: { id: gpsId } })
    expect(c.history[0]).toMatchObject({ action: 'notify', detail: { template: 'caseStatusChanged' } })
    const commented = await sales.post(`/api/onboarding/cases/${id}/comments`, { body: 'Deal closes this quarter' })
    expect(commented.status).toBe(201)
    expect((await commented.json()).comments).toEqual([expect.objectContaining({ body: 'Deal closes this quarter' })])
  })

  it('refuses completion until the manual checklist is done, listing what is missing; automatic items cannot be ticked', async () => {
    const res = await gps.post(`/api/onboarding/cases/${id}/complete`, { effectiveDate: '2026-12-01' })
    expect(res.status).toBe(409)
    expect((await res.json()).errors.map((e: { path: string }) => e.path)).toEqual([
      'checklist.company_verified',
      'checklist.deal_confirmed',
      'checklist.tax_banking',
      'checklist.potc_acknowledged',
    ])
    expect((await gps.put(`/api/onboarding/cases/${id}/checklist/agreement_sent`, { done: true })).status).toBe(409)
    expect((await gps.put(`/api/onboarding/cases/${id}/checklist/nonsense`, { done: true })).status).toBe(404)
    expect((await sales.put(`/api/onboarding/cases/${id}/checklist/tax_banking`, { done: true })).status).toBe(403)
    for (const key of ['company_verified', 'deal_confirmed', 'tax_banking', 'potc_acknowledged'])
      expect((await gps.put(`/api/onboarding/cases/${id}/checklist/${key}`, { done: true })).status).toBe(200)
  })

  it('completes: creates the active partner, its POTC out for signature and invites the contact as partner admin', async () => {
    const res = await gps.post(`/api/onboarding/cases/${id}/complete`, {
      effectiveDate: '2026-12-01',
      expiryDate: '2029-11-30',
      countries: ['GB', 'IE'],
    })
    expect(res.status).toBe(200)
    const done = await res.json()
    expect(done.case).toMatchObject({ status: 'completed', partnerId: done.partnerId, agreementId: done.agreementId })
    expect(done.case.checklist.every((i: { done: boolean }) => i.done)).toBe(true)
    expect(JSON.stringify(done)).not.toContain('inv_')
    const partner = await (await gps.get(`/api/partners/${done.partnerId}`)).json()
    expect(partner).toMatchObject({
      legalName: 'Northwind Traders Ltd',
      status: 'active',
      domain: 'northwind.example',
      countries: ['GB', 'IE'],
    })
    const agreement = await (await gps.get(`/api/agreements/${done.agreementId}`)).json()
    expect(agreement).toMatchObject({
      type: 'potc',
      status: 'out_for_signature',
      potcVersion: '2026.1',
      countries: ['GB', 'IE'],
      expiryDate: '2029-11-30',
    })
    expect(agreement.history.find((h: { action: string }) => h.action === 'notify').detail).toMatchObject({
      template: 'agreementToSign',
      to: ['ada@northwind.example'],
    })
    const [admin] = await db.owner.query<{ role: string; status: string; partner_id: string }>(
      "SELECT role, status, partner_id FROM users WHERE email = 'ada@northwind.example'",
    )
    expect(admin).toEqual({ role: 'partner_admin', status: 'invited', partner_id: done.partnerId })

    // The invited admin accepts the link and signs the POTC version.
    const token = new URL(await invitationLink(db, 'ada@northwind.example')).searchParams.get('token')
    expect(
      (await t.request('/api/auth/invitations/accept', { method: 'POST', json: { token, password: 'a long new password' } })).status,
    ).toBeLessThan(300)
    const ada = await t.login('ada@northwind.example', 'a long new password')
    const signed = await ada.post(`/api/agreements/${done.agreementId}/sign`, { typedName: 'Ada Byron', potcVersion: '2026.1' })
    expect(signed.status).toBe(200)
    expect(await signed.json()).toMatchObject({ status: 'active', signatures: [{ typedName: 'Ada Byron', potcVersion: '2026.1' }] })
    expect((await (await sales.get(`/api/onboarding/cases/${id}`)).json()).status).toBe('completed')
    expect((await gps.post(`/api/onboarding/cases/${id}/complete`, { effectiveDate: '2026-12-01' })).status).toBe(409)
  })

  it("a failed completion (the website is another partner's) leaves nothing behind", async () => {
    await makePartner(db, { legalName: 'Taken Domain Co', website: 'https://taken.example' })
    const c = await (
      await sales.post(
        '/api/onboarding/cases',
        dealCase({ legalName: 'Clash Co', website: 'https://taken.example', contactEmail: 'c@clash.example' }),
      )
    ).json()
    for (const i of c.checklist.filter((x: { automatic: boolean }) => !x.automatic))
      await gps.put(`/api/onboarding/cases/${c.id}/checklist/${i.key}`, { done: true })
    const [partners, agreements, users] = [await count('partners'), await count('agreements'), await count('users')]
    const res = await gps.post(`/api/onboarding/cases/${c.id}/complete`, { effectiveDate: '2026-12-01' })
    expect(res.status).toBe(409)
    expect((await res.json()).errors).toEqual([{ path: 'website', message: 'A partner with domain taken.example exists' }])
    expect([await count('partners'), await count('agreements'), await count('users')]).toEqual([partners, agreements, users])
    expect((await (await gps.get(`/api/onboarding/cases/${c.id}`)).json()).status).toBe('in_progress')
  })
})
