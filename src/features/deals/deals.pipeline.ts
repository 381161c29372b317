import { approvedValueAt } from './deals.values.ts'
import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { usd, type Usd } from '../../core/money.ts'
import { writeSheet, type SheetFormat } from '../../core/sheets.ts'
import { Where } from '../../core/where.ts'
import { getPartner } from '../partners/partners.service.ts'
import { entitlement } from '../program/benefits.service.ts'
import type { PartnerPipeline, PipelineQuery, PipelineReport, PipelineRow } from './deals.contract.ts'
import { lastQuarterEnd, quarterEnd } from './deals.sla.ts'
import { oneRow } from '../../core/db-rows.ts'
import { dayOf } from '../../core/dates.ts'

const groups = {
  partner: { key: 'd.partner_id::text', label: 'p.legal_name' },
  tier: { key: "coalesce(p.tier, 'none')", label: "coalesce(initcap(p.tier), 'No tier')" },
  stage: { key: 'd.stage', label: "initcap(replace(d.stage, '_', ' '))" },
  country: { key: 'd.customer_country', label: 'd.customer_country' },
  quarter: { key: `to_char(d.expected_close, 'YYYY-"Q"Q')`, label: `to_char(d.expected_close, 'YYYY-"Q"Q')` },
} as const

type Agg = {
  key: string
  label: string
  n: number
  cents: string
  won: number
  lost: number
  closed_other: number
  days: number | null
  decided: number
  on_time: number
}

// Every figure is "as at" a day ($1): deals registered by then, decisions and closings made by then.
const aggregates = (key: string, label: string) => `SELECT ${key} AS key, min(${label}) AS label, count(*)::int AS n,
    coalesce(sum(d.value * 100), 0)::bigint::text AS cents,
    count(*) FILTER (WHERE d.stage = 'closed_won' AND d.closed_at::date <= $1)::int AS won,
    count(*) FILTER (WHERE d.stage = 'closed_lost' AND d.closed_at::date <= $1)::int AS lost,
    count(*) FILTER (WHERE (d.status = 'rejected' AND d.decided_at::date <= $1) OR (d.status = 'expired' AND d.protection_until < $1))::int AS closed_other,
    (avg(extract(epoch FROM d.decided_at - d.submitted_at) / 86400) FILTER (WHERE d.decided_at::date <= $1))::float8 AS days,
    count(*) FILTER (WHERE d.decided_at::date <= $1)::int AS decided,
    count(*) FILTER (WHERE d.decided_at::date <= $1 AND d.decided_at::date <= d.review_due)::int AS on_time
  FROM deals d JOIN partners p ON p.id = d.partner_id`

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits

function toRow(a: Agg): PipelineRow {
  return {
    key: a.key,
    label: a.label ?? a.key,
    count: a.n,
    value: usd(BigInt(a.cents)),
    open: a.n - a.won - a.lost - a.closed_other,
    won: a.won,
    lost: a.lost,
    winRate: a.won + a.lost ? round(a.won / (a.won + a.lost), 4) : null,
    avgDaysToDecision: a.days === null ? null : round(Number(a.days), 1),
    slaAttainment: a.decided ? round(a.on_time / a.decided, 4) : null,
  }
}

/**
 * What pipeline reporting the actor gets: internal staff live across partners; a partner per its pipeline
 * reporting benefit — Yes live, Limited the quarterly summary (as at the last quarter end), else none.
 */
async function modeFor(ctx: Ctx): Promise<'live' | 'quarterly'> {
  const actor = ctx.actor!
  if (!isExternal(actor)) return 'live'
  const b = await entitlement(ctx, actor.partnerId!, 'pipelineReporting')
  if (!b.granted) throw new AppError('BENEFIT_NOT_INCLUDED', "Pipeline reporting is not part of your company's tier")
  return b.level === 'limited' ? 'quarterly' : 'live'
}

/** Pipeline by partner, tier, stage, country or quarter (of expected close): counts, value, win rate, time to decision, SLA attainment. */
export async function pipelineReport(ctx: Ctx, q: PipelineQuery): Promise<PipelineReport> {
  assertCan(ctx.actor, 'deals:report')
  const actor = ctx.actor
  const mode = await modeFor(ctx)
  const today = dayOf(ctx.now())
  const asOf = mode === 'live' ? today : lastQuarterEnd(today)
  const w = new Where()
  w.add('d.submitted_at::date <= ?::date', asOf)
  if (isExternal(actor)) w.add('d.partner_id = ?', actor.partnerId)
  if (q.partnerId) w.add('d.partner_id = ?', q.partnerId)
  if (q.from) w.add('d.expected_close >= ?::date', q.from)
  if (q.to) w.add('d.expected_close <= ?::date', q.to)
  const g = groups[q.groupBy]
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<Agg>(`${aggregates(g.key, g.label)} ${w} GROUP BY 1 ORDER BY 2, 1`, w.params)
    const total = oneRow(await sql.query<Agg>(`${aggregates("'total'", "'Total'")} ${w}`, w.params), 'Pipeline total')
    return { groupBy: q.groupBy, mode, asOf, rows: rows.map(toRow), total: toRow(total) }
  })
}

