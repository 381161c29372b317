import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../tests/setup/db.ts'
import { jobs as serverJobs } from '../server/jobs.ts'
import { loadConfig } from './config.ts'
import type { Database } from './db.ts'
import { defineJob, startJobs, type JobRunner } from './jobs.ts'

let db: Database
let runner: JobRunner
type JobName = 'tick' | 'notified' | 'boot'
const runs: Record<JobName, number> = { tick: 0, notified: 0, boot: 0 }
const waiters: { name: JobName; n: number; resolve: () => void }[] = []
const bump = (name: JobName) => {
  runs[name]++
  for (const w of waiters.filter((w) => w.name === name && runs[name] >= w.n)) w.resolve()
}
const ranTimes = (name: JobName, n: number) =>
  runs[name] >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ name, n, resolve }))

beforeAll(async () => {
  db = await createTestDb()
  const testJobs = [
    defineJob({ name: 'test-tick', cron: '*/5 * * * *', run: async () => bump('tick') }),
    defineJob({ name: 'test-boot', runOnStart: true, run: async () => bump('boot') }),
    defineJob({
      name: 'test-notified',
      notify: 'test_channel',
      run: async (ctx) => {
        expect(ctx.actor?.via).toBe('system')
        bump('notified')
      },
    }),
  ]
  runner = await startJobs({ db, config: loadConfig({}), log: pino({ level: 'silent' }) }, testJobs, { pollingIntervalSeconds: 0.5 })
})
afterAll(async () => {
  await runner?.stop()
  await db?.close()
})

describe('jobs on pg-boss', () => {
  it('runs a job on start, and when triggered', async () => {
    await ranTimes('boot', 1)
    await runner.trigger('test-tick')
    await ranTimes('tick', 1)
    await expect(runner.trigger('no-such-job')).rejects.toThrow('No job named no-such-job')
  })

  it('records cron schedules in the database, once for all servers', async () => {
    const rows = await db.owner.query<{ name: string; cron: string; timezone: string }>(
      'SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name',
    )
    expect(rows).toEqual([{ name: 'test-tick', cron: '*/5 * * * *', timezone: 'UTC' }])
  })

  it('runs a job when a committed transaction notifies its channel', async () => {
    await db.transaction({ userId: null, partnerId: null, internal: true }, (sql) => sql.query("SELECT pg_notify('test_channel', 'x')"))
    await ranTimes('notified', 1)
    // It went through the job queue, not around it.
    const queued = await db.owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test-notified'`)
    expect(queued[0]?.n).toBeGreaterThanOrEqual(1)
  })

  it('refuses a job name pg-boss cannot take as a queue', () => {
    expect(() => defineJob({ name: 'Bad Name', run: async () => {} })).toThrow('use lower case')
  })

  it("lists the server's jobs: tier changes hourly, the mail outbox every minute and on notification, agreement expiry daily, deals hourly, the pipeline snapshot, notification upkeep and the safety program daily, webhooks every minute and on events, MDF claim windows and expiry daily", () => {
    expect(serverJobs.map((j) => [j.name, j.cron, !!j.runOnStart])).toEqual([
      ['apply-due-tier-changes', '0 * * * *', true],
      ['mail-outbox', '* * * * *', true],
      ['prune-rate-limit-hits', '17 3 * * *', false],
      ['agreement-expiry', '0 6 * * *', true],
      ['deal-registrations', '15 * * * *', true],
      ['pipeline-snapshot', '5 0 * * *', true],
      ['prune-notifications', '40 3 * * *', false],
      ['notification-digest', '0 7 * * *', false],
      ['safety-daily', '10 6 * * *', true],
      ['webhooks', '* * * * *', true],
      ['mdf-daily', '20 0 * * *', true],
    ])
    expect(serverJobs[1]?.notify).toBe('alliance_mail')
    expect(serverJobs.find((j) => j.name === 'webhooks')?.notify).toEqual(['alliance_events', 'alliance_webhooks'])
    // A webhook run killed with its server is run again once its claimed deliveries' lease (timeout + 60 s) has passed.
    expect(serverJobs.find((j) => j.name === 'webhooks')?.expireInSeconds?.(loadConfig({ WEBHOOK_TIMEOUT_MS: '2000' }))).toBe(62)
  })
})
