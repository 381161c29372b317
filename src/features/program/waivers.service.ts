import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { getPartner } from '../partners/partners.service.ts'
import { findYear } from './guidelines.queries.ts'
import type { Waiver, WaiverInput } from './metrics.contract.ts'
import type { CriterionKey } from './program.contract.ts'
import { oneRow } from '../../core/db-rows.ts'

type Row = {
  id: string
  partner_id: string
  year: number
  criterion_key: CriterionKey
  reason: string
  waived_by: string | null
  waived_at: Date
}
const COLUMNS = 'id, partner_id, year, criterion_key, reason, waived_by, waived_at'
const toWaiver = (r: Row): Waiver => ({
  id: r.id,
  partnerId: r.partner_id,
  year: r.year,
  key: r.criterion_key,
  reason: r.reason,
  waivedBy: r.waived_by,
  waivedAt: r.waived_at.toISOString(),
})

/** A partner's waivers for a year, inside the caller's transaction. */
export async function waiversOf(sql: Sql, partnerId: string, year: number): Promise<Waiver[]> {
  const rows = await sql.query<Row>(`SELECT ${COLUMNS} FROM criterion_waivers WHERE partner_id = $1 AND year = $2 ORDER BY criterion_key`, [
    partnerId,
    year,
  ])
  return rows.map(toWaiver)
}

export async function listWaivers(ctx: Ctx, partnerId: string, year: number): Promise<Waiver[]> {
  await getPartner(ctx, partnerId)
  assertCan(ctx.actor, 'metrics:read')
  return inTx(ctx, (sql) => waiversOf(sql, partnerId, year))
}

/** Reviewers may only change waivers of a year that is not locked (a finished review used it). */
async function openYear(sql: Sql, year: number) {
  const y = await findYear(sql, year)
  if (y.status === 'locked') throw new AppError('PROGRAM_YEAR_LOCKED', `Program year ${year} is locked`)
}

/** Waives a criterion for a partner and year with a reason; waiving it again replaces the reason. */
export async function waive(ctx: Ctx, partnerId: string, input: WaiverInput): Promise<{ waiver: Waiver; created: boolean }> {
  await getPartner(ctx, partnerId)
  assertCan(ctx.actor, 'waivers:manage')
  return inTx(ctx, async (sql) => {
    await openYear(sql, input.year)
    const [before] = await sql.query<Row>(
      `SELECT ${COLUMNS} FROM criterion_waivers WHERE partner_id = $1 AND year = $2 AND criterion_key = $3 FOR UPDATE`,
      [partnerId, input.year, input.key],
    )
    const row = oneRow(
      await sql.query<Row>(
        `INSERT INTO criterion_waivers (partner_id, year, criterion_key, reason, waived_by, waived_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (partner_id, year, criterion_key) DO UPDATE SET reason = $4, waived_by = $5, waived_at = $6
       RETURNING ${COLUMNS}`,
        [partnerId, input.year, input.key, input.reason, ctx.actor!.userId || null, ctx.now()],
      ),
      'Criterion waiver',
    )
    const waiver = toWaiver(row)
    await audit(ctx, sql, {
      entity: 'waiver',
      entityId: waiver.id,
      action: before ? 'update' : 'create',
      partnerId,
      before: before ? toWaiver(before) : undefined,
      after: waiver,
    })
    return { waiver, created: !before }
  })
}

export async function unwaive(ctx: Ctx, partnerId: string, year: number, key: CriterionKey): Promise<void> {
  await getPartner(ctx, partnerId)
  assertCan(ctx.actor, 'waivers:manage')
  await inTx(ctx, async (sql) => {
    await openYear(sql, year)
    const [row] = await sql.query<Row>(
      `DELETE FROM criterion_waivers WHERE partner_id = $1 AND year = $2 AND criterion_key = $3 RETURNING ${COLUMNS}`,
      [partnerId, year, key],
    )
    if (!row) throw new AppError('WAIVER_NOT_FOUND', `No waiver of ${key} in ${year}`)
    await audit(ctx, sql, { entity: 'waiver', entityId: row.id, action: 'delete', partnerId, before: toWaiver(row) })
  })
}
