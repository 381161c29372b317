import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { getPartner } from '../partners/partners.service.ts'
import type { Clearance, Risk, RiskLevel } from './safety.contract.ts'
import { reassess } from './gaps.sync.ts'
import { assessPartners, type Assessment } from './safety.assess.ts'
import { clearanceOverridesOf } from './safety.queries.ts'
import { todayOf } from '../../core/dates.ts'

/** One partner's assessment as the actor may see it (another company's partner answers 404). */
export async function assessPartner(ctx: Ctx, partnerId: string): Promise<Assessment> {
  assertCan(ctx.actor, 'safety:read')
  const partner = await getPartner(ctx, partnerId)
  const [assessment] = await inTx(ctx, (sql) => assessPartners(sql, [partner], todayOf(ctx.now())))
  if (!assessment) throw new AppError('PARTNER_NOT_FOUND', 'Partner not found')
  return assessment
}

/**
 * The gate: may this partner receive new purchase orders and new resource assignments? Every feature that
 * hands out work asks this one function. A low-risk partner is always clear; a high-risk one is blocked by
 * any gap or open high-severity red flag, unless a safety user's clearance override runs (decision 019).
 */
export async function safetyClearance(ctx: Ctx, partnerId: string): Promise<Clearance> {
  return (await assessPartner(ctx, partnerId)).clearance
}

export async function getRisk(ctx: Ctx, partnerId: string): Promise<Risk> {
  return (await assessPartner(ctx, partnerId)).risk
}

export async function setRiskOverride(ctx: Ctx, partnerId: string, input: { riskLevel: RiskLevel; reason: string }): Promise<Risk> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  await getPartner(ctx, partnerId)
  await inTx(ctx, async (sql) => {
    const lifted = await sql.query<{ id: string; risk_level: string }>(
      'UPDATE safety_risk_overrides SET lifted_at = $2, lifted_by = $3 WHERE partner_id = $1 AND lifted_at IS NULL RETURNING id, risk_level',
      [partnerId, ctx.now(), actor.userId || null],
    )
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO safety_risk_overrides (partner_id, risk_level, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [partnerId, input.riskLevel, input.reason, actor.userId || null, ctx.now()],
    )
    await audit(ctx, sql, {
      entity: 'safety_risk_override',
      entityId: row?.id ?? partnerId,
      action: 'set',
      partnerId,
      before: lifted[0] ? { riskLevel: lifted[0].risk_level } : null,
      after: input,
    })
    await reassess(ctx, sql, [partnerId])
  })
  return getRisk(ctx, partnerId)
}

export async function liftRiskOverride(ctx: Ctx, partnerId: string): Promise<Risk> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  await getPartner(ctx, partnerId)
  await inTx(ctx, async (sql) => {
    const [lifted] = await sql.query<{ id: string; risk_level: string; reason: string }>(
      'UPDATE safety_risk_overrides SET lifted_at = $2, lifted_by = $3 WHERE partner_id = $1 AND lifted_at IS NULL RETURNING id, risk_level, reason',
      [partnerId, ctx.now(), actor.userId || null],
    )
    if (!lifted) throw new AppError('NOT_FOUND', 'The partner has no risk override to lift')
    await audit(ctx, sql, { entity: 'safety_risk_override', entityId: lifted.id, action: 'lift', partnerId, before: lifted })
    await reassess(ctx, sql, [partnerId])
  })
  return getRisk(ctx, partnerId)
}

export type ClearanceOverride = {
  id: string
  reason: string
  endsOn: string
  createdBy: { id: string | null; name: string | null } | null
  createdAt: string
  active: boolean
}

export async function getClearanceOverride(ctx: Ctx, partnerId: string): Promise<ClearanceOverride | null> {
  assertCan(ctx.actor, 'safety:read')
  await getPartner(ctx, partnerId)
  const o = await inTx(ctx, async (sql) => (await clearanceOverridesOf(sql, [partnerId])).get(partnerId))
  return o ? { ...o, active: o.endsOn >= todayOf(ctx.now()) } : null
}

export async function setClearanceOverride(
  ctx: Ctx,
  partnerId: string,
  input: { reason: string; endsOn: string },
): Promise<ClearanceOverride> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  await getPartner(ctx, partnerId)
  if (input.endsOn < todayOf(ctx.now()))
    throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path: 'endsOn', message: 'The end date has passed' }] })
  await inTx(ctx, async (sql) => {
    await sql.query('UPDATE safety_clearance_overrides SET lifted_at = $2, lifted_by = $3 WHERE partner_id = $1 AND lifted_at IS NULL', [
      partnerId,
      ctx.now(),
      actor.userId || null,
    ])
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO safety_clearance_overrides (partner_id, reason, ends_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [partnerId, input.reason, input.endsOn, actor.userId || null, ctx.now()],
    )
    await audit(ctx, sql, { entity: 'safety_clearance_override', entityId: row?.id ?? partnerId, action: 'set', partnerId, after: input })
  })
  const o = await getClearanceOverride(ctx, partnerId)
  if (!o) throw new AppError('INTERNAL', 'The override was not stored')
  return o
}

export async function liftClearanceOverride(ctx: Ctx, partnerId: string): Promise<void> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  await getPartner(ctx, partnerId)
  await inTx(ctx, async (sql) => {
    const [lifted] = await sql.query<{ id: string; reason: string; ends_on: string }>(
      'UPDATE safety_clearance_overrides SET lifted_at = $2, lifted_by = $3 WHERE partner_id = $1 AND lifted_at IS NULL RETURNING id, reason, ends_on::text',
      [partnerId, ctx.now(), actor.userId || null],
    )
    if (!lifted) throw new AppError('NOT_FOUND', 'The partner has no clearance override to lift')
    await audit(ctx, sql, { entity: 'safety_clearance_override', entityId: lifted.id, action: 'lift', partnerId, before: lifted })
  })
}
