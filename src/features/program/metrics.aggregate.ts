import { itemAt } from '../../core/arrays.ts'
import type { Sql } from '../../core/db.ts'
import { Where } from '../../core/where.ts'
import { toCents } from '../../core/money.ts'
import type { Figures } from './evaluation.ts'
import type { CriterionKey, WhatIfMetrics } from './program.contract.ts'
import { oneRow } from '../../core/db-rows.ts'

/**
 * A program year's figures per partner, aggregated by PostgreSQL in one pass (the one place the
 * aggregation rules live): revenue, joint investments, rebates, marketing funding and funded amount
 * are sums; active customers, FTEs, sponsor and categories are the latest quarter's; average pipeline
 * is the mean over the quarters with a reported figure or a snapshot (FROM_DEALS), truncated to the cent.
 * Categories are stored once each (ignoring case), so their count is the latest quarter's array length.
 * Quarters reported, and those not yet confirmed, come as bit masks (bit 0 = Q1).
 */
const FIGURES = (where: Where) => `SELECT partner_id, sum(revenue)::text AS revenue,
    (array_agg(active_customers ORDER BY quarter DESC))[1] AS active_customers, sum(pipeline) AS pipeline_sum, count(*)::int AS reported,
    sum(joint_investments)::text AS joint_investments, sum(rebates)::text AS rebates, sum(marketing_funding)::text AS marketing_funding,
    sum(funded_resources_amount)::text AS funded_amount, (array_agg(funded_resources_ftes ORDER BY quarter DESC))[1]::text AS ftes,
    (array_agg(executive_sponsor ORDER BY quarter DESC))[1] AS sponsor,
    (array_agg(cardinality(gtm_categories) ORDER BY quarter DESC))[1] AS categories,
    bit_or(1 << (quarter - 1)) AS quarters, coalesce(bit_or(1 << (quarter - 1)) FILTER (WHERE status <> 'confirmed'), 0) AS unconfirmed
  FROM partner_metrics ${where} GROUP BY partner_id`

/**
 * A quarter's pipeline is the quarter-end snapshot of the partner's registered deals when one was taken,
 * else the reported figure; the average runs over the quarters that have either. Per partner: what the
 * snapshots add to the reported pipeline sum, and the quarters they add to the count (those without
 * metrics). Read from the snapshots' side, so its cost follows the snapshots, not the metrics.
 */
const FROM_DEALS = (where: Where) => `SELECT s.partner_id, sum(s.amount - coalesce(m.pipeline, 0)) AS delta,
    count(*) FILTER (WHERE m.id IS NULL)::int AS added, array_agg(s.quarter ORDER BY s.quarter) AS quarters
  FROM (SELECT partner_id, year, quarter, amount FROM partner_pipeline_snapshots ${where}) s
  LEFT JOIN partner_metrics m ON (m.partner_id, m.year, m.quarter) = (s.partner_id, s.year, s.quarter)
  GROUP BY s.partner_id`

const WAIVERS = (where: Where) => `SELECT partner_id, array_agg(criterion_key ORDER BY criterion_key) AS waived_keys,
    array_agg(reason ORDER BY criterion_key) AS waived_reasons
  FROM criterion_waivers ${where} GROUP BY partner_id`

export type YearFigures = {
  partnerId: string
  tier: 'strategic' | 'advantage' | 'select' | 'approved' | null
  inputs: WhatIfMetrics
  quarters: number[]
  unconfirmedQuarters: number[]
  /** Quarters whose pipeline is the snapshot of registered deals rather than the reported figure. */
  pipelineFromDeals: number[]
  waivers: { key: CriterionKey; reason: string }[]
}

/** A partner's year as the figures query gives it: amounts as two-decimal text, quarter sets as bit masks. */
export type FiguresRow = {
  partner_id: string
  tier: YearFigures['tier']
  revenue: string | null
  active_customers: number | null
  average_pipeline: string | null
  joint_investments: string | null
  rebates: string | null
  marketing_funding: string | null
  funded_amount: string | null
  ftes: string | null
  sponsor: boolean | null
  categories: number | null
  quarters: number | null
  unconfirmed: number | null
  from_deals: number[] | null
  waived_keys: CriterionKey[] | null
  waived_reasons: string[] | null
}

const usd = (amount: string | null) => ({ amount: amount ?? '0.00', currency: 'USD' as const })

// The 16 possible quarter sets, shared (frozen) by every partner's figures.
const quarterSets: readonly number[][] = Array.from(
  { length: 16 },
  (_, mask) => Object.freeze([1, 2, 3, 4].filter((q) => (mask >> (q - 1)) & 1)) as number[],
)
const quartersIn = (mask: number | null) => itemAt(quarterSets, mask ?? 0)
const none = Object.freeze([]) as never[]

const toFigures = (r: FiguresRow): YearFigures => ({
  partnerId: r.partner_id,
  tier: r.tier,
  inputs: {
    revenue: usd(r.revenue),
    activeCustomers: r.active_customers ?? 0,
    averagePipeline: usd(r.average_pipeline),
    jointInvestments: usd(r.joint_investments),
    rebates: usd(r.rebates),
    marketingFunding: usd(r.marketing_funding),
    fundedResourcesAmount: usd(r.funded_amount),
    fundedResourcesFtes: r.ftes === null ? 0 : Number(r.ftes),
    executiveSponsor: r.sponsor ?? false,
    gtmCategories: r.categories ?? 0,
  },
  quarters: quartersIn(r.quarters),
  unconfirmedQuarters: quartersIn(r.unconfirmed),
  pipelineFromDeals: r.from_deals ?? none,
  waivers: r.waived_keys ? r.waived_keys.map((key, i) => ({ key, reason: r.waived_reasons?.[i] ?? '' })) : none,
})

