import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { openPostgres } from '../src/core/db.ts'
import { migrate } from '../src/core/migrate.ts'
import { sleep, startServer, tempDir, type Server } from '../tests/reliability/harness.ts'
import { defer } from './lib/cleanup.ts'
import { createBenchDatabase } from './lib/database.ts'
import { fixed, type Row } from './lib/table.ts'

const EVENTS = Number(process.env.BENCH_WEBHOOK_CRASH_EVENTS ?? 2_000)
const SUBSCRIBERS = Number(process.env.BENCH_WEBHOOK_CRASH_SUBSCRIBERS ?? 4)
// The restarted server retries what the killed one had claimed once its lease (timeout + 60 s) has passed and the
// minute's sweep comes; the wait for everything to settle is bounded by this.
const SETTLE_S = Number(process.env.BENCH_WEBHOOK_CRASH_SETTLE_S ?? 240)
const TIMEOUT_MS = 2_000
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

/** A free loopback port for the server (`alliance serve` takes a fixed PORT). */
async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as AddressInfo
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

/**
 * A receiver that checks each message's Standard Webhooks signature, acknowledges it and records its webhook-id:
 * `seen` is what a receiver that de-duplicates by id keeps, `deliveries` counts every signed request, and
 * `processed` counts, per subscriber (the URL's path) and event id, the distinct ids it was processed under.
 */
async function receiver() {
  const wh = new Webhook(SECRET)
  const seen = new Map<string, number>()
  const processed = new Map<string, Set<string>>()
  let deliveries = 0
  let badSignatures = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]))
      let event: { id: string }
      try {
        event = wh.verify(Buffer.concat(chunks).toString('utf8'), headers) as { id: string }
      } catch {
        badSignatures++
        res.writeHead(401).end()
        return
      }
      deliveries++
      const id = headers['webhook-id']!
      seen.set(id, (seen.get(id) ?? 0) + 1)
      const key = `${req.url} ${event.id}`
      processed.set(key, (processed.get(key) ?? new Set()).add(id))
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  defer(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  )
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    seen,
    processed,
    deliveries: () => deliveries,
    badSignatures: () => badSignatures,
  }
}

/**
 * EVENTS events for SUBSCRIBERS subscriptions delivered by a real `alliance serve` process on PostgreSQL, which
 * is killed with SIGKILL once about a third of the deliveries have arrived and then restarted. Counts, at a
 * receiver that de-duplicates by webhook-id, what was lost and what arrived twice.
 */
export default async function webhooksCrash(): Promise<Row[]> {
  const url = await createBenchDatabase('webhooks_crash')
  const db = await openPostgres(url, { max: 2 })
  defer(() => db.close())
  await migrate(db)
  const sink = await receiver()
  const total = EVENTS * SUBSCRIBERS

  for (let i = 0; i < SUBSCRIBERS; i++) {
    const [s] = await db.owner.query<{ id: string }>(
      `INSERT INTO webhook_subscriptions (url, events, created_at) VALUES ($1, '{deal.approved}', now() - interval '1 hour') RETURNING id`,
      [`${sink.url}/${i}`],
    )
    await db.owner.query('INSERT INTO webhook_secrets (subscription_id, secret) VALUES ($1, $2)', [s!.id, SECRET])
  }
  await db.owner.query(
    `INSERT INTO events (id, type, payload, created_at)
     SELECT gen_random_uuid(), 'deal.approved', jsonb_build_object('dealId', gen_random_uuid(), 'n', i), now() FROM generate_series(1, $1::int) i`,
    [EVENTS],
  )

  const tmp = tempDir('alliance-webhooks-crash-')
  defer(async () => tmp.remove())
  const env = {
    DATABASE_URL: url,
    DATA_DIR: tmp.dir,
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
  }
  let server: Server | undefined
  defer(async () => server?.kill('SIGTERM'))
  const port = await freePort()
  const started = performance.now()

  // The first server starts delivering at once (the job runs on start); kill it a third of the way through.
  server = await startServer(env, port)
  while (sink.deliveries() < total / 3 && performance.now() - started < SETTLE_S * 1000) await sleep(5)
  await server.kill('SIGKILL')
  const atKill = { deliveries: sink.deliveries(), unique: sink.seen.size }

  server = await startServer(env, port)
  const count = async () => {
    const [r] = await db.owner.query<{ succeeded: number; dispatched: number }>(
      `SELECT (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'succeeded') AS succeeded,
              (SELECT count(*)::int FROM events WHERE dispatched_at IS NOT NULL) AS dispatched`,
    )
    return r!
  }
  const deadline = started + SETTLE_S * 1000
  let settled = false
  while (performance.now() < deadline) {
    const c = await count()
    if (c.dispatched === EVENTS && c.succeeded === total && sink.seen.size >= total) {
      settled = true
      break
    }
    await sleep(500)
  }
  await sleep(2_000) // a repeat still on its way would arrive now
  const elapsedMs = performance.now() - started
  await server.kill('SIGTERM')

  const unique = sink.seen.size
  const lost = total - unique
  const repeats = sink.deliveries() - unique // raw repeats the receiver de-duplicated
  // After de-duplication by id a receiver processes each id once; an event that reached one subscriber under two
  // different ids would still be processed twice.
  const duplicates = [...sink.processed.values()].reduce((n, ids) => n + ids.size - 1, 0)
  const ok = settled && lost === 0 && duplicates === 0 && sink.badSignatures() === 0
  return [
    {
      benchmark: `webhooks crash: ${EVENTS} events → ${SUBSCRIBERS} subscribers, SIGKILL after ${atKill.deliveries} of ${total} deliveries, restart`,
      'req/s': fixed((total / elapsedMs) * 1000),
      time: `${fixed(elapsedMs / 1000, 1)} s${settled ? '' : ` (NOT settled within ${SETTLE_S} s)`}`,
      ratio: `${unique} of ${total} unique ids received`,
      target: `lost 0, duplicates 0: ${ok ? 'met' : 'NOT met'}`,
      lost: String(lost),
      'raw repeats': String(repeats),
      duplicates: String(duplicates),
      'bad signatures': String(sink.badSignatures()),
    },
  ]
}
