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
  it('inviting a user queues an email whose link reaches the recipient over SMTP only, and works', async () => {
    const admin = await t.login((await makeUser(db, 'admin', undefined, { name: 'Ada Admin' })).email)
    const res = await admin.post('/api/users', { email: 'invitee@example.com', name: 'Ivy <Invitee>', role: 'sales' })
    expect(res.status).toBe(201)
    expect(await res.text()).not.toContain('inv_')

    const list = await (await admin.get('/api/mail?q=invitee@example.com')).json()
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({ template: 'user-invitation', to: ['invitee@example.com'], status: 'queued', attempts: 0 })
    expect(list.smtpConfigured).toBe(false)
    const stored = await (await admin.get(`/api/mail/${list.items[0].id}`)).json()
    expect(stored.text).toContain('⟦url: sent only to the recipient⟧')
    expect(JSON.stringify(stored)).not.toContain('inv_')

    await deliverDueMail(smtpCtx())
    const mail = sink.received.find((m) => m.to.includes('invitee@example.com'))!
    expect(mail.subject).toBe('Your invitation to Alliance')
    expect(mail.text).toContain('Hello Ivy <Invitee>')
    expect(mail.text).toContain('Ada Admin invited you')
    const inviteUrl = /https:\/\/alliance\.example\.com\/accept-invitation\?token=inv_[\w-]+/.exec(mail.text)?.[0] ?? ''
    expect(inviteUrl).not.toBe('')
    expect(mail.html).toContain('Hello Ivy &lt;Invitee&gt;')
    expect(mail.html).toContain(`href="${inviteUrl}"`)
    // Sent: the secret is kept nowhere any longer.
    expect(await db.owner.query('SELECT 1 FROM mail_secrets WHERE mail_id = $1', [list.items[0].id])).toHaveLength(0)

    const token = new URL(inviteUrl).searchParams.get('token')
    const accepted = await t.request('/api/auth/invitations/accept', { method: 'POST', json: { token, password: 'from the email link' } })
    expect(accepted.status).toBe(200)
  })

  it("partner operations reading the outbox cannot take over an administrator's invitation", async () => {
    const admin = await t.login((await makeUser(db, 'admin')).email)
    const opsUser = await makeUser(db, 'partner_ops')
    const ops = await t.login(opsUser.email)
    const created = await admin.post(
      '/api/users',
      { email: 'new.admin@example.com', name: 'New Admin', role: 'admin' },
      { 'idempotency-key': 'invite-new-admin' },
    )
    expect(created.status).toBe(201)
    const seen: string[] = [await created.text()]
    const list = await ops.get('/api/mail?q=new.admin')
    seen.push(await list.clone().text())
    const [item] = (await list.json()).items as { id: string }[]
    expect(item).toBeDefined()
    seen.push(await (await ops.get(`/api/mail/${item!.id}`)).text())
    seen.push(await (await admin.get(`/api/mail/${item!.id}`)).text())
    seen.push(
      await (
        await admin.post(
          '/api/users',
          { email: 'new.admin@example.com', name: 'New Admin', role: 'admin' },
          { 'idempotency-key': 'invite-new-admin' },
        )
      ).text(),
    )
    for (const text of seen) expect(text).not.toMatch(/inv_[\w-]{10,}/)
    // Nor in the database rows staff could reach: the audit log, the kept idempotent answers, the outbox.
    const leaks = await db.owner.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM audit_log WHERE coalesce(before::text, '') || coalesce(after::text, '') LIKE '%inv\\_%')
            + (SELECT count(*) FROM idempotency_keys WHERE response LIKE '%inv\\_%')
            + (SELECT count(*) FROM mail_outbox WHERE text_body LIKE '%token=inv\\_%' OR html_body LIKE '%token=inv\\_%') AS n`,
    )
    expect(Number(leaks[0]?.n)).toBe(0)
    // Staff transactions, administrators' included, see no stored secret at all; only the sender does.
    for (const u of [opsUser.id])
      expect(
        await db.transaction({ userId: u, partnerId: null, internal: true }, (sql) => sql.query('SELECT * FROM mail_secrets')),
      ).toEqual([])
    // Guessing is all that is left: the invitation is not taken.
    const taken = await t.request('/api/auth/invitations/accept', {
      method: 'POST',
      json: { token: `inv_${'x'.repeat(43)}`, password: 'ops chose this' },
    })
    expect(taken.status).toBe(404)
    const [row] = await db.owner.query<{ status: string }>("SELECT status FROM users WHERE email = 'new.admin@example.com'")
    expect(row?.status).toBe('invited')
  })

  it('a user created with a password gets no invitation email', async () => {
    const admin = await t.login((await makeUser(db, 'admin')).email)
    await admin.post('/api/users', { email: 'direct@example.com', name: 'Direct', role: 'sales', password: 'long enough pw' })
    expect((await (await admin.get('/api/mail?q=direct@example.com')).json()).items).toEqual([])
  })

  it('a partner admin inviting a colleague queues the email too (the outbox takes mail from any tenant)', async () => {
    const partner = await makePartner(db, { emailDomains: ['example.com'] })
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
    expect(detail.text).toContain('⟦url: sent only to the recipient⟧')
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
