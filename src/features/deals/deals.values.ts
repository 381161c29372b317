import type { Actor } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import type { DealRow } from './deals.queries.ts'

/**
 * The value of a registration that counts in the pipeline at the end of a day (`day`: a date expression of the
 * query; `deal`: the deals row's alias): the last value approved by then (decision 014).
 */
export const approvedValueAt = (day: string, deal = 'deals') =>
  `coalesce((SELECT v.value FROM deal_values v WHERE v.deal_id = ${deal}.id AND v.approved_at IS NOT NULL
     AND v.approved_at::date <= ${day} ORDER BY v.approved_at DESC, v.id DESC LIMIT 1), 0)`

type Recorded = { deal_id: string; partner_id: string; cents: bigint; actor: Actor; now: Date; approved: boolean }

async function record(sql: Sql, r: Recorded) {
  await sql.query(
    `INSERT INTO deal_values (deal_id, partner_id, value, recorded_at, recorded_by, approved_at, approved_by)
     VALUES ($1, $2, $3::numeric / 100, $4, $5, CASE WHEN $6 THEN $4::timestamptz END, CASE WHEN $6 THEN $5::uuid END)`,
    [r.deal_id, r.partner_id, r.cents.toString(), r.now, r.actor.userId || null, r.approved],
  )
}

/** The reviewer approves a registration or its pending value: its current value counts from now. */
export const approveCurrentValue = (sql: Sql, d: DealRow, actor: Actor, now: Date) =>
  record(sql, { deal_id: d.id, partner_id: d.partner_id, cents: BigInt(d.value_cents), actor, now, approved: true })

async function lastApprovedCents(sql: Sql, dealId: string): Promise<bigint | null> {
  const [r] = await sql.query<{ cents: string }>(
    `SELECT (value * 100)::bigint::text AS cents FROM deal_values WHERE deal_id = $1 AND approved_at IS NOT NULL
     ORDER BY approved_at DESC, id DESC LIMIT 1`,
    [dealId],
  )
  return r ? BigInt(r.cents) : null
}

/**
 * A new value of an approved registration: within the tolerance (DEAL_VALUE_TOLERANCE_PERCENT of the last
 * approved value, either way) it counts at once; beyond it, it is kept but does not count until a reviewer
 * approves it. Answers whether it now waits for review.
 */
export async function recordValueChange(ctx: Ctx, sql: Sql, d: DealRow, cents: bigint, actor: Actor, now: Date): Promise<boolean> {
  const approved = await lastApprovedCents(sql, d.id)
  const base = approved ?? BigInt(d.value_cents)
  const diff = cents > base ? cents - base : base - cents
  const within = diff * 10_000n <= base * BigInt(Math.round(ctx.config.deals.valueTolerancePercent * 100))
  await record(sql, { deal_id: d.id, partner_id: d.partner_id, cents, actor, now, approved: within })
  return !within
}

/** Whether the registration has a value recorded after its last approved one (waiting for review). */
export async function hasPendingValue(sql: Sql, dealId: string): Promise<boolean> {
  const [r] = await sql.query<{ pending: boolean }>(
    `SELECT coalesce(max(id) FILTER (WHERE approved_at IS NULL), 0) > coalesce(max(id) FILTER (WHERE approved_at IS NOT NULL), 0) AS pending
     FROM deal_values WHERE deal_id = $1`,
    [dealId],
  )
  return r?.pending ?? false
}

export const nothingToApprove = () =>
  new AppError('INVALID_TRANSITION', 'Cannot approve a registration that is approved with no value change waiting')
