import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { startSmtpSink } from '../../../tests/setup/smtp.ts'
import type { Database } from '../../core/db.ts'
import { deliverDueMail } from '../../core/mail-delivery.ts'

let db: Database
let t: TestApp
let sink: Awaited<ReturnType<typeof startSmtpSink>>
beforeAll(async () => {
  db = await createTestDb()
  sink = await startSmtpSink()
  t = createTestApp(db, { PUBLIC_URL: 'https://alliance.example.com/' })
})
afterAll(async () => {
  await sink.close()
  await db.close()
})

const smtpCtx = () => ({ ...sys(db), config: { ...sys(db).config, smtpUrl: sink.url } })

describe('invitations by email', () => {
  it('inviting a user queues an email with the invitation link, which arrives over SMTP and works', async () => {
    const admin = await t.login((await makeUser(db, 'admin', undefined, { name: 'Ada Admin' })).email)
    const res = await admin.post('/api/users', { email: 'invitee@example.com', name: 'Ivy <Invitee>', role: 'sales' })
    expect(res.status).toBe(201)
    const { inviteUrl } = await res.json()
    expect(inviteUrl).toMatch(/^https:\/\/alliance\.example\.com\/accept-invitation\?token=inv_/)

    const list = await (await admin.get('/api/mail?q=invitee@example.com')).json()
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({ template: 'user-invitation', to: ['invitee@example.com'], status: 'queued', attempts: 0 })
    expect(list.smtpConfigured).toBe(false)

    await deliverDueMail(smtpCtx())
    const mail = sink.received.find((m) => m.to.includes('invitee@example.com'))!
    expect(mail.subject).toBe('Your invitation to Alliance')
    expect(mail.text).toContain('Hello Ivy <Invitee>')
    expect(mail.text).toContain('Ada Admin invited you')
    expect(mail.text).toContain(inviteUrl)
    expect(mail.html).toContain('Hello Ivy &lt;Invitee&gt;')
    expect(mail.html).toContain(`href="${inviteUrl}"`)

    const token = new URL(inviteUrl).searchParams.get('token')
    const accepted = await t.request('/api/auth/invitations/accept', { method: 'POST', json: { token, password: 'from the email link' } })
    expect(accepted.status).toBe(200)
  })

  it('a user created with a password gets no invitation email', async () => {
    const admin = await t.login((await makeUser(db, 'admin')).email)
    await admin.post('/api/users', { email: 'direct@example.com', name: 'Direct', role: 'sales', password: 'long enough pw' })
    expect((await (await admin.get('/api/mail?q=direct@example.com')).json()).items).toEqual([])
  })

  it('a partner admin inviting a colleague queues the email too (the outbox takes mail from any tenant)', async () => {
    const partner = await makePartner(db)
    const pa = await t.login((await makeUser(db, 'partner_admin', partner.id)).email)
    expect((await pa.post('/api/users', { email: 'colleague@example.com', name: 'Colleague', role: 'partner_user' })).status).toBe(201)
    expect((await pa.get('/api/mail')).status).toBe(403)
    const admin = await t.login((await makeUser(db, 'admin')).email)
    const items = (await (await admin.get('/api/mail?q=colleague@example.com')).json()).items
    expect(items).toMatchObject([{ partnerId: partner.id, status: 'queued' }])
  })
})

describe('the outbox page API', () => {
  it('lists by status with counts, pages with a cursor, shows one message, and retries a failed one', async () => {
    const admin = await t.login((await makeUser(db, 'admin')).email)
    for (let i = 0; i < 3; i++) await admin.post('/api/users', { email: `page${i}@example.com`, name: `Page ${i}`, role: 'sales' })
    const first = await (await admin.get('/api/mail?q=page&limit=2')).json()
    expect(first.items).toHaveLength(2)
    const second = await (await admin.get(`/api/mail?q=page&limit=2&cursor=${first.nextCursor}`)).json()
    expect(second.items).toHaveLength(1)
    expect(second.nextCursor).toBeNull()
    expect([...first.items, ...second.items].map((m: { to: string[] }) => m.to[0]).sort()).toEqual([
      'page0@example.com',
      'page1@example.com',
      'page2@example.com',
    ])

    const failedId = second.items[0].id
    await db.owner.query("UPDATE mail_outbox SET status = 'failed', attempts = 5, last_error = '451 try later' WHERE id = $1", [failedId])
    const failed = await (await admin.get('/api/mail?status=failed')).json()
    expect(failed.items.map((m: { id: string }) => m.id)).toEqual([failedId])
    expect(failed.counts.failed).toBe(1)
    expect(failed.items[0]).toMatchObject({ lastError: '451 try later', nextAttemptAt: null })

    const detail = await (await admin.get(`/api/mail/${failedId}`)).json()
    expect(detail.text).toContain('accept-invitation?token=')
    expect(detail.html).toContain('<a href=')

    const retried = await admin.post(`/api/mail/${failedId}/retry`)
    expect(retried.status).toBe(200)
    expect(await retried.json()).toMatchObject({ status: 'queued', attempts: 0 })
    await deliverDueMail(smtpCtx())
    expect((await (await admin.get(`/api/mail/${failedId}`)).json()).status).toBe('sent')
    const again = await admin.post(`/api/mail/${failedId}/retry`)
    expect(again.status).toBe(409)
    expect((await admin.get('/api/mail/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await admin.get('/api/mail?status=bounced')).status).toBe(400)
  })

  it('partner operations read the outbox but may not retry', async () => {
    const ops = await t.login((await makeUser(db, 'partner_ops')).email)
    const list = await (await ops.get('/api/mail')).json()
    expect(list.items.length).toBeGreaterThan(0)
    expect((await ops.post(`/api/mail/${list.items[0].id}/retry`)).status).toBe(403)
  })
})
