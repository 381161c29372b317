import { assertCan } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { decodeCursor, encodeCursor } from '../../core/cursor.ts'
import { AppError } from '../../core/errors.ts'
import { Where } from '../../core/where.ts'
import { getPartner } from '../partners/partners.service.ts'
import { evaluateFigures } from '../program/evaluation.batch.ts'
import type { Gap, PartnerEvaluation } from '../program/evaluation.contract.ts'
import { applyDueTierChanges } from './decisions.service.ts'
import type { Recommendation, RecommendationQuery, TierChange, TierOrNull } from './reviews.contract.ts'
import { DECISION_COLUMNS, findCycle, toDecision, type DecisionRow } from './reviews.queries.ts'

type RecRow = {
  partner_id: string; legal_name: string; current_tier: TierOrNull; recommended_tier: TierOrNull; rule: Recommendation['rule']
  movement: Recommendation['movement']; summary: string; gaps: Gap[] | null; evaluated_at: Date; decision: DecisionRow | null
  evidence?: Record<string, unknown>; sort_key: string
}

const SELECT = (extra = '') => `SELECT r.partner_id, r.legal_name, r.current_tier, r.recommended_tier, r.rule, r.movement, r.summary,
  r.evidence -> 'gaps' AS gaps, r.evaluated_at, lower(r.legal_name) AS sort_key ${extra},
  (SELECT to_jsonb(d) FROM (SELECT ${DECISION_COLUMNS} FROM review_decisions WHERE cycle_id = r.cycle_id AND partner_id = r.partner_id) d) AS decision
  FROM review_recommendations r`

// jsonb carries dates as text; the decision mapper expects Date objects.
const decisionOf = (d: DecisionRow | null) =>
  d &&
  toDecision({
    ...d, decided_at: new Date(d.decided_at), sales_approved_at: d.sales_approved_at && new Date(d.sales_approved_at),
    alliances_approved_at: d.alliances_approved_at && new Date(d.alliances_approved_at), applied_at: d.applied_at && new Date(d.applied_at),
  })

const toRecommendation = (r: RecRow): Recommendation => ({
  partnerId: r.partner_id, legalName: r.legal_name, currentTier: r.current_tier, recommendedTier: r.recommended_tier, rule: r.rule,
  movement: r.movement, summary: r.summary, gaps: (r.gaps ?? []).map((g) => g.message), evaluatedAt: r.evaluated_at.toISOString(),
  decision: decisionOf(r.decision),
})

/** The review board: a cycle's recommendations by legal name, filtered by movement, recommended tier and name. */
export async function listRecommendations(ctx: Ctx, cycleId: string, q: RecommendationQuery) {
  assertCan(ctx.actor, 'reviews:read')
  const where = new Where().add('r.cycle_id = ?', cycleId)
  if (q.movement) where.add('r.movement = ?', q.movement)
  if (q.tier) where.add('r.recommended_tier = ?', q.tier)
  if (q.q) where.add('lower(r.legal_name) LIKE ?', `%${q.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`)
  if (q.cursor) {
    const [key, id] = decodeCursor(q.cursor)
    where.add('(lower(r.legal_name), r.partner_id) > (?, ?::uuid)', key, id)
  }
  const limit = where.param(q.limit + 1)
  const rows = await inTx(ctx, async (sql) => {
    await findCycle(sql, cycleId)
    return sql.query<RecRow>(`${SELECT()} ${where} ORDER BY lower(r.legal_name), r.partner_id LIMIT ${limit}`, where.params)
  })
  const last = rows[q.limit - 1]
  return { items: rows.slice(0, q.limit).map(toRecommendation), nextCursor: rows.length > q.limit ? encodeCursor([last.sort_key, last.partner_id]) : null }
}

/** One recommendation with its evidence (the whole evaluation) and decision. */
export async function getRecommendation(ctx: Ctx, cycleId: string, partnerId: string) {
  assertCan(ctx.actor, 'reviews:read')
  return inTx(ctx, async (sql) => {
    const cycle = await findCycle(sql, cycleId)
    const [row] = await sql.query<RecRow>(`${SELECT(', r.evidence')} WHERE r.cycle_id = $1 AND r.partner_id = $2`, [cycleId, partnerId])
    if (!row) throw new AppError('NOT_FOUND', 'This partner is not part of the review')
    // The per-criterion table and category summary are derived from the stored inputs and the year's
    // guidelines; the tier, rule and summary are the recommendation's own.
    const e = row.evidence as unknown as Evidence
    const { criteria, categories } = await evaluateFigures(sql, cycle.year, cycle.rule, e.inputs, e.waivers.map((w) => w.key))
    const evidence: PartnerEvaluation = {
      ...e, year: cycle.year, rule: row.rule, tier: row.recommended_tier, summary: row.summary, partnerId, criteria, categories,
    }
    return { ...toRecommendation(row), evidence }
  })
}

type Evidence = Pick<PartnerEvaluation, 'inputs' | 'quarters' | 'unconfirmedQuarters' | 'waivers' | 'tiers' | 'nextTier' | 'gaps'>

type HistoryRow = {
  id: string; partner_id: string; from_tier: TierOrNull; to_tier: TierOrNull; effective_date: string; decision_id: string
  decided_by: string | null; sales_approved_by: string | null; alliances_approved_by: string | null; justification: string | null; recorded_at: Date
}

/** A partner's tier history, newest first; due decisions are put in force first. Partners read their own only. */
export async function tierHistory(ctx: Ctx, partnerId: string): Promise<TierChange[]> {
  await getPartner(ctx, partnerId) // 404 for unknown and other companies' partners alike
  assertCan(ctx.actor, 'tierHistory:read')
  await applyDueTierChanges(ctx, partnerId)
  const rows = await inTx(ctx, (sql) =>
    sql.query<HistoryRow>(
      `SELECT id, partner_id, from_tier, to_tier, effective_date::text, decision_id, decided_by, sales_approved_by, alliances_approved_by,
         justification, recorded_at FROM tier_history WHERE partner_id = $1 ORDER BY effective_date DESC, recorded_at DESC`,
      [partnerId],
    ),
  )
  return rows.map((r) => ({
    id: r.id, partnerId: r.partner_id, fromTier: r.from_tier, toTier: r.to_tier, effectiveDate: r.effective_date, decisionId: r.decision_id,
    decidedBy: r.decided_by, salesApprovedBy: r.sales_approved_by, alliancesApprovedBy: r.alliances_approved_by,
    justification: r.justification, recordedAt: r.recorded_at.toISOString(),
  }))
}
