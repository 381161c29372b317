import type { Ctx } from '../../core/context.ts'
import { systemScope } from '../../core/db.ts'
import { emit, eventCatalog } from '../../core/events.ts'
import { postTo, resolveTarget, TargetRefused } from '../../core/outbound.ts'
import { webhookFailing } from './webhooks.events.ts'
import { guardOptions } from './webhooks.service.ts'
import { retryDelayMs, signatureHeaders } from './webhooks.sign.ts'

/** Response bodies are read up to this many bytes, and kept in the log up to this many characters. */
export const MAX_RESPONSE_BYTES = 4096
const KEPT_RESPONSE_CHARS = 500
const FAN_OUT_BATCH = 500
const DELIVERY_BATCH = 200

/**
 * Fans out events not yet dispatched to the enabled subscriptions that chose their type: an administrator's
 * subscription takes every event; a company's only events of that same company, and never a staff-only type
 * (the tenant filter is in the SQL). Each delivery keeps its body (the event as the receiver gets it). The
 * event is marked dispatched in the same transaction, so a crash repeats the batch and the unique
 * (subscription, event) key keeps one delivery each.
 */
export async function fanOut(ctx: Ctx): Promise<{ events: number; deliveries: number }> {
  const staffOnly = eventCatalog()
    .filter((e) => e.staffOnly)
    .map((e) => e.type)
  let events = 0
  let deliveries = 0
  for (;;) {
    const batch = await ctx.db.transaction(systemScope, async (sql) => {
      const rows = await sql.query<{ id: string; type: string; payload: unknown; created_at: Date }>(
        `SELECT id, type, payload, created_at FROM events WHERE dispatched_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [FAN_OUT_BATCH],
      )
      if (!rows.length) return { events: 0, deliveries: 0 }
      const bodies = rows.map((e) => JSON.stringify({ id: e.id, type: e.type, timestamp: e.created_at.toISOString(), data: e.payload }))
      const inserted = await sql.query(
        `INSERT INTO webhook_deliveries (subscription_id, partner_id, event_id, event_type, body, next_attempt_at, created_at)
         SELECT s.id, s.partner_id, ev.id, ev.type, b.body, $3, $3
           FROM unnest($1::uuid[], $2::text[]) AS b(id, body)
           JOIN events ev ON ev.id = b.id
           JOIN webhook_subscriptions s ON s.enabled AND ev.type = ANY (s.events) AND s.created_at <= ev.created_at
            AND (s.partner_id IS NULL OR (s.partner_id = ev.partner_id AND NOT ev.type = ANY ($4::text[])))
         ON CONFLICT (subscription_id, event_id) DO NOTHING
         RETURNING 1`,
        [rows.map((e) => e.id), bodies, ctx.now(), staffOnly],
      )
      await sql.query('UPDATE events SET dispatched_at = $2 WHERE id = ANY ($1::uuid[])', [rows.map((e) => e.id), ctx.now()])
      return { events: rows.length, deliveries: inserted.length }
    })
    events += batch.events
    deliveries += batch.deliveries
    if (batch.events < FAN_OUT_BATCH) return { events, deliveries }
  }
}

type Claimed = {
  id: string
  subscription_id: string
  partner_id: string | null
  event_type: string
  body: string
  attempts: number
  url: string
  secret: string
  created_by: string | null
}
type Outcome = { id: string; ok: boolean; code: number | null; body: string | null; error: string | null; ms: number }

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

/** One attempt: resolve and check the host now (every delivery, not only at creation), sign, POST to the checked address. */
export async function attempt(ctx: Ctx, d: Pick<Claimed, 'id' | 'url' | 'secret' | 'body'>): Promise<Outcome> {
  const started = performance.now()
  try {
    const target = await resolveTarget(d.url, guardOptions(ctx.config))
    const res = await postTo(target, {
      headers: signatureHeaders(d.secret, d.id, d.body, ctx.now()),
      body: d.body,
      timeoutMs: ctx.config.webhooks.timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    })
    const ok = res.status >= 200 && res.status < 300
    return {
      id: d.id,
      ok,
      code: res.status,
      body: res.body.slice(0, KEPT_RESPONSE_CHARS),
      error: ok ? null : `The receiver answered ${res.status}`,
      ms: Math.round(res.ms),
    }
  } catch (err) {
    const message = err instanceof TargetRefused ? `Refused: ${err.message}` : err instanceof Error ? err.message : String(err)
    return { id: d.id, ok: false, code: null, body: null, error: message.slice(0, 500), ms: Math.round(performance.now() - started) }
  }
}

/** How long a claimed batch of deliveries stays with its sender: one attempt's timeout and a minute. */
export const deliveryLeaseMs = (config: Ctx['config']): number => config.webhooks.timeoutMs + 60_000

/**
 * Makes every delivery that is due: claims a batch (its lease is the next attempt time, so a server that dies
 * mid-send retries it later with the same webhook-id, which receivers de-duplicate), sends the batch in
 * parallel, then records the outcomes: success; a retry after the backoff; or, out of retries, failed, the
 * subscription marked failing and its owners told.
 */
export async function deliverDue(
  ctx: Ctx,
  opts: { random?: () => number } = {},
): Promise<{ succeeded: number; retrying: number; failed: number }> {
  const totals = { succeeded: 0, retrying: 0, failed: 0 }
  const leaseMs = deliveryLeaseMs(ctx.config)
  const seen = new Set<string>()
  for (;;) {
    const claimed = await ctx.db.transaction(systemScope, (sql) =>
      sql.query<Claimed>(
        `WITH due AS (
           SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.enabled
            WHERE d.status = 'pending' AND d.next_attempt_at <= $1 ORDER BY d.next_attempt_at, d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED)
         UPDATE webhook_deliveries d SET attempts = d.attempts + 1, last_attempt_at = $1, next_attempt_at = $3
           FROM due, webhook_subscriptions s, webhook_secrets w
          WHERE d.id = due.id AND s.id = d.subscription_id AND w.subscription_id = s.id
         RETURNING d.id, d.subscription_id, d.partner_id, d.event_type, d.body, d.attempts, s.url, w.secret, s.created_by`,
        [ctx.now(), DELIVERY_BATCH, new Date(ctx.now().getTime() + leaseMs)],
      ),
    )
    // A delivery is attempted once per sweep: one that failed and is due again at once waits for the next.
    const fresh = claimed.filter((c) => !seen.has(c.id))
    if (!fresh.length) return totals
    for (const c of fresh) seen.add(c.id)
    const outcomes = await pool(fresh, ctx.config.webhooks.concurrency, (d) => attempt(ctx, d))
    await record(ctx, fresh, outcomes, opts.random ?? Math.random, totals)
  }
}

async function record(ctx: Ctx, claimed: Claimed[], outcomes: Outcome[], random: () => number, totals: Record<string, number>) {
  const now = ctx.now()
  const byId = new Map(claimed.map((c) => [c.id, c]))
  const rows = outcomes.map((o) => {
    const d = byId.get(o.id)!
    const delay = o.ok ? null : retryDelayMs(d.attempts, random)
    const status = o.ok ? 'succeeded' : delay === null ? 'failed' : 'pending'
    totals[status === 'pending' ? 'retrying' : status]! += 1
    return { ...o, status, next: delay === null ? null : new Date(now.getTime() + delay) }
  })
  await ctx.db.transaction(systemScope, async (sql) => {
    await sql.query(
      `UPDATE webhook_deliveries d SET status = r.status, response_status = r.code, response_body = r.body, last_error = r.err,
         duration_ms = r.ms, next_attempt_at = r.next, delivered_at = CASE WHEN r.status = 'succeeded' THEN $8::timestamptz END
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::timestamptz[]) AS r(id, status, code, body, err, ms, next)
        WHERE d.id = r.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.status),
        rows.map((r) => r.code),
        rows.map((r) => r.body),
        rows.map((r) => r.error),
        rows.map((r) => r.ms),
        rows.map((r) => r.next),
        now,
      ],
    )
    // A success clears a failing subscription.
    const succeeded = [...new Set(rows.filter((r) => r.ok).map((r) => byId.get(r.id)!.subscription_id))]
    if (succeeded.length)
      await sql.query(
        `UPDATE webhook_subscriptions SET status = 'active', failing_since = NULL WHERE id = ANY ($1::uuid[]) AND status = 'failing'`,
        [succeeded],
      )
    // Out of retries: the subscription turns failing (once) and its owners are told.
    for (const r of rows.filter((x) => x.status === 'failed')) {
      const d = byId.get(r.id)!
      const [turned] = await sql.query<{ id: string }>(
        `UPDATE webhook_subscriptions SET status = 'failing', failing_since = $2 WHERE id = $1 AND status = 'active' RETURNING id`,
        [d.subscription_id, now],
      )
      if (turned)
        await emit(ctx, sql, webhookFailing, {
          subscriptionId: d.subscription_id,
          partnerId: d.partner_id,
          url: d.url,
          eventType: d.event_type,
          lastError: r.error,
          createdBy: d.created_by,
        })
    }
  })
}

/** The job: fan out new events, then make every delivery that is due. */
export async function runWebhooks(ctx: Ctx, opts: { random?: () => number } = {}) {
  const fanned = await fanOut(ctx)
  const delivered = await deliverDue(ctx, opts)
  return { ...fanned, ...delivered }
}
