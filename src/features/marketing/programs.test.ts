import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'

type Client = Awaited<ReturnType<TestApp['login']>>
let db: Database
let t: TestApp
let marketing: Client, acmeAdmin: Client, acmeUser: Client, globexAdmin: Client
const partners: Record<string, string> = {}
const period = { startsOn: '2026-01-01', endsOn: '2027-12-31' }

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  for (const tier of ['strategic', 'advantage', 'select', 'approved'] as const)
    partners[tier] = (await makePartner(db, { legalName: `${tier} Co`, status: 'active', tier })).id
  partners.none = (await makePartner(db, { legalName: 'No Tier Co', status: 'active' })).id
  marketing = await t.login((await makeUser(db, 'marketing')).email)
  acmeAdmin = await t.login((await makeUser(db, 'partner_admin', partners.strategic)).email)
  acmeUser = await t.login((await makeUser(db, 'partner_user', partners.strategic)).email)
  globexAdmin = await t.login((await makeUser(db, 'partner_admin', partners.select)).email)
})
afterAll(() => db.close())

const invite = async (program: 'jam' | 'jem', partnerId: string, extra: object = {}) => {
  const res = await marketing.post('/api/programs/memberships', { program, partnerId, ...period, ...extra })
  return { status: res.status, body: await res.json() }
}

describe('eligibility: tier × benefit × invitation', () => {
  // The program page: JAM and JEM by invitation to Strategic, Advantage and Select; n/a at Approved.
  const cases = [
    ['strategic', 201],
    ['advantage', 201],
    ['select', 201],
    ['approved', 403],
    ['none', 403],
  ] as const
  for (const program of ['jam', 'jem'] as const)
    for (const [tier, status] of cases)
      it(`${program} for a ${tier} partner: ${status}`, async () => {
        const r = await invite(program, partners[tier]!)
        expect(r.status).toBe(status)
        if (status === 403) expect(r.body.code).toBe('BENEFIT_NOT_INCLUDED')
        else expect(r.body).toMatchObject({ program, status: 'invited', partner: { id: partners[tier] } })
      })

  it('a second open invitation is refused; no membership without an invitation', async () => {
    const again = await invite('jam', partners.strategic!)
    expect(again.status).toBe(409)
    const page = await (await acmeAdmin.get(`/api/programs/partners/${partners.strategic}`)).json()
    // Invited is not a member: the page stays basic (Strategic's platform page benefit) until accepted.
    expect(page).toMatchObject({ eligible: { jam: true, jem: true }, jam: { status: 'invited' }, pageLevel: 'basic' })
  })
})

