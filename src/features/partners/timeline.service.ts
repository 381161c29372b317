import { assertCan } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { getPartner } from './partners.service.ts'

type AuditRow = {
  id: string
  at: Date
  actor_label: string
  entity: string
  entity_id: string
  action: string
  before: unknown
  after: unknown
}

/** Field-level differences between two audited snapshots. */
export function diff(before: unknown, after: unknown) {
  const b = (before ?? {}) as Record<string, unknown>
  const a = (after ?? {}) as Record<string, unknown>
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => !['version', 'updatedAt', 'createdAt', 'id'].includes(k) && JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }))
}

/** A partner's history, read from the audit log: the partner, its contacts and users, and its agreements. */
export async function partnerTimeline(ctx: Ctx, partnerId: string) {
  assertCan(ctx.actor, 'audit:read')
  await getPartner(ctx, partnerId)
  const rows = await inTx(ctx, (sql) =>
    sql.query<AuditRow>(
      `SELECT a.id::text AS id, at, actor_label, entity, entity_id, action, before, after FROM audit_log a
       WHERE partner_id = $1 AND entity IN ('partner', 'contact', 'user', 'agreement') ORDER BY a.id DESC LIMIT 200`,
      [partnerId],
    ),
  )
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor_label,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    changes: diff(r.before, r.after),
  }))
}
