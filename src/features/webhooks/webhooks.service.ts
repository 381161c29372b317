import { randomUUID } from 'node:crypto'
import { assertCan, isExternal, type Actor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import type { Config } from '../../core/config.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { decodeCursor, encodeCursor } from '../../core/cursor.ts'
import type { Sql } from '../../core/db.ts'
import { oneRow } from '../../core/db-rows.ts'
import { AppError } from '../../core/errors.ts'
import { eventCatalog } from '../../core/events.ts'
import { resolveTarget, TargetRefused, type GuardOptions } from '../../core/outbound.ts'
import type { Delivery, DeliveryList, DeliveryListQuery, Webhook, WebhookCreateInput, WebhookPatchInput } from './webhooks.contract.ts'
import { newSecret } from './webhooks.sign.ts'

/** NOTIFY channel: a delivery was queued by hand (test event, redelivery); the webhook job wakes up. */
export const WEBHOOKS_CHANNEL = 'alliance_webhooks'
/** The type of the test event a subscriber sends itself; it is not in the catalog (no feature emits it). */
export const TEST_EVENT = 'webhook.test'

export const guardOptions = (config: Config): GuardOptions => ({
  allowPrivate: config.webhooks.allowPrivateTargets,
  allowLoopbackHttp: !config.production,
})

/** The event types an actor may subscribe to: administrators every one, partner admins those their company's users receive. */
export const subscribableTypes = (actor: Actor) => eventCatalog().filter((e) => !(isExternal(actor) && e.staffOnly))

/** Checks a subscription URL now (form, https, every address its host resolves to); a refusal names `url`. */
export async function checkUrl(config: Config, url: string): Promise<void> {
  try {
    await resolveTarget(url, guardOptions(config))
  } catch (err) {
    if (err instanceof TargetRefused)
      throw new AppError('TARGET_REFUSED', `The URL is refused: ${err.message}`, { errors: [{ path: 'url', message: err.message }] })
    throw err
  }
}

function assertTypes(actor: Actor, types: string[]): string[] {
  const allowed = new Set(subscribableTypes(actor).map((e) => e.type))
  const errors = types.flatMap((t, i) =>
    allowed.has(t) ? [] : [{ path: `events.${i}`, message: `Unknown event type ${t}, or not one you may subscribe to` }],
  )
  if (errors.length) throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors })
  return [...new Set(types)].sort()
}

type SubRow = {
  id: string
  url: string
  description: string
  events: string[]
  enabled: boolean
  status: 'active' | 'failing'
  failing_since: Date | null
  partner_id: string | null
  partner: string | null
  created_at: Date
  updated_at: Date
}
const toWebhook = (r: SubRow): Webhook => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events,
  enabled: r.enabled,
  status: r.status,
  failingSince: r.failing_since?.toISOString() ?? null,
  partnerId: r.partner_id,
  partner: r.partner,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
})
const SELECT_SUB = `SELECT s.id, s.url, s.description, s.events, s.enabled, s.status, s.failing_since, s.partner_id, p.legal_name AS partner,
  s.created_at, s.updated_at FROM webhook_subscriptions s LEFT JOIN partners p ON p.id = s.partner_id`

/** The actor's own subscriptions: an administrator sees every one, a partner admin its company's. */
const ownWhere = (actor: Actor, param: number) => (isExternal(actor) ? `s.partner_id = $${param}` : `$${param}::uuid IS NULL`)

async function findSub(sql: Sql, actor: Actor, id: string): Promise<SubRow> {
  const rows = await sql.query<SubRow>(`${SELECT_SUB} WHERE s.id = $1 AND ${ownWhere(actor, 2)}`, [id, actor.partnerId])
  return oneRow(rows, 'Webhook subscription', 'WEBHOOK_NOT_FOUND')
}

export async function listWebhooks(ctx: Ctx): Promise<{ items: Webhook[] }> {
  assertCan(ctx.actor, 'webhooks:manage')
  const actor = ctx.actor
  const rows = await inTx(ctx, (sql) =>
    sql.query<SubRow>(`${SELECT_SUB} WHERE ${ownWhere(actor, 1)} ORDER BY s.created_at DESC, s.id`, [actor.partnerId]),
  )
  return { items: rows.map(toWebhook) }
}

