import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../tests/setup/db.ts'
import { startSmtpSink } from '../../tests/setup/smtp.ts'
import { jobs } from '../server/jobs.ts'
import { loadConfig } from './config.ts'
import { systemContext, type Ctx } from './context.ts'
import { systemScope, type Database } from './db.ts'
import { startJobs } from './jobs.ts'
import { html } from './html.ts'
import { defineMailTemplate, mailLayout, queueMail } from './mail.ts'
import { backoffMs, deliverDueMail, MAX_ATTEMPTS } from './mail-delivery.ts'
import { oneRow } from './db-rows.ts'

const greeting = defineMailTemplate('test-greeting', (d: { name: string; note: string }) => ({
  subject: `Hello ${d.name}`,
  text: `Hello ${d.name}\n${d.note}\n`,
  html: mailLayout(`Hello ${d.name}`, html`<p>${d.note}</p>`),
}))

let db: Database
const log = pino({ level: 'silent' })
const ctxWith = (env: Record<string, string>, now = () => new Date()): Ctx => ({ ...systemContext(db, loadConfig(env), log), now })
const queue = (to: string | string[], data = { name: 'Ada', note: 'Welcome <aboard> & "enjoy"' }) =>
  db.transaction(systemScope, (sql) => queueMail(sql, greeting, { to, data }))
const row = async (id: string) =>
  oneRow(
    await db.owner.query<{ status: string; attempts: number; next_attempt_at: Date; last_error: string | null; message_id: string | null }>(
      'SELECT status, attempts, next_attempt_at, last_error, message_id FROM mail_outbox WHERE id = $1',
      [id],
    ),
    'Outbox row',
  )

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db.close())

