import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { emit } from '../../core/events.ts'
import { usd, toCents } from '../../core/money.ts'
import { getPartner } from '../partners/partners.service.ts'
import type { MetricsInput, QuarterMetrics } from './metrics.contract.ts'
import { maybeRow, oneRow } from '../../core/db-rows.ts'
import { metricsConfirmed } from './program.events.ts'

type Row = {
  partner_id: string
  year: number
  quarter: number
  revenue: string
  active_customers: number
  pipeline: string
  joint_investments: string
  rebates: string
  marketing_funding: string
  funded_resources_amount: string
  funded_resources_ftes: string
  executive_sponsor: boolean
  gtm_categories: string[]
  status: QuarterMetrics['status']
  submitted_by: string | null
  confirmed_by: string | null
  confirmed_at: Date | null
  version: number
  updated_at: Date
}
const COLUMNS = `partner_id, year, quarter, revenue::text, active_customers, pipeline::text, joint_investments::text, rebates::text,
  marketing_funding::text, funded_resources_amount::text, funded_resources_ftes::text, executive_sponsor, gtm_categories, status,
  submitted_by, confirmed_by, confirmed_at, version, updated_at`

const money = (v: string) => usd(toCents(v))
const toMetrics = (r: Row): QuarterMetrics => ({
  partnerId: r.partner_id,
  year: r.year,
  quarter: r.quarter,
  revenue: money(r.revenue),
  activeCustomers: r.active_customers,
  pipeline: money(r.pipeline),
  jointInvestments: money(r.joint_investments),
  rebates: money(r.rebates),
  marketingFunding: money(r.marketing_funding),
  fundedResourcesAmount: money(r.funded_resources_amount),
  fundedResourcesFtes: Number(r.funded_resources_ftes),
  executiveSponsor: r.executive_sponsor,
  gtmCategories: r.gtm_categories,
  status: r.status,
  submittedBy: r.submitted_by,
  confirmedBy: r.confirmed_by,
  confirmedAt: r.confirmed_at?.toISOString() ?? null,
  version: r.version,
  updatedAt: r.updated_at.toISOString(),
})

/** A year's quarters of one partner, inside the caller's transaction (RLS scopes them too). */
export async function quartersOf(sql: Sql, partnerId: string, year: number): Promise<QuarterMetrics[]> {
  const rows = await sql.query<Row>(`SELECT ${COLUMNS} FROM partner_metrics WHERE partner_id = $1 AND year = $2 ORDER BY quarter`, [
    partnerId,
    year,
  ])
  return rows.map(toMetrics)
}

async function findQuarter(sql: Sql, partnerId: string, year: number, quarter: number, lock = false) {
  const rows = await sql.query<Row>(
    `SELECT ${COLUMNS} FROM partner_metrics WHERE partner_id = $1 AND year = $2 AND quarter = $3${lock ? ' FOR UPDATE' : ''}`,
    [partnerId, year, quarter],
  )
  const row = maybeRow(rows)
  return row ? toMetrics(row) : null
}

export async function listMetrics(ctx: Ctx, partnerId: string, year: number): Promise<QuarterMetrics[]> {
  await getPartner(ctx, partnerId) // 404 for unknown and other companies' partners alike
  assertCan(ctx.actor, 'metrics:read')
  return inTx(ctx, (sql) => quartersOf(sql, partnerId, year))
}

export async function getMetrics(ctx: Ctx, partnerId: string, year: number, quarter: number): Promise<QuarterMetrics> {
  await getPartner(ctx, partnerId)
  assertCan(ctx.actor, 'metrics:read')
  const found = await inTx(ctx, (sql) => findQuarter(sql, partnerId, year, quarter))
  if (!found) throw new AppError('METRICS_NOT_FOUND', `No metrics for ${year} Q${quarter}`)
  return found
}

/**
 * Records a quarter. A partner's own users submit (status `submitted`) and may not overwrite a quarter
 * internal staff confirmed; an internal editor's entry is confirmed by being entered.
 */
export async function putMetrics(ctx: Ctx, partnerId: string, year: number, quarter: number, input: MetricsInput): Promise<QuarterMetrics> {
  await getPartner(ctx, partnerId)
  assertCan(ctx.actor, 'metrics:submit')
  return inTx(ctx, (sql) => writeQuarter(ctx, sql, partnerId, year, quarter, input))
}

