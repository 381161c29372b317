import { assertCan } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { decodeCursor, encodeCursor } from '../../core/cursor.ts'
import { AppError } from '../../core/errors.ts'
import { writeSheet, type SheetFormat } from '../../core/sheets.ts'
import { Where } from '../../core/where.ts'
import { getPartner } from '../partners/partners.service.ts'
import { evaluatePartner, loadGuidelines, type Guidelines, type YearFigures } from '../program/index.ts'
import type { CriterionKey } from '../program/program.contract.ts'
import { applyDueTierChanges } from './decisions.service.ts'
import type { Recommendation, RecommendationQuery, TierChange, TierOrNull } from './reviews.contract.ts'
import { DECISION_COLUMNS, findCycle, toDecision, type DecisionRow } from './reviews.queries.ts'

type RecRow = {
  partner_id: string
  legal_name: string
  current_tier: TierOrNull
  recommended_tier: TierOrNull
  rule: Recommendation['rule']
  movement: Recommendation['movement']
  evaluated_at: Date
  decision: DecisionRow | null
  sort_key: string
  revenue: string
  active_customers: number
  average_pipeline: string
  joint_investments: string
  rebates: string
  marketing_funding: string
  funded_resources_amount: string
  funded_resources_ftes: string
  executive_sponsor: boolean
  gtm_categories: number
  quarters: number[]
  unconfirmed_quarters: number[]
  pipeline_from_deals: number[]
  waived_keys: CriterionKey[]
  waived_reasons: string[]
}

// The partner's current legal name names and orders the board, through the partners' name index.
const SELECT = `SELECT r.partner_id, p.legal_name, r.current_tier, r.recommended_tier, r.rule, r.movement, r.evaluated_at,
  lower(p.legal_name) AS sort_key, r.revenue::text, r.active_customers, r.average_pipeline::text, r.joint_investments::text, r.rebates::text,
  r.marketing_funding::text, r.funded_resources_amount::text, r.funded_resources_ftes::text, r.executive_sponsor, r.gtm_categories, r.quarters,
  r.unconfirmed_quarters, r.pipeline_from_deals, r.waived_keys, r.waived_reasons,
  (SELECT to_jsonb(d) FROM (SELECT ${DECISION_COLUMNS} FROM review_decisions WHERE cycle_id = r.cycle_id AND partner_id = r.partner_id) d) AS decision
  FROM review_recommendations r JOIN partners p ON p.id = r.partner_id`

// jsonb carries dates as text; the decision mapper expects Date objects.
const decisionOf = (d: DecisionRow | null) =>
  d &&
  toDecision({
    ...d,
    decided_at: new Date(d.decided_at),
    sales_approved_at: d.sales_approved_at && new Date(d.sales_approved_at),
    alliances_approved_at: d.alliances_approved_at && new Date(d.alliances_approved_at),
    applied_at: d.applied_at && new Date(d.applied_at),
  })

const usd = (amount: string) => ({ amount, currency: 'USD' as const })

/** The evidence a recommendation stores: the figures, quarters and waivers the review evaluated. */
const evidenceOf = (r: RecRow): YearFigures => ({
  partnerId: r.partner_id,
  tier: r.current_tier,
  inputs: {
    revenue: usd(r.revenue),
    activeCustomers: r.active_customers,
    averagePipeline: usd(r.average_pipeline),
    jointInvestments: usd(r.joint_investments),
    rebates: usd(r.rebates),
    marketingFunding: usd(r.marketing_funding),
    fundedResourcesAmount: usd(r.funded_resources_amount),
    fundedResourcesFtes: Number(r.funded_resources_ftes),
    executiveSponsor: r.executive_sponsor,
    gtmCategories: r.gtm_categories,
  },
  quarters: r.quarters,
  unconfirmedQuarters: r.unconfirmed_quarters,
  pipelineFromDeals: r.pipeline_from_deals,
  waivers: r.waived_keys.map((key, i) => ({ key, reason: r.waived_reasons[i] ?? '' })),
})

/** A recommendation with its evaluation worded from the stored evidence and the year's guidelines. */
function toRecommendation(g: Guidelines, r: RecRow) {
  const evidence = evaluatePartner(g, r.rule, evidenceOf(r))
  const recommendation: Recommendation = {
    partnerId: r.partner_id,
    legalName: r.legal_name,
    currentTier: r.current_tier,
    recommendedTier: r.recommended_tier,
    rule: r.rule,
    movement: r.movement,
    summary: evidence.summary,
    gaps: evidence.gaps.map((x) => x.message),
    evaluatedAt: r.evaluated_at.toISOString(),
    decision: decisionOf(r.decision),
  }
  return { recommendation, evidence }
}

/** The board's filters: movement, recommended tier, part of the legal name. */
function boardWhere(cycleId: string, q: Pick<RecommendationQuery, 'movement' | 'tier' | 'q'>): Where {
  const where = new Where().add('r.cycle_id = ?', cycleId)
  if (q.movement) where.add('r.movement = ?', q.movement)
  if (q.tier) where.add('r.recommended_tier = ?', q.tier)
  if (q.q) where.add('lower(p.legal_name) LIKE ?', `%${q.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`)
  return where
}

