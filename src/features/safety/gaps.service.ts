import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { Where } from '../../core/where.ts'
import { getPartner } from '../partners/partners.service.ts'
import type { Gap } from './evidence.contract.ts'
import { todayOf } from '../../core/dates.ts'
import { whoOf, type Who } from './safety.queries.ts'

type GapRow = {
  id: string
  partner_id: string
  partner_name: string
  source: Gap['source']
  kind: string
  message: string
  remedy: string | null
  severity: Gap['severity']
  owner: Who
  due_date: string | null
  opened_by: Who
  opened_at: Date
  closed_at: Date | null
  closed_by: Who
  close_note: string | null
  comments: { author: Who; body: string; createdAt: string }[]
}

const SELECT_GAPS = `SELECT g.id, g.partner_id, p.legal_name AS partner_name, g.source, g.kind, g.message, g.remedy, g.severity,
  ${whoOf('g.owner_id')} AS owner, g.due_date::text, ${whoOf('g.opened_by')} AS opened_by, g.opened_at, g.closed_at,
  ${whoOf('g.closed_by')} AS closed_by, g.close_note,
  coalesce((SELECT json_agg(json_build_object('author', ${whoOf('c.author_id')}, 'body', c.body,
    'createdAt', to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY c.created_at)
    FROM safety_gap_comments c WHERE c.gap_id = g.id), '[]') AS comments
  FROM safety_gaps g JOIN partners p ON p.id = g.partner_id`

const toGap = (r: GapRow): Gap => ({
  id: r.id,
  partnerId: r.partner_id,
  partnerName: r.partner_name,
  source: r.source,
  kind: r.kind,
  message: r.message,
  remedy: r.remedy,
  severity: r.severity,
  owner: r.owner,
  dueDate: r.due_date,
  openedBy: r.opened_by,
  openedAt: r.opened_at.toISOString(),
  closedAt: r.closed_at?.toISOString() ?? null,
  closedBy: r.closed_by,
  closeNote: r.close_note,
  comments: r.comments,
})

async function findGap(sql: Sql, id: string, lock = false): Promise<Gap> {
  const rows = await sql.query<GapRow>(`${SELECT_GAPS} WHERE g.id = $1${lock ? ' FOR UPDATE OF g' : ''}`, [id])
  const row = rows[0]
  if (!row) throw new AppError('NOT_FOUND', 'Gap not found')
  return toGap(row)
}

export type GapQuery = {
  partnerId?: string
  open?: 'true' | 'false'
  source?: Gap['source']
  kind?: string
  ownerId?: string
  minAgeDays?: number
}

/** The gap queue: gaps and red flags, open first and oldest first (a partner's users: their own only). */
export async function listGaps(ctx: Ctx, q: GapQuery): Promise<Gap[]> {
  assertCan(ctx.actor, 'safety:read')
  const actor = ctx.actor
  const where = new Where()
  if (isExternal(actor)) where.add('g.partner_id = ?', actor.partnerId)
  if (q.partnerId) where.add('g.partner_id = ?', q.partnerId)
  if (q.open) where.add(q.open === 'true' ? 'g.closed_at IS NULL' : 'g.closed_at IS NOT NULL')
  if (q.source) where.add('g.source = ?', q.source)
  if (q.kind) where.add('g.kind = ?', q.kind)
  if (q.ownerId) where.add('g.owner_id = ?', q.ownerId)
  if (q.minAgeDays !== undefined) where.add("(g.opened_at AT TIME ZONE 'UTC')::date <= ?::date - ?::int", todayOf(ctx.now()), q.minAgeDays)
  return inTx(ctx, async (sql) =>
    (await sql.query<GapRow>(`${SELECT_GAPS} ${where} ORDER BY g.closed_at IS NOT NULL, g.opened_at, g.id LIMIT 1000`, where.params)).map(
      toGap,
    ),
  )
}

