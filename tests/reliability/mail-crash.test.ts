import { afterAll, describe, expect, it } from 'vitest'
import { openPostgres, systemScope } from '../../src/core/db.ts'
import { loadConfig } from '../../src/core/config.ts'
import { queueRendered } from '../../src/core/mail.ts'
import { outboxMessageId } from '../../src/core/mail-delivery.ts'
import { sys } from '../factories/index.ts'
import { startSmtpSink, type ReceivedMail } from '../setup/smtp.ts'
import { freshDatabase, needsPostgres, seeded, sleep, startServer, tempDir, type Server } from './harness.ts'

/**
 * Jobs and mail after a kill: the mail job is sending a queued batch to a slow SMTP server when its server is killed
 * (at the moment the mail server has taken a message, before the outbox can record it — the worst moment). After the
 * restarts the job runs again, every message reaches its recipient, and a message sent again carries the same
 * Message-ID (its idempotency key), so the recipient's mail server keeps one.
 */
const MESSAGES = 30
const KILLS = Number(process.env.MAIL_CRASH_KILLS ?? 2)
const SEED = Number(process.env.CRASH_SEED ?? 20261208)
const PORT = 3471

const runs = needsPostgres('jobs and mail after a kill')
const pg = runs ? await freshDatabase() : null
const tmp = tempDir('alliance-mail-crash-')
let server: Server | null = null
afterAll(async () => {
  await server?.kill()
  await pg?.drop()
  tmp.remove()
})

const messageIdOf = (m: ReceivedMail) => /^message-id:\s*(<[^>]+>)/im.exec(m.raw)?.[1] ?? ''

describe.skipIf(!runs)('jobs and mail after a kill (PostgreSQL)', { timeout: 170_000 }, () => {
  it('sends every queued message once per recipient, by its Message-ID, across kills mid-send', async () => {
    const rng = seeded(SEED)
    const owner = await openPostgres(pg!.url, { max: 2 })
    const ids: string[] = []
    await owner.transaction(systemScope, async (sql) => {
      for (let i = 0; i < MESSAGES; i++) {
        const to = [`person${i % 10}@sink.example`]
        const mail = { subject: `Message ${i}`, text: `Body ${i}`, html: `<p>Body ${i}</p>` }
        ids.push((await queueRendered(sql, 'reliability-test', mail, { to })).id)
      }
    })

    // A kill lands when the mail server has just taken the n-th message of this run (before it answers 250).
    let killAt = Infinity
    let onKill: (() => void) | null = null
    const sink = await startSmtpSink({
      delayMs: 150,
      onMessage: () => {
        if (sink && sink.received.length >= killAt && onKill) {
          const kill = onKill
          onKill = null
          kill()
        }
      },
    })
    const env = { DATABASE_URL: pg!.url, DATA_DIR: tmp.dir, SMTP_URL: sink.url, MAIL_LEASE_SECONDS: '3', JOB_MAINTENANCE_SECONDS: '1' }

    let kills = 0
    for (let k = 0; k < KILLS; k++) {
      killAt = sink.received.length + rng.int(2, 6)
      const killed = new Promise<void>((resolve) => (onKill = resolve))
      server = await startServer(env, PORT)
      await killed
      await server.kill('SIGKILL')
      kills++
    }
    killAt = Infinity
    server = await startServer(env, PORT)

    // Everything is sent once the job has run again after the last kill.
    const deadline = Date.now() + 90_000
    let outbox: { id: string; status: string; message_id: string | null; attempts: number }[]
    for (;;) {
      outbox = await owner.owner.query(`SELECT id::text, status, message_id, attempts FROM mail_outbox WHERE template = 'reliability-test'`)
      if (outbox.every((m) => m.status === 'sent') || Date.now() > deadline) break
      await sleep(500)
    }
    const jobs = await owner.owner.query<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'mail-outbox' GROUP BY state ORDER BY state`,
    )
    await server.kill('SIGTERM')
    server = null
    await sink.close()
    await owner.close()

    // The recipient's side: messages kept by Message-ID, as a receiving mail server does.
    const ctx = sys(owner)
    const expected = new Map(ids.map((id) => [outboxMessageId({ ...ctx, config: loadConfig({}) }, id), id]))
    const kept = new Map<string, ReceivedMail>()
    let resent = 0
    for (const m of sink.received) {
      const key = `${m.to.join(',')} ${messageIdOf(m)}`
      if (kept.has(key)) resent++
      else kept.set(key, m)
    }
    const received = [...kept.values()]
    const report = {
      seed: SEED,
      messages: MESSAGES,
      kills,
      smtpDeliveries: sink.received.length,
      resentWithSameMessageId: resent,
      keptByRecipients: received.length,
      withoutOutboxMessageId: received.filter((m) => !expected.has(messageIdOf(m))).length,
      mailJobRuns: Object.fromEntries(jobs.map((j) => [j.state, j.n])),
      maxAttempts: Math.max(...outbox.map((m) => m.attempts)),
    }
    console.log('mail crash report', JSON.stringify(report))

    expect(kills).toBe(KILLS)
    expect(outbox.filter((m) => m.status !== 'sent')).toEqual([])
    // Each outbox row recorded the Message-ID derived from it, and that is what was sent.
    for (const m of outbox) expect(expected.get(m.message_id!)).toBe(m.id)
    expect(report.withoutOutboxMessageId).toBe(0)
    // Every message reached its recipient, and no recipient kept a message twice.
    expect(received.length).toBe(MESSAGES)
    expect(new Set(received.map((m) => expected.get(messageIdOf(m)))).size).toBe(MESSAGES)
    for (const m of received) expect(m.subject).toBe(`Message ${ids.indexOf(expected.get(messageIdOf(m))!)}`)
    // Only a message in flight at a kill can have gone out twice, with its one Message-ID.
    expect(resent).toBeLessThanOrEqual(KILLS)
  })
})
