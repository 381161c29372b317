import { assertCan, systemActor, type Actor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { emit } from '../../core/events.ts'
import { setPartnerTier } from '../partners/partners.service.ts'
import type { AcceptInput, Decision, DecisionInput, TierOrNull } from './reviews.contract.ts'
import { tierDecisionApproved } from './reviews.events.ts'
import { DECISION_COLUMNS, openCycle, toDecision, type DecisionRow } from './reviews.queries.ts'
import { oneRow } from '../../core/db-rows.ts'
import { todayOf } from '../../core/dates.ts'

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path, message }] })

/**
 * Records the decision for one partner of an open cycle. A tier other than the recommended one needs a
 * justification. Deciding again replaces the decision and its approvals, until it has taken effect.
 */
export async function decide(ctx: Ctx, cycleId: string, input: DecisionInput): Promise<{ decision: Decision; created: boolean }> {
  assertCan(ctx.actor, 'reviews:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    await openCycle(sql, cycleId)
    const [rec] = await sql.query<{ recommended_tier: TierOrNull }>(
      'SELECT recommended_tier FROM review_recommendations WHERE cycle_id = $1 AND partner_id = $2',
      [cycleId, input.partnerId],
    )
    if (!rec) throw invalid('partnerId', 'Not a partner of this review')
    if (input.tier !== rec.recommended_tier && !input.justification)
      throw invalid('justification', `Required: the chosen tier differs from the recommended one (${rec.recommended_tier ?? 'none'})`)
    const [before] = await sql.query<DecisionRow>(
      `SELECT ${DECISION_COLUMNS} FROM review_decisions WHERE cycle_id = $1 AND partner_id = $2 FOR UPDATE`,
      [cycleId, input.partnerId],
    )
    if (before && before.status !== 'pending') throw new AppError('DECISION_APPLIED', 'This decision is approved already; it cannot change')
    const row = oneRow(
      await sql.query<DecisionRow>(
        `INSERT INTO review_decisions (cycle_id, partner_id, recommended_tier, chosen_tier, justification, effective_date, decided_by, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (cycle_id, partner_id) DO UPDATE SET recommended_tier = $3, chosen_tier = $4, justification = $5, effective_date = $6,
         decided_by = $7, decided_at = $8, sales_approved_by = NULL, sales_approved_at = NULL, alliances_approved_by = NULL,
         alliances_approved_at = NULL
       RETURNING ${DECISION_COLUMNS}`,
        [
          cycleId,
          input.partnerId,
          rec.recommended_tier,
          input.tier,
          input.justification ?? null,
          input.effectiveDate,
          actor.userId || null,
          ctx.now(),
        ],
      ),
      'Decision',
    )
    const decision = toDecision(row)
    // Decisions are internal: audited without the partner id, so they stay off the partner's own view of the log.
    await audit(ctx, sql, {
      entity: 'tier_decision',
      entityId: decision.id,
      action: before ? 'update' : 'create',
      before: before ? toDecision(before) : undefined,
      after: decision,
    })
    return { decision, created: !before }
  })
}

