import { assertCan, systemActor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { AppError, validationError } from '../../core/errors.ts'
import { PipelineSnapshotInput } from './deals.contract.ts'
import { notify } from './deals.notify.ts'
import { addEvent, SELECT_DEALS, toDeal, type DealRow } from './deals.queries.ts'
import { snapshotQuarterPipeline } from './deals.pipeline.ts'
import { lastQuarterEnd, quarterEnd } from './deals.sla.ts'
import { oneRow } from '../../core/db-rows.ts'
import { dayOf } from '../../core/dates.ts'

// Scheduled work of deal registration, as plain functions of the context (its clock decides "today").

/** Expires approved registrations whose protection period has ended (unless closed or extended) and tells the partner. */
export async function expireDeals(ctx: Ctx): Promise<{ expired: number }> {
  const sys: Ctx = { ...ctx, actor: systemActor }
  const now = ctx.now()
  const today = dayOf(now)
  return inTx(sys, async (sql) => {
    const due = await sql.query<DealRow>(
      `${SELECT_DEALS} WHERE d.status = 'approved' AND d.protection_until < $1::date ORDER BY d.protection_until, d.id FOR UPDATE OF d SKIP LOCKED`,
      [today],
    )
    for (const d of due) {
      await sql.query(`UPDATE deals SET status = 'expired', version = version + 1, updated_at = $2 WHERE id = $1`, [d.id, now])
      await sql.query('DELETE FROM deal_protections WHERE deal_id = $1', [d.id])
      const after = { ...d, status: 'expired' as const }
      await addEvent(sql, sys.actor, d, { kind: 'expired', note: `Protection ended on ${d.protection_until}` }, now)
      await audit(sys, sql, {
        entity: 'deal',
        entityId: d.id,
        action: 'expire',
        partnerId: d.partner_id,
        before: toDeal(d, today),
        after: toDeal(after, today),
      })
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
       FOR UPDATE OF d SKIP LOCKED`,
      [dayOf(now)],
    )
    for (const d of overdue) {
      await sql.query('UPDATE deals SET escalated_at = $2 WHERE id = $1', [d.id, now])
      await addEvent(sql, sys.actor, d, { kind: 'escalated', note: `Review overdue since ${d.review_due}`, internal: true }, now)
      await audit(sys, sql, {
        entity: 'deal',
        entityId: d.id,
        action: 'escalate',
        after: { reviewDue: d.review_due, escalatedAt: now.toISOString() },
      })
      await notify(sys, sql, 'deal-escalated', d)
    }
    return { escalated: overdue.length }
  })
}

export type PipelineSnapshotRun = { year: number; quarter: number; asOf: string; taken: boolean; partners: number; changed: number }

/**
 * Snapshots every partner's open approved registered pipeline at the end of an ended quarter (again, when
 * one was taken: amounts that moved are updated). A quarter that has not ended yet is refused: its pipeline
 * is still moving. Audited when a row was written.
 */
export async function snapshotPipeline(ctx: Ctx, input: { year: number; quarter: number }): Promise<PipelineSnapshotRun> {
  assertCan(ctx.actor, 'metrics:confirm')
  const parsed = PipelineSnapshotInput.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error)
  const { year, quarter } = parsed.data
  const end = quarterEnd(year, quarter)
  if (end >= dayOf(ctx.now()))
    throw new AppError('VALIDATION_FAILED', `${year} Q${quarter} has not ended yet`, {
      errors: [
        {
          path: 'quarter',
          message: `${year} Q${quarter} has not ended yet: it ends on ${end}, and its pipeline can be snapshotted from the next day`,
        },
      ],
    })
  return inTx(ctx, async (sql) => {
    const r = await snapshotQuarterPipeline(sql, year, quarter, ctx.now())
    if (r.changed) await audit(ctx, sql, { entity: 'pipeline_snapshot', entityId: `${year}-Q${quarter}`, action: 'take', after: r })
    return { year, quarter, taken: true, ...r }
  })
}

/** The last quarter that has ended by today. */
export function lastEndedQuarter(today: string): { year: number; quarter: number } {
  const end = lastQuarterEnd(today)
  return { year: Number(end.slice(0, 4)), quarter: Number(end.slice(5, 7)) / 3 }
}

/**
 * The daily job: snapshots the last ended quarter's pipeline unless it already has a snapshot (a re-take is
 * done by hand with the command). Runs as the system.
 */
export async function snapshotLastQuarterPipeline(ctx: Ctx): Promise<PipelineSnapshotRun> {
  const sys: Ctx = { ...ctx, actor: systemActor }
  const { year, quarter } = lastEndedQuarter(dayOf(ctx.now()))
  const present = oneRow(
    await inTx(sys, (sql) =>
      sql.query<{ n: number }>('SELECT count(*)::int AS n FROM partner_pipeline_snapshots WHERE year = $1 AND quarter = $2', [
        year,
        quarter,
      ]),
    ),
    'Snapshot count',
  )

  if (present.n) return { year, quarter, asOf: quarterEnd(year, quarter), taken: false, partners: present.n, changed: 0 }
  return snapshotPipeline(sys, { year, quarter })
}
