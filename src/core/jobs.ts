import PgBoss from 'pg-boss'
import type { Logger } from 'pino'
import type { Config } from './config.ts'
import { systemContext, type Ctx } from './context.ts'
import type { Database } from './db.ts'

export interface JobDefinition {
  /** The pg-boss queue name: lower case, digits and dashes. */
  name: string
  /** Five-field cron expression (UTC): pg-boss runs the job on this schedule, once across all servers. */
  cron?: string
  /** Also run once when the jobs start (work that must not wait for the first tick, e.g. after downtime). */
  runOnStart?: boolean
  /** Also run when a NOTIFY arrives on this channel, or any of these (sent by a transaction that made work for the job). */
  notify?: string | string[]
  /**
   * A run still active after this long is taken for one whose server died: the queue fails it and runs it again
   * (once). Default 15 minutes.
   */
  expireInSeconds?: (config: Config) => number
  run(ctx: Ctx): Promise<void>
}

export function defineJob(def: JobDefinition): JobDefinition {
  if (!/^[a-z0-9-]+$/.test(def.name)) throw new Error(`Job name "${def.name}": use lower case letters, digits and dashes`)
  return def
}

export interface JobRunner {
  /** Queues one run of a job now (at most one waits while another runs). */
  trigger(name: string): Promise<void>
  /** Stops taking work and waits for jobs in flight; call before the database closes. */
  stop(): Promise<void>
}

export type JobDeps = { db: Database; config: Config; log: Logger }

/** Errors of two servers setting up the same queues at the same moment (deadlock, serialization, already created). */
const RACE_CODES = new Set(['40P01', '40001', '23505', '42P07'])

/**
 * Runs one step of the queue set-up, again (up to five times, after a short random wait) when another server starting
 * at the same moment made it fail: without this, the loser of such a race stopped with "deadlock detected".
 */
async function settingUp(log: Logger, step: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await step()
      return
    } catch (e) {
      const code = (e as { code?: string }).code
      if (!code || !RACE_CODES.has(code) || attempt >= 5) throw e
      log.warn({ code, attempt }, 'job queue set-up raced another server; trying again')
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt))
    }
  }
}

/**
 * Starts pg-boss on the application's database (its own `pgboss` schema, through the owner
 * connection; on the embedded database through the same PGlite instance) and works every job.
 */
export async function startJobs(deps: JobDeps, jobs: JobDefinition[], opts: { pollingIntervalSeconds?: number } = {}): Promise<JobRunner> {
  const { db, config, log } = deps
  const boss = new PgBoss({
    db: db.jobsSql as PgBoss.Db,
    schema: 'pgboss',
    supervise: true,
    schedule: true,
    migrate: true,
    maintenanceIntervalSeconds: config.jobMaintenanceSeconds,
  })
  boss.on('error', (err) => log.error({ err }, 'job queue error'))
  await boss.start()
  const unlisten: (() => Promise<void>)[] = []
  for (const job of jobs) {
    // stately: one run at a time and at most one more waiting, so triggers never pile up.
    const expireInSeconds = job.expireInSeconds?.(config) ?? 15 * 60
    const queue = { name: job.name, policy: 'stately' as const, retryLimit: 1, expireInSeconds }
    await settingUp(log, async () => {
      await boss.createQueue(job.name, queue)
      // A queue made by an earlier version keeps its options unless they are updated.
      await boss.updateQueue(job.name, queue)
    })
    await boss.work(job.name, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async () => {
      const started = Date.now()
      await job.run(systemContext(db, config, log.child({ job: job.name })))
      log.debug({ job: job.name, ms: Date.now() - started }, 'job done')
    })
    if (job.cron) await settingUp(log, () => boss.schedule(job.name, job.cron!, {}, { tz: 'UTC' }))
    if (job.runOnStart) await boss.send(job.name, {})
    for (const channel of [job.notify ?? []].flat())
      unlisten.push(await db.listen(channel, () => void boss.send(job.name, {}).catch((err) => log.error({ err }, 'trigger failed'))))
  }
  // A job whose schedule was removed from the code stops running on it.
  const scheduled = new Set(jobs.filter((j) => j.cron).map((j) => j.name))
  for (const s of await boss.getSchedules()) if (!scheduled.has(s.name)) await boss.unschedule(s.name)

  let stopping: Promise<void> | null = null
  return {
    trigger: async (name) => {
      if (!jobs.some((j) => j.name === name)) throw new Error(`No job named ${name}`)
      await boss.send(name, {})
    },
    stop: () =>
      (stopping ??= (async () => {
        await Promise.all(unlisten.map((off) => off()))
        // Resolves once jobs in flight have finished (or the timeout passed) and pg-boss has stopped.
        await boss.stop({ graceful: true, timeout: 20_000 })
      })()),
  }
}
