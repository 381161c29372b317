import { systemActor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { notify } from './deals.notify.ts'
import { addEvent, SELECT_DEALS, toDeal, type DealRow } from './deals.queries.ts'
import { dayOf } from './deals.sla.ts'

// Scheduled work of deal registration, as plain functions of the context (its clock decides "today").

/** Expires approved registrations whose protection period has ended (unless closed or extended) and tells the partner. */
export async function expireDeals(ctx: Ctx): Promise<{ expired: number }> {
  const sys: Ctx = { ...ctx, actor: systemActor }
  const now = ctx.now()
  const today = dayOf(now)
  return inTx(sys, async (sql) => {
    const due = await sql.query<DealRow>(
      `${SELECT_DEALS} WHERE d.status = 'approved' AND d.protection_until < $1::date ORDER BY d.protection_until, d.id FOR UPDATE OF d SKIP LOCKED`, [today],
    )
    for (const d of due) {
      await sql.query(`UPDATE deals SET status = 'expired', version = version + 1, updated_at = $2 WHERE id = $1`, [d.id, now])
      await sql.query('DELETE FROM deal_protections WHERE deal_id = $1', [d.id])
      const after = { ...d, status: 'expired' as const }
      await addEvent(sql, sys.actor, d, { kind: 'expired', note: `Protection ended on ${d.protection_until}` }, now)
      await audit(sys, sql, { entity: 'deal', entityId: d.id, action: 'expire', partnerId: d.partner_id, before: toDeal(d, today), after: toDeal(after, today) })
      await notify(sys, sql, 'deal-expired', after)
    }
    return { expired: due.length }
  })
}

/** Escalates reviews past their due day (once each) by email to the team lead. */
export async function escalateOverdueReviews(ctx: Ctx): Promise<{ escalated: number }> {
  const sys: Ctx = { ...ctx, actor: systemActor }
  const now = ctx.now()
  return inTx(sys, async (sql) => {
    const overdue = await sql.query<DealRow>(
      `${SELECT_DEALS} WHERE d.status = 'submitted' AND d.review_due < $1::date AND d.escalated_at IS NULL ORDER BY d.review_due, d.id
       FOR UPDATE OF d SKIP LOCKED`, [dayOf(now)],
    )
    for (const d of overdue) {
      await sql.query('UPDATE deals SET escalated_at = $2 WHERE id = $1', [d.id, now])
      await addEvent(sql, sys.actor, d, { kind: 'escalated', note: `Review overdue since ${d.review_due}`, internal: true }, now)
      await audit(sys, sql, { entity: 'deal', entityId: d.id, action: 'escalate', after: { reviewDue: d.review_due, escalatedAt: now.toISOString() } })
      await notify(sys, sql, 'deal-escalated', d)
    }
    return { escalated: overdue.length }
  })
}
