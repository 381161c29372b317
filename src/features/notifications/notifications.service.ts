import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { decodeCursor, encodeCursor } from '../../core/cursor.ts'
import { AppError } from '../../core/errors.ts'
import { defaultChannel, eventCatalog, type Channel } from '../../core/events.ts'
import type {
  CompanyDefaults,
  MarkReadInput,
  Notification,
  NotificationList,
  NotificationListQuery,
  Preferences,
  PreferencesInput,
} from './notifications.contract.ts'

type Row = { id: string; type: string; title: string; body: string; link: string | null; created_at: Date; read_at: Date | null }
const toNotification = (r: Row): Notification => ({
  id: r.id,
  type: r.type,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
})

/** The caller's own notifications, newest first, with their unread count (row-level security keeps them to their own). */
export async function listNotifications(ctx: Ctx, q: NotificationListQuery): Promise<NotificationList> {
  assertCan(ctx.actor, 'notifications:read')
  const userId = ctx.actor.userId
  return inTx(ctx, async (sql) => {
    const params: unknown[] = [userId, q.limit + 1]
    let where = 'user_id = $1'
    if (q.unread === 'true') where += ' AND read_at IS NULL'
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor)
      params.push(at, id)
      where += ' AND (created_at, id) < ($3::timestamptz, $4::uuid)'
    }
    const rows = await sql.query<Row>(
      `SELECT id, type, title, body, link, created_at, read_at FROM notifications WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    )
    const [count] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [
      userId,
    ])
    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    return {
      items: page.map(toNotification),
      nextCursor: rows.length > q.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
      unread: count?.n ?? 0,
    }
  })
}

/** A version of the caller's notifications for conditional requests: it changes with any new, read or deleted one. */
export async function notificationsVersion(ctx: Ctx): Promise<string> {
  assertCan(ctx.actor, 'notifications:read')
  const userId = ctx.actor.userId
  const [v] = await inTx(ctx, (sql) =>
    sql.query<{ v: string }>(
      `SELECT concat_ws(':', count(*), count(*) FILTER (WHERE read_at IS NULL), extract(epoch FROM max(created_at)),
         extract(epoch FROM max(read_at))) AS v FROM notifications WHERE user_id = $1`,
      [userId],
    ),
  )
  return v?.v ?? ''
}

/** Marks one, some or all of the caller's notifications read; others' ids change nothing (as if they did not exist). */
export async function markRead(ctx: Ctx, input: MarkReadInput): Promise<{ marked: number; unread: number }> {
  assertCan(ctx.actor, 'notifications:read')
  const userId = ctx.actor.userId
  return inTx(ctx, async (sql) => {
    const marked = input.all
      ? await sql.query('UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id', [userId, ctx.now()])
      : await sql.query(
          'UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL AND id = ANY($3::uuid[]) RETURNING id',
          [userId, ctx.now(), input.ids ?? []],
        )
    const [count] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [
      userId,
    ])
    return { marked: marked.length, unread: count?.n ?? 0 }
  })
}

/** The event types a user may receive: partners never see staff-only ones. */
const typesFor = (external: boolean) => eventCatalog().filter((e) => !(external && e.staffOnly))

function assertKnownTypes(types: string[], external: boolean) {
  const allowed = new Set(typesFor(external).map((e) => e.type))
  const errors = types.flatMap((t, i) => (allowed.has(t) ? [] : [{ path: `preferences.${i}.type`, message: `Unknown event type ${t}` }]))
  if (errors.length) throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors })
}

const TRANSACTIONAL = 'Invitations, password resets and Contact Us acknowledgements are always sent: they are not notifications.'

/** The caller's channel for every event type they may receive, and whose choice it is. */
export async function getPreferences(ctx: Ctx): Promise<Preferences> {
  assertCan(ctx.actor, 'notifications:read')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const own = await sql.query<{ event_type: string; channel: Channel }>(
      'SELECT event_type, channel FROM notification_preferences WHERE user_id = $1',
      [actor.userId],
    )
    const company = actor.partnerId
      ? await sql.query<{ event_type: string; channel: Channel }>(
          'SELECT event_type, channel FROM notification_defaults WHERE partner_id = $1',
          [actor.partnerId],
        )
      : []
    const ownBy = new Map(own.map((r) => [r.event_type, r.channel]))
    const companyBy = new Map(company.map((r) => [r.event_type, r.channel]))
    const items = typesFor(isExternal(actor)).map((e) => {
      const mine = ownBy.get(e.type)
      const theirs = companyBy.get(e.type)
      if (mine) return { type: e.type, summary: e.summary, channel: mine, source: 'user' as const }
      if (theirs) return { type: e.type, summary: e.summary, channel: theirs, source: 'company' as const }
      return { type: e.type, summary: e.summary, channel: defaultChannel(e, actor.role), source: 'role' as const }
    })
    return { items, transactional: TRANSACTIONAL }
  })
}

/** Sets (or, with `default`, clears back to the default) the caller's channel per event type. */
export async function putPreferences(ctx: Ctx, input: PreferencesInput): Promise<Preferences> {
  assertCan(ctx.actor, 'notifications:read')
  const actor = ctx.actor
  assertKnownTypes(
    input.preferences.map((p) => p.type),
    isExternal(actor),
  )
  await inTx(ctx, async (sql) => {
    for (const p of input.preferences)
      if (p.channel !== 'default')
        await sql.query(
          `INSERT INTO notification_preferences (user_id, event_type, channel) VALUES ($1, $2, $3)
           ON CONFLICT (user_id, event_type) DO UPDATE SET channel = excluded.channel`,
          [actor.userId, p.type, p.channel],
        )
      else await sql.query('DELETE FROM notification_preferences WHERE user_id = $1 AND event_type = $2', [actor.userId, p.type])
    await audit(ctx, sql, { entity: 'notification_preferences', entityId: actor.userId, action: 'update', after: input })
  })
  return getPreferences(ctx)
}

/** A partner admin's defaults for its company's users (null: the role default applies). */
export async function getCompanyDefaults(ctx: Ctx): Promise<CompanyDefaults> {
  assertCan(ctx.actor, 'notifications:defaults')
  const partnerId = ctx.actor.partnerId
  if (!partnerId) throw new AppError('FORBIDDEN', 'Company defaults are set by a partner admin for its own company')
  const rows = await inTx(ctx, (sql) =>
    sql.query<{ event_type: string; channel: Channel }>('SELECT event_type, channel FROM notification_defaults WHERE partner_id = $1', [
      partnerId,
    ]),
  )
  const by = new Map(rows.map((r) => [r.event_type, r.channel]))
  return { items: typesFor(true).map((e) => ({ type: e.type, summary: e.summary, channel: by.get(e.type) ?? null })) }
}

export async function putCompanyDefaults(ctx: Ctx, input: PreferencesInput): Promise<CompanyDefaults> {
  assertCan(ctx.actor, 'notifications:defaults')
  const partnerId = ctx.actor.partnerId
  if (!partnerId) throw new AppError('FORBIDDEN', 'Company defaults are set by a partner admin for its own company')
  assertKnownTypes(
    input.preferences.map((p) => p.type),
    true,
  )
  await inTx(ctx, async (sql) => {
    for (const p of input.preferences)
      if (p.channel !== 'default')
        await sql.query(
          `INSERT INTO notification_defaults (partner_id, event_type, channel) VALUES ($1, $2, $3)
           ON CONFLICT (partner_id, event_type) DO UPDATE SET channel = excluded.channel`,
          [partnerId, p.type, p.channel],
        )
      else await sql.query('DELETE FROM notification_defaults WHERE partner_id = $1 AND event_type = $2', [partnerId, p.type])
    await audit(ctx, sql, { entity: 'notification_defaults', entityId: partnerId, action: 'update', partnerId, after: input })
  })
  return getCompanyDefaults(ctx)
}