const sheetColumns = ['group', 'count', 'open', 'won', 'lost', 'winRate', 'valueUsd', 'avgDaysToDecision', 'slaAttainment']

export async function exportPipeline(ctx: Ctx, q: PipelineQuery, format: SheetFormat): Promise<Buffer> {
  const r = await pipelineReport(ctx, q)
  const cells = (x: PipelineRow) =>
    [x.label, x.count, x.open, x.won, x.lost, x.winRate ?? '', x.value.amount, x.avgDaysToDecision ?? '', x.slaAttainment ?? ''].map(String)
  return writeSheet(`Pipeline by ${q.groupBy}`, sheetColumns, [...r.rows.map(cells), cells(r.total)], format)
}

/**
 * The one rule of "open approved pipeline at the end of a day" (`day`: a date expression of the query):
 * registrations approved by then, still protected on that day, not closed by then — each at its value approved
 * by then (approvedValueAt: a later change beyond the tolerance counts only once approved).
 */
const openAt = (day: string) =>
  `status IN ('approved', 'expired', 'closed') AND decided_at::date <= ${day} AND protection_until >= ${day}
   AND (closed_at IS NULL OR closed_at::date > ${day})`

/** A partner's open approved pipeline at the end of a day. Feeds the averagePipeline metric through the quarter-end snapshots. */
export async function openPipelineAt(sql: Sql, partnerId: string, day: string): Promise<Usd> {
  const r = oneRow(
    await sql.query<{ cents: string }>(
      `SELECT coalesce(sum(${approvedValueAt('$2::date')} * 100), 0)::bigint::text AS cents FROM deals WHERE partner_id = $1 AND ${openAt('$2::date')}`,
      [partnerId, day],
    ),
    'Deal',
  )
  return usd(BigInt(r.cents))
}

/**
 * Snapshots every partner's open approved pipeline at the end of a quarter, in one statement: one row per
 * partner with a registration submitted by the quarter's last day (an amount of 0 when none of them is open
 * and approved then); partners without registrations get none. Upserts, so a re-run changes only amounts
 * that moved. Deal values keep their history, so a snapshot taken later still uses the values approved by the quarter's end.
 * `partners` counts the partners snapshotted, `changed` the rows written or updated.
 */
export async function snapshotQuarterPipeline(
  sql: Sql,
  year: number,
  quarter: number,
  takenAt: Date,
): Promise<{ asOf: string; partners: number; changed: number }> {
  const asOf = quarterEnd(year, quarter)
  const r = oneRow(
    await sql.query<{ partners: number; changed: number }>(
      `WITH taken AS (
       SELECT partner_id, coalesce(sum(${approvedValueAt('$3::date')}) FILTER (WHERE ${openAt('$3::date')}), 0) AS amount FROM deals
       WHERE submitted_at::date <= $3::date GROUP BY partner_id
     ), written AS (
       INSERT INTO partner_pipeline_snapshots AS s (partner_id, year, quarter, amount, as_of, taken_at)
       SELECT partner_id, $1::int, $2::int, amount, $3::date, $4::timestamptz FROM taken
       ON CONFLICT (partner_id, year, quarter) DO UPDATE SET amount = EXCLUDED.amount, as_of = EXCLUDED.as_of, taken_at = EXCLUDED.taken_at
         WHERE (s.amount, s.as_of) IS DISTINCT FROM (EXCLUDED.amount, EXCLUDED.as_of)
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM taken)::int AS partners, (SELECT count(*) FROM written)::int AS changed`,
      [year, quarter, asOf, takenAt],
    ),
    'Deal',
  )
  return { asOf, ...r }
}

type SnapshotRow = { quarter: number; cents: string; as_of: string; taken_at: Date }

/**
 * The partner's open approved pipeline at each quarter end of a year (quarters not yet ended are as at today),
 * and for ended quarters the snapshot that counts for the averagePipeline metric, when one was taken.
 */
export async function partnerPipeline(ctx: Ctx, partnerId: string, year: number): Promise<PartnerPipeline> {
  assertCan(ctx.actor, 'metrics:read')
  await getPartner(ctx, partnerId) // 404 for unknown and other companies' partners alike
  const today = dayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const snapshots = new Map(
      (
        await sql.query<SnapshotRow>(
          `SELECT quarter, (amount * 100)::bigint::text AS cents, as_of::text AS as_of, taken_at
         FROM partner_pipeline_snapshots WHERE partner_id = $1 AND year = $2`,
          [partnerId, year],
        )
      ).map((s) => [s.quarter, s]),
    )
    const quarters: PartnerPipeline['quarters'] = []
    for (const quarter of [1, 2, 3, 4]) {
      const end = quarterEnd(year, quarter)
      const asOf = end < today ? end : today
      if (asOf < `${year}-01-01`) continue
      const s = snapshots.get(quarter)
      quarters.push({
        quarter,
        asOf,
        openPipeline: await openPipelineAt(sql, partnerId, asOf),
        snapshot: s ? { amount: usd(BigInt(s.cents)), asOf: s.as_of, takenAt: s.taken_at.toISOString() } : null,
      })
    }
    return { partnerId, year, quarters }
  })
}