async function checkOwner(sql: Sql, ownerId: string | null | undefined) {
  if (!ownerId) return
  const rows = await sql.query('SELECT 1 FROM staff WHERE id = $1', [ownerId])
  if (!rows.length)
    throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path: 'ownerId', message: 'Not an internal user' }] })
}

/** A safety user raises a red flag by hand (an incident, a client complaint) with its severity. */
export async function raiseRedFlag(
  ctx: Ctx,
  partnerId: string,
  input: { kind: string; message: string; severity: 'low' | 'medium' | 'high'; ownerId?: string | null; dueDate?: string | null },
): Promise<Gap> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  await getPartner(ctx, partnerId)
  return inTx(ctx, async (sql) => {
    await checkOwner(sql, input.ownerId)
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO safety_gaps (partner_id, source, kind, key, message, severity, owner_id, due_date, opened_by, opened_at)
       VALUES ($1, 'red_flag', $2, 'red_flag:' || gen_random_uuid(), $3, $4, $5, $6, $7, $8) RETURNING id`,
      [partnerId, input.kind, input.message, input.severity, input.ownerId ?? null, input.dueDate ?? null, actor.userId || null, ctx.now()],
    )
    if (!row) throw new AppError('INTERNAL', 'The red flag was not stored')
    await audit(ctx, sql, { entity: 'safety_gap', entityId: row.id, action: 'raise', partnerId, after: input })
    return findGap(sql, row.id)
  })
}

export async function updateGap(ctx: Ctx, id: string, patch: { ownerId?: string | null; dueDate?: string | null }): Promise<Gap> {
  assertCan(ctx.actor, 'safety:manage')
  return inTx(ctx, async (sql) => {
    const before = await findGap(sql, id, true)
    if (before.closedAt) throw new AppError('INVALID_TRANSITION', 'The gap is closed')
    await checkOwner(sql, patch.ownerId)
    await sql.query(
      `UPDATE safety_gaps SET owner_id = CASE WHEN $2 THEN $3::uuid ELSE owner_id END, due_date = CASE WHEN $4 THEN $5::date ELSE due_date END WHERE id = $1`,
      [id, patch.ownerId !== undefined, patch.ownerId ?? null, patch.dueDate !== undefined, patch.dueDate ?? null],
    )
    await audit(ctx, sql, {
      entity: 'safety_gap',
      entityId: id,
      action: 'update',
      partnerId: before.partnerId,
      before: { owner: before.owner, dueDate: before.dueDate },
      after: patch,
    })
    return findGap(sql, id)
  })
}

export async function commentGap(ctx: Ctx, id: string, body: string): Promise<Gap> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const gap = await findGap(sql, id)
    await sql.query('INSERT INTO safety_gap_comments (gap_id, partner_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)', [
      id,
      gap.partnerId,
      actor.userId || null,
      body,
      ctx.now(),
    ])
    await audit(ctx, sql, { entity: 'safety_gap', entityId: id, action: 'comment', partnerId: gap.partnerId, after: { body } })
    return findGap(sql, id)
  })
}

/**
 * Closes a red flag with a note. A computed gap is not closed by hand: it closes itself when its cause is
 * gone (a clearance override is how a partner is cleared in spite of one, decision 019).
 */
export async function closeGap(ctx: Ctx, id: string, note: string): Promise<Gap> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const gap = await findGap(sql, id, true)
    if (gap.closedAt) throw new AppError('INVALID_TRANSITION', 'The gap is already closed')
    if (gap.source === 'computed')
      throw new AppError('INVALID_TRANSITION', 'A computed gap closes itself when its cause is gone', {
        errors: [{ path: 'note', message: gap.remedy ?? 'Remove its cause' }],
      })
    await sql.query('UPDATE safety_gaps SET closed_at = $2, closed_by = $3, close_note = $4 WHERE id = $1', [
      id,
      ctx.now(),
      actor.userId || null,
      note,
    ])
    await audit(ctx, sql, { entity: 'safety_gap', entityId: id, action: 'close', partnerId: gap.partnerId, after: { note } })
    return findGap(sql, id)
  })
}
