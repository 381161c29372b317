import http from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { loadConfig } from '../src/core/config.ts'
import { systemContext } from '../src/core/context.ts'
import { openPostgres } from '../src/core/db.ts'
import { migrate } from '../src/core/migrate.ts'
import { guardedPost } from '../src/core/outbound.ts'
import { MAX_RESPONSE_BYTES, runWebhooks } from '../src/features/webhooks/webhooks.delivery.ts'
import { guardOptions } from '../src/features/webhooks/webhooks.service.ts'
import { signatureHeaders } from '../src/features/webhooks/webhooks.sign.ts'
import '../src/server/events.ts'
import { defer } from './lib/cleanup.ts'
import { createBenchDatabase } from './lib/database.ts'
import { fixed, type Row } from './lib/table.ts'

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 10_000)
const SUBSCRIBERS = Number(process.env.BENCH_WEBHOOK_SUBSCRIBERS ?? 10)
const target = 0.5 // the pipeline's throughput at least half of sending the same POSTs directly
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

/** A receiver on this machine that acknowledges at once and counts messages by webhook-id (it de-duplicates). */
async function receiver() {
  const ids = new Set<string>()
  let requests = 0
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      requests++
      ids.add(String(req.headers['webhook-id']))
      res.writeHead(204).end()
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  defer(() => new Promise<void>((r) => server.close(() => r())))
  const reset = () => {
    ids.clear()
    requests = 0
  }
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, ids, requests: () => requests, reset }
}

/**
 * 10,000 events fanned out to 10 subscribers by the webhook job (outbox rows → deliveries → signed POSTs →
 * outcomes recorded), against the same 100,000 signed POSTs sent directly with the same HTTP client, guard
 * and concurrency, in the same run.
 */
export default async function webhooks(): Promise<Row[]> {
  const db = await openPostgres(await createBenchDatabase('webhooks'), { max: 4 })
  defer(() => db.close())
  await migrate(db)
  const config = loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })
  const ctx = systemContext(db, config, pino({ level: 'silent' }))
  const sink = await receiver()
  const total = EVENTS * SUBSCRIBERS

  // Baseline: the same number of POSTs, each resolved and checked, signed and sent, SUBSCRIBERS-wide concurrency.
  const body = JSON.stringify({
    id: '00000000-0000-4000-8000-000000000000',
    type: 'deal.approved',
    timestamp: new Date().toISOString(),
    data: {},
  })
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: config.webhooks.concurrency }, async () => {
      while (next < total) {
        const id = `msg_${next++}`
        const res = await guardedPost(sink.url, {
          ...guardOptions(config),
          headers: signatureHeaders(SECRET, id, body, new Date()),
          body,
          timeoutMs: config.webhooks.timeoutMs,
          maxResponseBytes: MAX_RESPONSE_BYTES,
        })
        if (res.status !== 204) throw new Error(`receiver answered ${res.status}`)
      }
    }),
  )
  const directMs = performance.now() - started
  if (sink.ids.size !== total) throw new Error(`direct: ${sink.ids.size} of ${total} received`)
  sink.reset()

  // The pipeline: subscriptions, and the events as committed outbox rows.
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const [s] = await db.owner.query<{ id: string }>(
      `INSERT INTO webhook_subscriptions (url, events, created_at) VALUES ($1, '{deal.approved}', now() - interval '1 hour') RETURNING id`,
      [sink.url],
    )
    await db.owner.query('INSERT INTO webhook_secrets (subscription_id, secret) VALUES ($1, $2)', [s!.id, SECRET])
  }
  await db.owner.query(
    `INSERT INTO events (id, type, payload, created_at)
     SELECT gen_random_uuid(), 'deal.approved', jsonb_build_object('dealId', gen_random_uuid(), 'n', i), now() FROM generate_series(1, $1::int) i`,
    [EVENTS],
  )
  const t0 = performance.now()
  const r = await runWebhooks(ctx)
  const pipelineMs = performance.now() - t0
  const [succeeded] = await db.owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'succeeded'`)
  if (r.deliveries !== total || succeeded!.n !== total || sink.ids.size !== total)
    throw new Error(`pipeline: ${r.deliveries} fanned out, ${succeeded!.n} succeeded, ${sink.ids.size} distinct ids received of ${total}`)

  const ratio = directMs / pipelineMs
  const perSecond = (ms: number) => fixed((total / ms) * 1000)
  return [
    {
      benchmark: `webhooks: ${total} POSTs sent directly (baseline)`,
      'req/s': perSecond(directMs),
      time: `${fixed(directMs / 1000, 1)} s`,
    },
    {
      benchmark: `webhooks: ${EVENTS} events → ${SUBSCRIBERS} subscribers (fan-out, sign, deliver, log)`,
      'req/s': perSecond(pipelineMs),
      time: `${fixed(pipelineMs / 1000, 1)} s`,
      ratio: `${fixed(ratio, 2)}× the baseline`,
      target: `≥ ${target}× ${ratio >= target ? 'met' : 'NOT met'}`,
      duplicates: String(sink.requests() - sink.ids.size),
    },
  ]
}
