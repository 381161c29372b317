import { createHash } from 'node:crypto'
import type { Ctx } from './context.ts'
import type { Database, Sql } from './db.ts'

export type AuditEntry = {
  entity: string
  entityId: string
  action: string
  partnerId?: string | null
  before?: unknown
  after?: unknown
}

/** Records a change in the append-only, hash-chained log, inside the caller's transaction. */
export async function audit(ctx: Ctx, sql: Sql, e: AuditEntry): Promise<void> {
  const actor = ctx.actor
  await sql.query('SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
    actor?.userId || null,
    actor ? `${actor.email}` : 'anonymous',
    ctx.requestId ?? null,
    e.entity,
    e.entityId,
    e.action,
    e.partnerId ?? null,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
  ])
}

export type VerifyResult = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string }

/** Recomputes the whole chain; reports the first row whose link or content does not match. */
export async function verifyAuditChain(db: Database): Promise<VerifyResult> {
  const rows = await db.owner.query<{ id: string; prev_hash: string; hash: string; payload: string }>(
    'SELECT a.id::text AS id, prev_hash, hash, audit_payload(a) AS payload FROM audit_log a ORDER BY a.id',
  )
  let prev = '0'.repeat(64)
  for (const [i, r] of rows.entries()) {
    if (r.prev_hash !== prev) return { ok: false, rows: i, brokenAt: Number(r.id), reason: 'link to the previous row does not match' }
    const expected = createHash('sha256')
      .update(prev + r.payload, 'utf8')
      .digest('hex')
    if (expected !== r.hash) return { ok: false, rows: i, brokenAt: Number(r.id), reason: 'row content does not match its hash' }
    prev = r.hash
  }
  return { ok: true, rows: rows.length }
}