export async function getWebhook(ctx: Ctx, id: string): Promise<Webhook> {
  assertCan(ctx.actor, 'webhooks:manage')
  const actor = ctx.actor
  return toWebhook(await inTx(ctx, (sql) => findSub(sql, actor, id)))
}

/** Creates a subscription: an administrator's receives every company's events, a partner admin's its own company's only. */
export async function createWebhook(ctx: Ctx, input: WebhookCreateInput): Promise<{ subscription: Webhook; secret: string }> {
  assertCan(ctx.actor, 'webhooks:manage')
  const actor = ctx.actor
  const events = assertTypes(actor, input.events)
  await checkUrl(ctx.config, input.url)
  const secret = newSecret()
  const id = randomUUID()
  const subscription = await inTx(ctx, async (sql) => {
    const at = ctx.now()
    await sql.query(
      `INSERT INTO webhook_subscriptions (id, partner_id, url, description, events, enabled, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [id, actor.partnerId, input.url, input.description ?? '', events, input.enabled ?? true, actor.userId || null, at],
    )
    await sql.query('INSERT INTO webhook_secrets (subscription_id, secret) VALUES ($1, $2)', [id, secret])
    const row = await findSub(sql, actor, id)
    // The audit log records the subscription, never its secret.
    await audit(ctx, sql, {
      entity: 'webhook_subscription',
      entityId: id,
      action: 'create',
      partnerId: actor.partnerId,
      after: toWebhook(row),
    })
    return toWebhook(row)
  })
  return { subscription, secret }
}

export async function updateWebhook(ctx: Ctx, id: string, input: WebhookPatchInput): Promise<Webhook> {
  assertCan(ctx.actor, 'webhooks:manage')
  const actor = ctx.actor
  const events = input.events ? assertTypes(actor, input.events) : undefined
  // Found first: another company's id is not found, whatever the URL.
  await getWebhook(ctx, id)
  if (input.url !== undefined) await checkUrl(ctx.config, input.url)
  return inTx(ctx, async (sql) => {
    const before = await findSub(sql, actor, id)
    await sql.query(
      `UPDATE webhook_subscriptions SET url = coalesce($2, url), events = coalesce($3, events), description = coalesce($4, description),
         enabled = coalesce($5, enabled), updated_at = $6 WHERE id = $1`,
      [id, input.url ?? null, events ?? null, input.description ?? null, input.enabled ?? null, ctx.now()],
    )
    const after = await findSub(sql, actor, id)
    await audit(ctx, sql, {
      entity: 'webhook_subscription',
      entityId: id,
      action: 'update',
      partnerId: after.partner_id,
      before: toWebhook(before),
      after: toWebhook(after),
    })
    return toWebhook(after)
  })
}

/** Deletes a subscription with its secret and delivery log; deliveries not yet made are not made. */
export async function deleteWebhook(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, 'webhooks:manage')
  const actor = ctx.actor
  await inTx(ctx, async (sql) => {
    const before = await findSub(sql, actor, id)
    await sql.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id])
    await audit(ctx, sql, {
      entity: 'webhook_subscription',
      entityId: id,
      action: 'delete',
      partnerId: before.partner_id,
      before: toWebhook(before),
    })
  })
}

type DeliveryRow = {
  id: string
  subscription_id: string
  event_id: string
  event_type: string
  status: Delivery['status']
  attempts: number
  response_status: number | null
  response_body: string | null
  last_error: string | null
  duration_ms: number | null
  created_at: Date
  last_attempt_at: Date | null
  next_attempt_at: Date | null
  delivered_at: Date | null
}
const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  responseStatus: r.response_status,
  responseBody: r.response_body,
  lastError: r.last_error,
  durationMs: r.duration_ms,
  createdAt: r.created_at.toISOString(),
  lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
  nextAttemptAt: r.status === 'pending' ? (r.next_attempt_at?.toISOString() ?? null) : null,
  deliveredAt: r.delivered_at?.toISOString() ?? null,
})
const DELIVERY_COLUMNS = `d.id, d.subscription_id, d.event_id, d.event_type, d.status, d.attempts, d.response_status, d.response_body,
  d.last_error, d.duration_ms, d.created_at, d.last_attempt_at, d.next_attempt_at, d.delivered_at`

/** A subscription's delivery log, newest first. */
export async function listDeliveries(ctx: Ctx, id: string, q: DeliveryListQuery): Promise<DeliveryList> {
  assertCan(ctx.actor, 'webhooks:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    await findSub(sql, actor, id)
    const params: unknown[] = [id, q.limit + 1]
    let where = 'd.subscription_id = $1'
    if (q.status) {
      params.push(q.status)
      where += ` AND d.status = $${params.length}`
    }
    if (q.cursor) {
      const [at, last] = decodeCursor(q.cursor)
      params.push(at, last)
      where += ` AND (d.created_at, d.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`
    }
    const rows = await sql.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE ${where} ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
      params,
    )
    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    return {
      items: page.map(toDelivery),
      nextCursor: rows.length > q.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
    }
  })
}

/** Sends a delivery again (a new round of attempts, the same webhook-id and body), at once. */
export async function redeliver(ctx: Ctx, deliveryId: string): Promise<Delivery> {
  assertCan(ctx.actor, 'webhooks:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const [found] = await sql.query<{ subscription_id: string }>('SELECT subscription_id FROM webhook_deliveries WHERE id = $1', [
      deliveryId,
    ])
    // Another company's delivery (or a subscription the actor may not manage) does not exist for them.
    const sub = found ? await findSub(sql, actor, found.subscription_id).catch(() => null) : null
    if (!found || !sub) throw new AppError('DELIVERY_NOT_FOUND', 'Delivery not found')
    const [row] = await sql.query<DeliveryRow>(
      `UPDATE webhook_deliveries d SET status = 'pending', attempts = 0, next_attempt_at = $2, last_error = NULL
       WHERE d.id = $1 RETURNING ${DELIVERY_COLUMNS}`,
      [deliveryId, ctx.now()],
    )
    await audit(ctx, sql, { entity: 'webhook_delivery', entityId: deliveryId, action: 'redeliver', partnerId: sub.partner_id })
    await sql.query('SELECT pg_notify($1, $2)', [WEBHOOKS_CHANNEL, deliveryId])
    return toDelivery(row!)
  })
}

/** Queues a `webhook.test` event to the subscription alone (signed like any other), to check the receiver. */
export async function sendTestEvent(ctx: Ctx, id: string): Promise<Delivery> {
  assertCan(ctx.actor, 'webhooks:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const sub = await findSub(sql, actor, id)
    const eventId = randomUUID()
    const at = ctx.now()
    const body = JSON.stringify({
      id: eventId,
      type: TEST_EVENT,
      timestamp: at.toISOString(),
      data: { subscriptionId: id, message: 'A test event from Alliance: your receiver is reachable and verifies the signature.' },
    })
    const [row] = await sql.query<DeliveryRow>(
      `INSERT INTO webhook_deliveries AS d (subscription_id, partner_id, event_id, event_type, body, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${DELIVERY_COLUMNS}`,
      [id, sub.partner_id, eventId, TEST_EVENT, body, at],
    )
    await sql.query('SELECT pg_notify($1, $2)', [WEBHOOKS_CHANNEL, row!.id])
    return toDelivery(row!)
  })
}

/** Deliveries that ran out of retries, newest first, across the subscriptions the actor manages (for the command line). */
export async function listFailedDeliveries(ctx: Ctx, limit = 50): Promise<(Delivery & { url: string })[]> {
  assertCan(ctx.actor, 'webhooks:manage')
  const actor = ctx.actor
  const rows = await inTx(ctx, (sql) =>
    sql.query<DeliveryRow & { url: string }>(
      `SELECT ${DELIVERY_COLUMNS}, s.url FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.status = 'failed' AND ${ownWhere(actor, 1)} ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
      [actor.partnerId, limit],
    ),
  )
  return rows.map((r) => ({ ...toDelivery(r), url: r.url }))
}
