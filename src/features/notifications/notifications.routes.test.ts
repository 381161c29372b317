import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import type { Database } from '../../core/db.ts'
import { pruneNotifications, sendDigests } from './notifications.jobs.ts'

type Client = Awaited<ReturnType<TestApp['login']>>
let db: Database
let t: TestApp
let acme: string
let acmeUser: Client, acmeAdmin: Client, otherAcmeUser: Client, incentives: Client
let acmeUserEmail: string

const register = async (customer: string) => {
  const res = await acmeUser.post('/api/deals', {
    customer: { name: customer, domain: `${customer.toLowerCase().replace(/\W/g, '')}.com`, country: 'US' },
    products: ['Storage'],
    value: { amount: '250000.00', currency: 'USD' },
    expectedCloseDate: '2027-03-31',
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}
const list = async (c: Client, query = '') => (await c.get(`/api/notifications${query}`)).json()
const mailsTo = (email: string, template: string) =>
  db.owner.query('SELECT 1 FROM mail_outbox WHERE $1 = ANY(recipients) AND template = $2', [email, template])

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  acme = (await makePartner(db, { legalName: 'Acme Systems', status: 'active', tier: 'strategic' })).id
  const u = await makeUser(db, 'partner_user', acme)
  acmeUserEmail = u.email
  acmeUser = await t.login(u.email)
  acmeAdmin = await t.login((await makeUser(db, 'partner_admin', acme)).email)
  otherAcmeUser = await t.login((await makeUser(db, 'partner_user', acme)).email)
  incentives = await t.login((await makeUser(db, 'incentives')).email)
})
afterAll(() => db.close())

describe('notifications', () => {
  it('shows a partner user the approval of their deal with a link to it, and counts it unread', async () => {
    const id = await register('Initrode')
    expect((await incentives.post(`/api/deals/${id}/approve`, {})).status).toBe(200)
    const body = await list(acmeUser)
    expect(body.items[0]).toMatchObject({ type: 'deal.approved', link: `/deals/${id}`, readAt: null })
    expect(body.items[0].title).toMatch(/approved: Initrode/)
    expect(body.unread).toBe(2) // registered + approved
    expect(body.nextCursor).toBeNull()
    // The reviewer's own notifications are separate: another user of the company sees nothing.
    expect((await list(otherAcmeUser)).items).toEqual([])
  })

  it('answers 304 to an unchanged list and a new body once something changes', async () => {
    const first = await acmeUser.get('/api/notifications')
    const etag = first.headers.get('etag')!
    expect(etag).toBeTruthy()
    expect((await acmeUser.get('/api/notifications', undefined, { 'if-none-match': etag })).status).toBe(304)
    await register('Vandelay')
    const changed = await acmeUser.get('/api/notifications', undefined, { 'if-none-match': etag })
    expect(changed.status).toBe(200)
  })

  it('marks one, then all, read; another user cannot mark them', async () => {
    const before = await list(acmeUser)
    const one = before.items[0].id
    expect(await (await otherAcmeUser.post('/api/notifications/read', { ids: [one] })).json()).toEqual({ marked: 0, unread: 0 })
    expect(await (await acmeUser.post('/api/notifications/read', { ids: [one] })).json()).toEqual({ marked: 1, unread: before.unread - 1 })
    expect((await (await acmeUser.post('/api/notifications/read', { all: true })).json()).unread).toBe(0)
    expect((await list(acmeUser, '?unread=true')).items).toEqual([])
    const bad = await acmeUser.post('/api/notifications/read', {})
    expect(bad.status).toBe(400)
  })

  it('pages with a cursor', async () => {
    const page = await list(acmeUser, '?limit=1')
    expect(page.items).toHaveLength(1)
    const next = await list(acmeUser, `?limit=1&cursor=${page.nextCursor}`)
    expect(next.items[0].id).not.toBe(page.items[0].id)
  })

  it('honours preferences per channel: email off sends no email, in-app off shows nothing, digest waits for the daily email', async () => {
    const put = await acmeUser.put('/api/notifications/preferences', { preferences: [{ type: 'deal.approved', channel: 'in_app' }] })
    expect(put.status).toBe(200)
    const prefs = await put.json()
    expect(prefs.items.find((p: { type: string }) => p.type === 'deal.approved')).toMatchObject({ channel: 'in_app', source: 'user' })
    expect(prefs.items.map((p: { type: string }) => p.type)).not.toContain('deal.assigned') // staff only
    const a = await register('Kramerica')
    await incentives.post(`/api/deals/${a}/approve`, {})
    expect(await mailsTo(acmeUserEmail, 'deal-approved')).toHaveLength(1) // only the first approval's
    expect((await list(acmeUser)).items[0]).toMatchObject({ type: 'deal.approved', link: `/deals/${a}` })

    await acmeUser.put('/api/notifications/preferences', { preferences: [{ type: 'deal.rejected', channel: 'digest' }] })
    const b = await register('Soylent')
    await incentives.post(`/api/deals/${b}/reject`, { reason: 'Not a fit' })
    expect(await mailsTo(acmeUserEmail, 'deal-rejected')).toHaveLength(0)
    expect((await list(acmeUser)).items[0]).toMatchObject({ type: 'deal.rejected' })
    expect(await sendDigests(sys(db))).toMatchObject({ users: 1, notifications: 1 })
    expect(await mailsTo(acmeUserEmail, 'notification-digest')).toHaveLength(1)
    expect((await sendDigests(sys(db))).notifications).toBe(0)

    await acmeUser.put('/api/notifications/preferences', { preferences: [{ type: 'deal.registered', channel: 'none' }] })
    const before = (await list(acmeUser)).items.length
    await register('Globo Gym')
    expect((await list(acmeUser)).items.length).toBe(before)
    const unknown = await acmeUser.put('/api/notifications/preferences', { preferences: [{ type: 'deal.assigned', channel: 'none' }] })
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).errors[0].path).toBe('preferences.0.type')
  })

  it("lets a partner admin set its company's defaults, which a user's own choice overrides", async () => {
    const put = await acmeAdmin.put('/api/notifications/company-defaults', {
      preferences: [{ type: 'metrics.confirmed', channel: 'email' }],
    })
    expect(put.status).toBe(200)
    const prefs = await (await otherAcmeUser.get('/api/notifications/preferences')).json()
    expect(prefs.items.find((p: { type: string }) => p.type === 'metrics.confirmed')).toMatchObject({ channel: 'email', source: 'company' })
    expect(prefs.transactional).toMatch(/Invitations/)
    expect((await acmeUser.put('/api/notifications/company-defaults', { preferences: [] })).status).toBe(403)
  })

  it('deletes notifications past the retention period', async () => {
    await db.owner.query(`UPDATE notifications SET created_at = now() - interval '100 days' WHERE type = 'deal.registered'`)
    const r = await pruneNotifications(sys(db))
    expect(r.notifications).toBeGreaterThan(0)
    expect((await list(acmeUser)).items.map((n: { type: string }) => n.type)).not.toContain('deal.registered')
  })
})