/** The review board: a cycle's recommendations by legal name, filtered by movement, recommended tier and name. */
export async function listRecommendations(ctx: Ctx, cycleId: string, q: RecommendationQuery) {
  assertCan(ctx.actor, 'reviews:read')
  const where = boardWhere(cycleId, q)
  if (q.cursor) {
    const [key, id] = decodeCursor(q.cursor)
    where.add('(lower(p.legal_name), p.id) > (?, ?::uuid)', key, id)
  }
  const limit = where.param(q.limit + 1)
  const [g, rows] = await inTx(ctx, async (sql) => {
    const cycle = await findCycle(sql, cycleId)
    return [
      await loadGuidelines(sql, cycle.year),
      await sql.query<RecRow>(`${SELECT} ${where} ORDER BY lower(p.legal_name), p.id LIMIT ${limit}`, where.params),
    ] as const
  })
  const last = rows[q.limit - 1]
  return {
    items: rows.slice(0, q.limit).map((r) => toRecommendation(g, r).recommendation),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.sort_key, last.partner_id]) : null,
  }
}

const exportColumns = [
  'partnerId',
  'legalName',
  'currentTier',
  'recommendedTier',
  'movement',
  'rule',
  'revenueUsd',
  'activeCustomers',
  'averagePipelineUsd',
  'jointInvestmentsUsd',
  'jointInvestmentPct',
  'rebatesUsd',
  'marketingFundingUsd',
  'fundedResourcesUsd',
  'fundedResourcesFtes',
  'executiveSponsor',
  'gtmCategories',
  'quarters',
  'unconfirmedQuarters',
  'waived',
  'summary',
  'gaps',
  'decision',
  'chosenTier',
  'justification',
  'effectiveDate',
]

/**
 * The review board as a sheet for the Sales and Alliances meeting: every recommendation the filters
 * select, by legal name, with its figures, its explanation and its decision so far.
 */
export async function exportRecommendations(
  ctx: Ctx,
  cycleId: string,
  q: Pick<RecommendationQuery, 'movement' | 'tier' | 'q'>,
  format: SheetFormat,
) {
  assertCan(ctx.actor, 'reviews:read')
  const where = boardWhere(cycleId, q)
  const [cycle, g, rows] = await inTx(ctx, async (sql) => {
    const cycle = await findCycle(sql, cycleId)
    return [
      cycle,
      await loadGuidelines(sql, cycle.year),
      await sql.query<RecRow>(`${SELECT} ${where} ORDER BY lower(p.legal_name), p.id`, where.params),
    ] as const
  })
  const cells = (r: RecRow) => {
    const { recommendation: rec, evidence: e } = toRecommendation(g, r)
    const pct = e.criteria.find((c) => c.key === 'jointInvestmentPct')?.value
    const d = rec.decision
    return [
      r.partner_id,
      r.legal_name,
      r.current_tier ?? '',
      r.recommended_tier ?? '',
      r.movement,
      r.rule,
      r.revenue,
      r.active_customers,
      r.average_pipeline,
      r.joint_investments,
      pct ?? '',
      r.rebates,
      r.marketing_funding,
      r.funded_resources_amount,
      Number(r.funded_resources_ftes),
      r.executive_sponsor ? 'yes' : 'no',
      r.gtm_categories,
      r.quarters.map((x) => `Q${x}`).join(' '),
      r.unconfirmed_quarters.map((x) => `Q${x}`).join(' '),
      e.waivers.map((w) => `${w.key}: ${w.reason}`).join('; '),
      rec.summary,
      rec.gaps.join('; '),
      d?.status ?? '',
      d ? (d.chosenTier ?? 'none') : '',
      d?.justification ?? '',
      d?.effectiveDate ?? '',
    ].map(String)
  }
  return {
    name: `review-${cycle.year}-${cycle.kind}`,
    file: await writeSheet(`Review ${cycle.year}`, exportColumns, rows.map(cells), format),
  }
}

/** One recommendation with its evidence: the whole evaluation, derived from the stored figures and the year's guidelines. */
export async function getRecommendation(ctx: Ctx, cycleId: string, partnerId: string) {
  assertCan(ctx.actor, 'reviews:read')
  return inTx(ctx, async (sql) => {
    const cycle = await findCycle(sql, cycleId)
    const [row] = await sql.query<RecRow>(`${SELECT} WHERE r.cycle_id = $1 AND r.partner_id = $2`, [cycleId, partnerId])
    if (!row) throw new AppError('NOT_FOUND', 'This partner is not part of the review')
    const { recommendation, evidence } = toRecommendation(await loadGuidelines(sql, cycle.year), row)
    return { ...recommendation, evidence }
  })
}

type HistoryRow = {
  id: string
  partner_id: string
  from_tier: TierOrNull
  to_tier: TierOrNull
  effective_date: string
  decision_id: string
  decided_by: string | null
  sales_approved_by: string | null
  alliances_approved_by: string | null
  justification: string | null
  recorded_at: Date
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
    id: r.id,
    partnerId: r.partner_id,
    fromTier: r.from_tier,
    toTier: r.to_tier,
    effectiveDate: r.effective_date,
    decisionId: r.decision_id,
    decidedBy: r.decided_by,
    salesApprovedBy: r.sales_approved_by,
    alliancesApprovedBy: r.alliances_approved_by,
    justification: r.justification,
    recordedAt: r.recorded_at.toISOString(),
  }))
}
