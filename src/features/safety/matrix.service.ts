import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import type { MatrixEntry, RiskLevel } from './safety.contract.ts'
import { reassess } from './gaps.sync.ts'
import { matrixRows, whoOf, type Who } from './safety.queries.ts'
import { serviceKey } from './safety.rules.ts'

export async function getMatrix(ctx: Ctx) {
  assertCan(ctx.actor, 'safety:read')
  return inTx(ctx, async (sql) => {
    const items = (await matrixRows(sql)).map(({ key: _key, ...e }) => e)
    const history = await sql.query<{
      service: string
      risk_level: RiskLevel | null
      reason: string | null
      version: number
      action: 'set' | 'remove'
      changed_by: Who
      changed_at: Date
    }>(
      `SELECT service, risk_level, reason, version, action, ${whoOf('h.changed_by')} AS changed_by, changed_at
       FROM safety_risk_matrix_history h ORDER BY h.id DESC LIMIT 500`,
    )
    return {
      items,
      history: history.map((h) => ({
        service: h.service,
        riskLevel: h.risk_level,
        reason: h.reason,
        version: h.version,
        action: h.action,
        changedBy: h.changed_by,
        changedAt: h.changed_at.toISOString(),
      })),
    }
  })
}

/**
 * Sets one service's risk level (adding the service if new), keeps the version in the history and
 * re-derives every partner's gaps in the same transaction (risk levels themselves are never stored).
 */
export async function setMatrixEntry(ctx: Ctx, input: { service: string; riskLevel: RiskLevel; reason: string }): Promise<MatrixEntry> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  const key = serviceKey(input.service)
  return inTx(ctx, async (sql) => {
    const [before] = await sql.query<{ risk_level: string; reason: string; version: number }>(
      'SELECT risk_level, reason, version FROM safety_risk_matrix WHERE service_key = $1 FOR UPDATE',
      [key],
    )
    const version = (before?.version ?? 0) + 1
    await sql.query(
      `INSERT INTO safety_risk_matrix (service_key, service, risk_level, reason, version, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (service_key) DO UPDATE SET service = $2, risk_level = $3, reason = $4, version = $5, updated_by = $6, updated_at = $7`,
      [key, input.service.trim(), input.riskLevel, input.reason, version, actor.userId || null, ctx.now()],
    )
    await sql.query(
      `INSERT INTO safety_risk_matrix_history (service_key, service, risk_level, reason, version, action, changed_by, changed_at)
       VALUES ($1, $2, $3, $4, $5, 'set', $6, $7)`,
      [key, input.service.trim(), input.riskLevel, input.reason, version, actor.userId || null, ctx.now()],
    )
    await audit(ctx, sql, { entity: 'safety_risk_matrix', entityId: key, action: 'set', before: before ?? null, after: input })
    await reassess(ctx, sql, null)
    const entry = (await matrixRows(sql)).find((r) => r.key === key)
    if (!entry) throw new AppError('INTERNAL', 'The matrix entry was not stored')
    const { key: _key, ...rest } = entry
    return rest
  })
}

export async function removeMatrixEntry(ctx: Ctx, input: { service: string }): Promise<void> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  const key = serviceKey(input.service)
  await inTx(ctx, async (sql) => {
    const [before] = await sql.query<{ service: string; risk_level: string; reason: string; version: number }>(
      'DELETE FROM safety_risk_matrix WHERE service_key = $1 RETURNING service, risk_level, reason, version',
      [key],
    )
    if (!before)
      throw new AppError('NOT_FOUND', 'The service is not in the matrix', { errors: [{ path: 'service', message: 'Not in the matrix' }] })
    await sql.query(
      `INSERT INTO safety_risk_matrix_history (service_key, service, version, action, changed_by, changed_at) VALUES ($1, $2, $3, 'remove', $4, $5)`,
      [key, before.service, before.version + 1, actor.userId || null, ctx.now()],
    )
    await audit(ctx, sql, { entity: 'safety_risk_matrix', entityId: key, action: 'remove', before })
    await reassess(ctx, sql, null)
  })
}