const cents = (amount: string | null) => (amount === null ? 0n : toCents(amount))

/** The evaluation's figures straight from a row: `figuresOf` of the row's inputs, without building them (reviews read 100,000s). */
export const figuresOfRow = (r: FiguresRow): Figures => ({
  revenue: cents(r.revenue),
  activeCustomers: BigInt((r.active_customers ?? 0) * 100),
  averagePipeline: cents(r.average_pipeline),
  jointInvestments: cents(r.joint_investments),
  rebates: cents(r.rebates),
  marketingFunding: cents(r.marketing_funding),
  fundedResourcesAmount: cents(r.funded_amount),
  fundedResourcesFtes: cents(r.ftes),
  executiveSponsor: r.sponsor ?? false,
  gtmCategories: BigInt((r.categories ?? 0) * 100),
})

/** A quarter set's bit mask (bit 0 = Q1) as PostgreSQL array text, e.g. "{1,2,4}". */
export const quartersText = (mask: number | null): string => itemAt(quarterTexts, mask ?? 0)

const quarterTexts = quarterSets.map((qs) => `{${qs.join(',')}}`)

export type FiguresScope = { ids?: string[]; statuses?: string[] }

/** The partners in scope: by ids, or by lifecycle status. */
function partnersIn(scope: FiguresScope, w = new Where()) {
  if (scope.ids) w.add('p.id = ANY(?::uuid[])', scope.ids)
  if (scope.statuses) w.add('p.status = ANY(?::text[])', scope.statuses)
  return w
}

/** The figures query for the partners in scope. */
function figuresQuery(year: number, scope: FiguresScope) {
  // The metrics, snapshots and waivers subqueries share one filter; the partners clause continues its parameters.
  const metrics = new Where().add('year = ?::integer', year) // typed: a cursor's parameters are not inferred
  if (scope.ids) metrics.add('partner_id = ANY(?::uuid[])', scope.ids)
  const partners = partnersIn(scope, new Where(metrics.params))
  return {
    text: `SELECT p.id AS partner_id, p.tier, f.revenue, f.active_customers,
       trunc((coalesce(f.pipeline_sum, 0) + coalesce(d.delta, 0)) / nullif(coalesce(f.reported, 0) + coalesce(d.added, 0), 0), 2)::text
         AS average_pipeline,
       f.joint_investments, f.rebates, f.marketing_funding, f.funded_amount, f.ftes, f.sponsor, f.categories, f.quarters, f.unconfirmed,
       d.quarters AS from_deals, w.waived_keys, w.waived_reasons
     FROM partners p
     LEFT JOIN (${FIGURES(metrics)}) f ON f.partner_id = p.id
     LEFT JOIN (${FROM_DEALS(metrics)}) d ON d.partner_id = p.id
     LEFT JOIN (${WAIVERS(metrics)}) w ON w.partner_id = p.id
     ${partners} ORDER BY p.id`,
    params: metrics.params,
  }
}

/**
 * The year's figures and waivers of the partners in scope (by ids or by lifecycle status), ordered
 * by partner id, in one query inside the caller's transaction (RLS scopes it). Partners without
 * metrics have zero figures, but for a pipeline from their registered deals' snapshots.
 */
export async function yearFigures(sql: Sql, year: number, scope: FiguresScope): Promise<YearFigures[]> {
  const q = figuresQuery(year, scope)
  return (await sql.query<FiguresRow>(q.text, q.params)).map(toFigures)
}

/**
 * The same figures for a whole program, as rows, streamed through a cursor in batches: the next batch is
 * requested as soon as one arrives, so the database computes it while the caller works on this one.
 * Also gives the number of partners in scope up front (for progress).
 */
export async function yearFiguresInBatches(sql: Sql, year: number, scope: FiguresScope, size: number) {
  const q = figuresQuery(year, scope)
  const inScope = partnersIn(scope)
  const { n: total } = oneRow(
    await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM partners p ${inScope}`, inScope.params),
    'Partner',
  )
  async function* batches(): AsyncGenerator<FiguresRow[]> {
    // Planned for all its rows, not for a fast start (the default for cursors).
    await sql.query('SET LOCAL cursor_tuple_fraction = 1')
    await sql.query(`DECLARE year_figures NO SCROLL CURSOR FOR ${q.text}`, q.params)
    const fetch = () => sql.query<FiguresRow>(`FETCH ${size} FROM year_figures`)
    let next: Promise<FiguresRow[]> | null = fetch()
    try {
      while (next) {
        const rows: FiguresRow[] = await next
        next = rows.length === size ? fetch() : null
        if (rows.length) yield rows
      }
    } finally {
      if (next) await next.catch(() => {}) // the transaction is failing; let its error surface instead
      await sql.query('CLOSE year_figures').catch(() => {})
    }
  }
  return { total, batches: batches() }
}