/** Solution categories as stored: trimmed, each once ignoring case (the first spelling kept), so their count is the array's length. */
export function distinctCategories(list: string[]): string[] {
  const seen = new Set<string>()
  return list.map((c) => c.trim()).filter((c) => c && !seen.has(c.toLowerCase()) && !!seen.add(c.toLowerCase()))
}

/** Writes one quarter inside the caller's transaction (shared by the API and the import). */
export async function writeQuarter(ctx: Ctx, sql: Sql, partnerId: string, year: number, quarter: number, input: MetricsInput) {
  const external = isExternal(ctx.actor!)
  const userId = ctx.actor!.userId || null
  const before = await findQuarter(sql, partnerId, year, quarter, true)
  if (external && before?.status === 'confirmed')
    throw new AppError('METRICS_CONFIRMED', `${year} Q${quarter} was confirmed by the integrator; ask your partner manager to change it`)
  const row = oneRow(
    await sql.query<Row>(
      `INSERT INTO partner_metrics (partner_id, year, quarter, revenue, active_customers, pipeline, joint_investments, rebates,
       marketing_funding, funded_resources_amount, funded_resources_ftes, executive_sponsor, gtm_categories, status,
       submitted_by, confirmed_by, confirmed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (partner_id, year, quarter) DO UPDATE SET revenue = $4, active_customers = $5, pipeline = $6,
       joint_investments = $7, rebates = $8, marketing_funding = $9, funded_resources_amount = $10, funded_resources_ftes = $11,
       executive_sponsor = $12, gtm_categories = $13, status = $14, submitted_by = $15, confirmed_by = $16, confirmed_at = $17,
       version = partner_metrics.version + 1, updated_at = now()
     RETURNING ${COLUMNS}`,
      [
        partnerId,
        year,
        quarter,
        input.revenue.amount,
        input.activeCustomers,
        input.pipeline.amount,
        input.jointInvestments.amount,
        input.rebates.amount,
        input.marketingFunding.amount,
        input.fundedResourcesAmount.amount,
        input.fundedResourcesFtes,
        input.executiveSponsor,
        distinctCategories(input.gtmCategories),
        external ? 'submitted' : 'confirmed',
        userId,
        external ? null : userId,
        external ? null : ctx.now(),
      ],
    ),
    'Partner metric',
  )
  const after = toMetrics(row)
  await audit(ctx, sql, {
    entity: 'partner_metrics',
    entityId: `${partnerId}/${year}/${quarter}`,
    action: before ? 'update' : 'submit',
    partnerId,
    before: before ?? undefined,
    after,
  })
  return after
}

/** Internal staff confirm a partner's submitted quarter; confirming a confirmed quarter changes nothing. */
export async function confirmMetrics(ctx: Ctx, partnerId: string, year: number, quarter: number): Promise<QuarterMetrics> {
  await getPartner(ctx, partnerId)
  assertCan(ctx.actor, 'metrics:confirm')
  return inTx(ctx, async (sql) => {
    const before = await findQuarter(sql, partnerId, year, quarter, true)
    if (!before) throw new AppError('METRICS_NOT_FOUND', `No metrics for ${year} Q${quarter}`)
    if (before.status === 'confirmed') return before
    const row = oneRow(
      await sql.query<Row>(
        `UPDATE partner_metrics SET status = 'confirmed', confirmed_by = $4, confirmed_at = $5, version = version + 1, updated_at = now()
       WHERE partner_id = $1 AND year = $2 AND quarter = $3 RETURNING ${COLUMNS}`,
        [partnerId, year, quarter, ctx.actor!.userId || null, ctx.now()],
      ),
      'Partner metric',
    )
    const after = toMetrics(row)
    await audit(ctx, sql, {
      entity: 'partner_metrics',
      entityId: `${partnerId}/${year}/${quarter}`,
      action: 'confirm',
      partnerId,
      before,
      after,
    })
    await emit(ctx, sql, metricsConfirmed, { partnerId, year, quarter, submittedBy: after.submittedBy })
    return after
  })
}