/** Accepts recommendations in bulk (named partners, or every partner of a movement) as decisions; decided partners are skipped. */
export async function acceptRecommendations(ctx: Ctx, cycleId: string, input: AcceptInput): Promise<{ accepted: number; skipped: number }> {
  assertCan(ctx.actor, 'reviews:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    await openCycle(sql, cycleId)
    if (input.partnerIds) {
      const found = await sql.query<{ partner_id: string }>(
        'SELECT partner_id FROM review_recommendations WHERE cycle_id = $1 AND partner_id = ANY($2::uuid[])',
        [cycleId, input.partnerIds],
      )
      const known = new Set(found.map((r) => r.partner_id))
      const errors = input.partnerIds.flatMap((id, i) =>
        known.has(id) ? [] : [{ path: `partnerIds.${i}`, message: 'Not a partner of this review' }],
      )
      if (errors.length) throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors })
    }
    const filter = input.partnerIds ? 'r.partner_id = ANY($2::uuid[])' : 'r.movement = $2'
    const { n: matched } = oneRow(
      await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM review_recommendations r WHERE r.cycle_id = $1 AND ${filter}`, [
        cycleId,
        input.partnerIds ?? input.movement,
      ]),
      'Review recommendation',
    )
    const rows = await sql.query<{ partner_id: string }>(
      `INSERT INTO review_decisions (cycle_id, partner_id, recommended_tier, chosen_tier, effective_date, decided_by, decided_at)
       SELECT r.cycle_id, r.partner_id, r.recommended_tier, r.recommended_tier, $3, $4, $5 FROM review_recommendations r
       WHERE r.cycle_id = $1 AND ${filter}
       ON CONFLICT (cycle_id, partner_id) DO NOTHING RETURNING partner_id`,
      [cycleId, input.partnerIds ?? input.movement, input.effectiveDate, actor.userId || null, ctx.now()],
    )
    if (rows.length)
      await audit(ctx, sql, {
        entity: 'review_cycle',
        entityId: cycleId,
        action: 'accept',
        after: { movement: input.movement ?? null, effectiveDate: input.effectiveDate, partnerIds: rows.map((r) => r.partner_id) },
      })
    return { accepted: rows.length, skipped: matched - rows.length }
  })
}

const slotOf = (actor: Actor) => (actor.role === 'sales' ? 'sales' : 'alliances')

/**
 * Approves a decision as Sales or Alliances (one approval per role, never twice by one person). With
 * both approvals the decision takes effect at once when its effective date has come, else when it does.
 */
export async function approve(ctx: Ctx, decisionId: string): Promise<Decision> {
  assertCan(ctx.actor, 'reviews:approve')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const [before] = await sql.query<DecisionRow>(`SELECT ${DECISION_COLUMNS} FROM review_decisions WHERE id = $1 FOR UPDATE`, [decisionId])
    if (!before) throw new AppError('DECISION_NOT_FOUND', 'Decision not found')
    // Separation of duties: whoever proposed the decision (or accepted it in bulk) does not approve it.
    if (before.decided_by && before.decided_by === actor.userId)
      throw new AppError('FORBIDDEN', 'You proposed this decision; its approvals must come from others')
    if (before.sales_approved_by === actor.userId || before.alliances_approved_by === actor.userId)
      throw new AppError('ALREADY_APPROVED', 'You approved this decision already; the other approval must come from someone else')
    const slot = slotOf(actor)
    if (before[`${slot}_approved_by`])
      throw new AppError('ALREADY_APPROVED', `This decision has its ${slot === 'sales' ? 'Sales' : 'Alliances'} approval already`)
    const row = oneRow(
      await sql.query<DecisionRow>(
        `UPDATE review_decisions SET ${slot}_approved_by = $2, ${slot}_approved_at = $3,
         status = CASE WHEN sales_approved_by IS NOT NULL OR alliances_approved_by IS NOT NULL THEN 'approved' ELSE 'pending' END
       WHERE id = $1 RETURNING ${DECISION_COLUMNS}`,
        [decisionId, actor.userId, ctx.now()],
      ),
      'Decision',
    )
    await audit(ctx, sql, {
      entity: 'tier_decision',
      entityId: decisionId,
      action: `approve:${slot}`,
      before: toDecision(before),
      after: toDecision(row),
    })
    if (row.status === 'approved' && before.status !== 'approved') {
      const [p] = await sql.query<{ legal_name: string; partner_manager_id: string | null }>(
        'SELECT legal_name, partner_manager_id FROM partners WHERE id = $1',
        [row.partner_id],
      )
      await emit(ctx, sql, tierDecisionApproved, {
        decisionId: row.id,
        cycleId: row.cycle_id,
        partnerId: row.partner_id,
        partner: p?.legal_name ?? '',
        chosenTier: row.chosen_tier,
        effectiveDate: row.effective_date,
        decidedBy: row.decided_by,
        managerId: p?.partner_manager_id ?? null,
      })
    }
    if (row.status === 'approved' && row.effective_date <= todayOf(ctx.now())) return toDecision(await applyDecision(ctx, sql, row))
    return toDecision(row)
  })
}

/** Puts an approved decision in force: the partner's tier, its tier history, the decision's status. */
async function applyDecision(ctx: Ctx, sql: Sql, d: DecisionRow): Promise<DecisionRow> {
  const from = await setPartnerTier(ctx, sql, d.partner_id, d.chosen_tier)
  await sql.query(
    `INSERT INTO tier_history (partner_id, from_tier, to_tier, effective_date, decision_id, decided_by, sales_approved_by,
       alliances_approved_by, justification, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      d.partner_id,
      from,
      d.chosen_tier,
      d.effective_date,
      d.id,
      d.decided_by,
      d.sales_approved_by,
      d.alliances_approved_by,
      d.justification,
      ctx.now(),
    ],
  )
  const row = oneRow(
    await sql.query<DecisionRow>(
      `UPDATE review_decisions SET status = 'applied', applied_at = $2 WHERE id = $1 RETURNING ${DECISION_COLUMNS}`,
      [d.id, ctx.now()],
    ),
    'Decision',
  )
  await audit(ctx, sql, {
    entity: 'tier_change',
    entityId: d.id,
    action: 'apply',
    partnerId: d.partner_id,
    after: { fromTier: from, toTier: d.chosen_tier, effectiveDate: d.effective_date },
  })
  return row
}

/**
 * Puts in force every approved decision whose effective date has come (optionally of one partner).
 * The server runs it on start and hourly, and tier-history reads run it for their partner first.
 */
export async function applyDueTierChanges(ctx: Ctx, partnerId?: string): Promise<number> {
  const sys: Ctx = { ...ctx, actor: systemActor }
  return inTx(sys, async (sql) => {
    const due = await sql.query<DecisionRow>(
      `SELECT ${DECISION_COLUMNS} FROM review_decisions WHERE status = 'approved' AND effective_date <= $1::date
         AND ($2::uuid IS NULL OR partner_id = $2) ORDER BY effective_date, decided_at FOR UPDATE SKIP LOCKED`,
      [todayOf(ctx.now()), partnerId ?? null],
    )
    for (const d of due) await applyDecision(sys, sql, d)
    return due.length
  })
}