describe('answering and ending', () => {
  it('the partner admin accepts: the membership is active and the partner page enhanced; marketing hears of it', async () => {
    const [m] = (await (await acmeAdmin.get('/api/programs/memberships?program=jam')).json()).items
    expect(m.invitedBy).toBeNull() // partners do not see which member of staff invited them
    expect((await acmeUser.post(`/api/programs/memberships/${m.id}/accept`)).status).toBe(403)
    expect((await globexAdmin.post(`/api/programs/memberships/${m.id}/accept`)).status).toBe(404)
    const res = await acmeAdmin.post(`/api/programs/memberships/${m.id}/accept`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'active', startsOn: period.startsOn, endsOn: period.endsOn })
    expect((await acmeAdmin.post(`/api/programs/memberships/${m.id}/accept`)).status).toBe(409)
    const page = await (await acmeAdmin.get(`/api/programs/partners/${partners.strategic}`)).json()
    expect(page.pageLevel).toBe('enhanced')
    const notes = await db.owner.query<{ type: string }>(
      `SELECT n.type FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.role = 'marketing' AND n.type = 'program_invitation.accepted'`,
    )
    expect(notes.length).toBe(1)
  })

  it('a partner sees only its own memberships', async () => {
    const mine = (await (await globexAdmin.get('/api/programs/memberships')).json()).items as { partner: { id: string } }[]
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((m) => m.partner.id === partners.select)).toBe(true)
    expect((await globexAdmin.get(`/api/programs/partners/${partners.strategic}`)).status).toBe(404)
  })

  it('declines with a reason', async () => {
    const [m] = (await (await globexAdmin.get('/api/programs/memberships?program=jem')).json()).items
    const res = await globexAdmin.post(`/api/programs/memberships/${m.id}/decline`, { reason: 'No budget this year' })
    expect(await res.json()).toMatchObject({ status: 'declined', declineReason: 'No budget this year' })
    // A declined invitation can be followed by a new one.
    expect((await invite('jem', partners.select!)).status).toBe(201)
  })

  it('campaigns carry an MDF reference, checked; only on active memberships', async () => {
    const [m] = (await (await marketing.get(`/api/programs/memberships?program=jam&partnerId=${partners.strategic}`)).json()).items
    const bad = await marketing.post(`/api/programs/memberships/${m.id}/campaigns`, {
      kind: 'campaign',
      title: 'Q3 ads',
      mdfReference: 'no spaces!',
    })
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors[0].path).toBe('mdfReference')
    const ok = await marketing.post(`/api/programs/memberships/${m.id}/campaigns`, {
      kind: 'joint_event',
      title: 'Joint roadshow',
      mdfReference: 'MDF-2026-0042',
    })
    expect(ok.status).toBe(201)
    const list = (await (await acmeAdmin.get(`/api/programs/memberships/${m.id}/campaigns`)).json()).items
    expect(list).toMatchObject([{ title: 'Joint roadshow', mdfReference: 'MDF-2026-0042' }])
    expect((await globexAdmin.get(`/api/programs/memberships/${m.id}/campaigns`)).status).toBe(404)
  })

  it('marketing ends the membership: the page is basic again and the partner admin is told', async () => {
    const [m] = (await (await marketing.get(`/api/programs/memberships?program=jam&partnerId=${partners.strategic}`)).json()).items
    expect((await marketing.post(`/api/programs/memberships/${m.id}/end`, {})).status).toBe(400)
    const res = await marketing.post(`/api/programs/memberships/${m.id}/end`, { reason: 'Program budget moved' })
    expect(await res.json()).toMatchObject({ status: 'ended', endReason: 'Program budget moved' })
    expect((await (await acmeAdmin.get(`/api/programs/partners/${partners.strategic}`)).json()).pageLevel).toBe('basic')
    expect((await marketing.post(`/api/programs/memberships/${m.id}/campaigns`, { kind: 'campaign', title: 'Late' })).status).toBe(409)
  })

  it('a membership whose period is over reads as expired and a new invitation may follow', async () => {
    // The Advantage partner's JAM invitation from the eligibility cases, accepted, then its period passes.
    const admin = await t.login((await makeUser(db, 'partner_admin', partners.advantage)).email)
    const [m] = (await (await admin.get('/api/programs/memberships?program=jam')).json()).items
    expect((await admin.post(`/api/programs/memberships/${m.id}/accept`)).status).toBe(200)
    expect((await (await admin.get(`/api/programs/partners/${partners.advantage}`)).json()).pageLevel).toBe('enhanced')
    await db.owner.query(`UPDATE marketing_memberships SET starts_on = '2025-01-01', ends_on = '2025-06-30' WHERE id = $1`, [m.id])
    expect((await (await admin.get(`/api/programs/memberships/${m.id}`)).json()).status).toBe('expired')
    expect((await (await admin.get(`/api/programs/partners/${partners.advantage}`)).json()).pageLevel).toBe('basic')
    expect((await invite('jam', partners.advantage!)).status).toBe(201)
  })

  it('only marketing invites; bad input names the field', async () => {
    expect((await acmeAdmin.post('/api/programs/memberships', { program: 'jam', partnerId: partners.strategic, ...period })).status).toBe(
      403,
    )
    const res = await marketing.post('/api/programs/memberships', {
      program: 'jam',
      partnerId: partners.select,
      startsOn: '2027-01-01',
      endsOn: '2026-01-01',
    })
    expect(res.status).toBe(400)
    expect((await res.json()).errors.map((e: { path: string }) => e.path)).toContain('endsOn')
  })
})