describe('mail templates', () => {
  it('render subject, text and HTML, escaping data in the HTML only', () => {
    const m = greeting.render({ name: 'Bob <b>', note: '<script>alert(1)</script> & co' })
    expect(m.subject).toBe('Hello Bob <b>')
    expect(m.text).toContain('<script>alert(1)</script> & co')
    expect(m.html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>')
    expect(m.html).toContain('<h2 style="color:#364fc7;margin:0 0 16px">Hello Bob &lt;b&gt;</h2>')
    expect(m.html).not.toContain('<script>')
  })
})

describe('the outbox', () => {
  it('keeps a message only when the transaction that queued it commits', async () => {
    const marker = `rolled-back-${Date.now()}@example.com`
    await expect(
      db.transaction(systemScope, async (sql) => {
        await queueMail(sql, greeting, { to: marker, data: { name: 'X', note: 'y' } })
        throw new Error('the caller failed')
      }),
    ).rejects.toThrow('the caller failed')
    expect(await db.owner.query('SELECT 1 FROM mail_outbox WHERE $1 = ANY(recipients)', [marker])).toEqual([])
    const { id } = await queue('kept@example.com')
    expect((await row(id)).status).toBe('queued')
  })

  it('refuses bad recipients, naming them, and queues nothing', async () => {
    const err = await queue(['ok@example.com', 'not an email']).catch((e) => e)
    expect(err.code).toBe('VALIDATION_FAILED')
    expect(err.details.errors).toEqual([{ path: 'to.1', message: 'Not an email address' }])
  })

  it('without SMTP, mail stays queued in the outbox', async () => {
    const { id } = await queue('waiting@example.com')
    expect(await deliverDueMail(ctxWith({}))).toEqual({ sent: 0, retrying: 0, failed: 0 })
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 0 })
  })

  it('sends due mail over SMTP: recipients, subject, text and HTML arrive', async () => {
    const sink = await startSmtpSink()
    try {
      await db.owner.query("UPDATE mail_outbox SET status = 'failed' WHERE status = 'queued'") // earlier tests' mail
      const a = await queue(['ada@example.com', 'grace@example.com'])
      const b = await queue('linus@example.com', { name: 'Linus', note: 'Second' })
      const r = await deliverDueMail(ctxWith({ SMTP_URL: sink.url, MAIL_FROM: 'Program <program@alliance.example>' }))
      expect(r).toEqual({ sent: 2, retrying: 0, failed: 0 })
      expect(sink.received).toHaveLength(2)
      const first = sink.received.find((m) => m.to.includes('ada@example.com'))!
      expect(first.to.sort()).toEqual(['ada@example.com', 'grace@example.com'])
      expect(first.from).toBe('program@alliance.example')
      expect(first.subject).toBe('Hello Ada')
      expect(first.text).toContain('Welcome <aboard> & "enjoy"')
      expect(first.html).toContain('Welcome &lt;aboard&gt; &amp; &quot;enjoy&quot;')
      expect(sink.received.find((m) => m.to[0] === 'linus@example.com')!.subject).toBe('Hello Linus')
      for (const id of [a.id, b.id]) expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null })
      expect((await row(a.id)).message_id).toMatch(/@/)
      // Sent mail is not sent twice.
      expect(await deliverDueMail(ctxWith({ SMTP_URL: sink.url }))).toEqual({ sent: 0, retrying: 0, failed: 0 })
    } finally {
      await sink.close()
    }
  })

  it('a failing SMTP server: retries back off exponentially, then the message fails for good', async () => {
    const sink = await startSmtpSink({ reject: true })
    try {
      await db.owner.query("UPDATE mail_outbox SET status = 'failed' WHERE status = 'queued'")
      let clock = new Date('2030-01-01T00:00:00Z').getTime()
      const { id } = await queue('bounce@example.com')
      const ctx = ctxWith({ SMTP_URL: sink.url }, () => new Date(clock))
      const waits: number[] = []
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const r = await deliverDueMail(ctx)
        const after = await row(id)
        expect(after.attempts).toBe(attempt)
        expect(after.last_error).toContain('451')
        if (attempt < MAX_ATTEMPTS) {
          expect(r).toEqual({ sent: 0, retrying: 1, failed: 0 })
          expect(after.status).toBe('queued')
          const wait = after.next_attempt_at.getTime() - clock
          waits.push(wait)
          // Not due before its time.
          clock += wait - 1000
          expect(await deliverDueMail(ctx)).toEqual({ sent: 0, retrying: 0, failed: 0 })
          clock += 1000
        } else {
          expect(r).toEqual({ sent: 0, retrying: 0, failed: 1 })
          expect(after.status).toBe('failed')
        }
      }
      expect(waits).toEqual([60_000, 120_000, 240_000, 480_000])
      expect(waits).toEqual([1, 2, 3, 4].map(backoffMs))
      // Failed is final: no more sweeps pick it up, however late.
      clock += 86_400_000
      expect(await deliverDueMail(ctx)).toEqual({ sent: 0, retrying: 0, failed: 0 })
      expect((await row(id)).attempts).toBe(MAX_ATTEMPTS)
    } finally {
      await sink.close()
    }
  })
})

describe('mail jobs', () => {
  it('send mail queued before the server started (nothing lost on restart) and mail queued while it runs, after commit', async () => {
    const sink = await startSmtpSink()
    await db.owner.query("UPDATE mail_outbox SET status = 'failed' WHERE status = 'queued'")
    const before = await queue('queued-while-down@example.com', { name: 'Early', note: 'Queued while no server ran' })
    const runner = await startJobs({ db, config: loadConfig({ SMTP_URL: sink.url }), log }, jobs, { pollingIntervalSeconds: 0.5 })
    try {
      await sink.waitFor(1)
      expect(sink.received[0]).toMatchObject({ to: ['queued-while-down@example.com'], subject: 'Hello Early' })
      const after = await queue('queued-while-up@example.com', { name: 'Late', note: 'Queued while the server ran' })
      await sink.waitFor(2)
      expect(sink.received[1]).toMatchObject({ to: ['queued-while-up@example.com'], subject: 'Hello Late' })
      expect(sink.received[1]?.text).toContain('Queued while the server ran')
      // Stopping waits for the sweep in flight, which records what it sent.
      await runner.stop()
      for (const id of [before.id, after.id]) expect((await row(id)).status).toBe('sent')
      expect(sink.received).toHaveLength(2)
    } finally {
      await runner.stop()
      await sink.close()
    }
  })
})
