import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, readAlongside, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { existingPartnerIds } from '../partners/partners.service.ts'
import {
  figuresOfRow,
  findYear,
  loadGuidelines,
  planOf,
  quartersText,
  tierOf,
  yearFiguresInBatches,
  type FiguresRow,
  type Plan,
} from '../program/index.ts'
import { DEFAULT_RULE } from '../program/evaluation.service.ts'
import { lockYearForReview } from '../program/program.service.ts'
import { movementOf, type ReviewCycle, type StartReviewInput, type StartReviewResult } from './reviews.contract.ts'
import { findCycle, listCycleRows, openCycle } from './reviews.queries.ts'
import { oneRow } from '../../core/db-rows.ts'

/** Partners per batch: one statement writes their recommendations. */
export const BATCH = 2500
export type Progress = (done: number, total: number) => void

export async function listReviews(ctx: Ctx): Promise<ReviewCycle[]> {
  assertCan(ctx.actor, 'reviews:read')
  return inTx(ctx, listCycleRows)
}

export async function getReview(ctx: Ctx, id: string): Promise<ReviewCycle> {
  assertCan(ctx.actor, 'reviews:read')
  return inTx(ctx, (sql) => findCycle(sql, id))
}

const field = (path: string, message: string, code: 'VALIDATION_FAILED' | 'CONFLICT' | 'PROGRAM_YEAR_LOCKED' = 'VALIDATION_FAILED') =>
  new AppError(code, message, { errors: [{ path, message }] })

/**
 * Starts a review cycle and evaluates every partner in scope, in one transaction. Starting the annual
 * review of a year that has an open one re-evaluates that cycle instead (idempotent: unchanged
 * evaluations write nothing).
 */
export async function startReview(
  ctx: Ctx,
  input: StartReviewInput,
  onProgress?: Progress,
): Promise<StartReviewResult & { created: boolean }> {
  assertCan(ctx.actor, 'reviews:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    await sql.query("SELECT pg_advisory_xact_lock(hashtext('review_cycles'))")
    const year = await findYear(sql, input.year).catch((e: AppError) => {
      throw e.code === 'PROGRAM_YEAR_NOT_FOUND' ? field('year', `There is no program year ${input.year}`) : e
    })
    if (year.status === 'draft')
      throw field('year', `Program year ${input.year} is a draft; activate it before reviewing against it`, 'CONFLICT')
    if (input.kind === 'annual' && year.status === 'locked')
      throw field('year', `Program year ${input.year} is locked: its annual review is finished`, 'PROGRAM_YEAR_LOCKED')
    if (input.partnerIds) {
      const known = await existingPartnerIds(sql, input.partnerIds)
      const errors = input.partnerIds.flatMap((id, i) => (known.has(id) ? [] : [{ path: `partnerIds.${i}`, message: 'Unknown partner' }]))
      if (errors.length) throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors })
    }
    const rule = input.rule ?? DEFAULT_RULE
    const [existing] =
      input.kind === 'annual'
        ? await sql.query<{ id: string }>("SELECT id FROM review_cycles WHERE year = $1 AND kind = 'annual' AND status = 'open'", [
            input.year,
          ])
        : []
    if (existing && (await findCycle(sql, existing.id)).rule !== rule)
      throw field('rule', `The open annual review of ${input.year} uses the other rule; finish it first`, 'CONFLICT')
    const id =
      existing?.id ??
      oneRow(
        await sql.query<{ id: string }>(
          'INSERT INTO review_cycles (year, kind, rule, scope, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [input.year, input.kind, rule, input.partnerIds ? [...new Set(input.partnerIds)] : null, actor.userId || null, ctx.now()],
        ),
        'Review cycle',
      ).id
    const run = await evaluateCycle(ctx, sql, await findCycle(sql, id), onProgress)
    if (!existing) await audit(ctx, sql, { entity: 'review_cycle', entityId: id, action: 'create', after: { ...input, rule, ...run } })
    return { ...(await findCycle(sql, id)), ...run, created: !existing }
  })
}

/** Re-evaluates an open cycle: recommendations follow the partners' current metrics and tiers. */
export async function reevaluateReview(ctx: Ctx, id: string, onProgress?: Progress): Promise<StartReviewResult> {
  assertCan(ctx.actor, 'reviews:manage')
  return inTx(ctx, async (sql) => {
    const run = await evaluateCycle(ctx, sql, await openCycle(sql, id), onProgress)
    return { ...(await findCycle(sql, id)), ...run }
  })
}

// What a recommendation records, in the order the batch arrays are sent: the run's view of the partner,
// the recommendation, and the evidence (the year's figures, quarters and waivers that were evaluated).
const COLUMNS = [
  'current_tier',
  'recommended_tier',
  'movement',
  'revenue',
  'active_customers',
  'average_pipeline',
  'joint_investments',
  'rebates',
  'marketing_funding',
  'funded_resources_amount',
  'funded_resources_ftes',
  'executive_sponsor',
  'gtm_categories',
  'quarters',
  'unconfirmed_quarters',
  'pipeline_from_deals',
  'waived_keys',
  'waived_reasons',
]
const list = (prefix: string) => COLUMNS.map((c) => prefix + c).join(', ')

/**
 * One batch of recommendations from parallel arrays (waivers as separate partner/key/reason arrays, as
 * few partners have any). A row whose content is unchanged is left alone, so an unchanged re-run writes
 * nothing; the count is of rows written.
 */
const UPSERT = `WITH w AS (
    SELECT p, array_agg(k ORDER BY k) AS keys, array_agg(r ORDER BY k) AS reasons FROM unnest($21::uuid[], $22::text[], $23::text[]) AS x(p, k, r) GROUP BY p
  ), written AS (
    INSERT INTO review_recommendations AS r (cycle_id, partner_id, rule, evaluated_at, ${list('')})
    SELECT $1, u.id, $2, $3, u.current, u.recommended, u.movement, u.revenue, u.customers, u.pipeline, u.joint, u.rebates, u.marketing,
      u.funded, u.ftes, u.sponsor, u.categories, u.quarters::integer[], u.unconfirmed::integer[], u.from_deals::integer[], coalesce(w.keys, '{}'),
      coalesce(w.reasons, '{}')
    FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::numeric[], $9::integer[], $10::numeric[], $11::numeric[], $12::numeric[],
        $13::numeric[], $14::numeric[], $15::numeric[], $16::boolean[], $17::integer[], $18::text[], $19::text[], $20::text[])
      AS u(id, current, recommended, movement, revenue, customers, pipeline, joint, rebates, marketing, funded, ftes, sponsor, categories, quarters,
        unconfirmed, from_deals)
    LEFT JOIN w ON w.p = u.id
    ON CONFLICT (cycle_id, partner_id) DO UPDATE SET (evaluated_at, ${list('')}) = (EXCLUDED.evaluated_at, ${list('EXCLUDED.')})
      WHERE (${list('r.')}) IS DISTINCT FROM (${list('EXCLUDED.')})
    RETURNING 1
  ) SELECT count(*)::int AS n FROM written`

const BATCH_COLUMNS = [
  'ids',
  'current',
  'recommended',
  'movement',
  'revenue',
  'customers',
  'pipeline',
  'joint',
  'rebates',
  'marketing',
  'funded',
  'ftes',
  'sponsor',
  'categories',
  'quarters',
  'unconfirmed',
  'fromDeals',
] as const

/**
 * A batch's parameters ($4…$23): each recommendation column as one array, then the waivers as partner, key
 * and reason arrays. The column arrays are written as PostgreSQL array text directly — ids, two-decimal
 * amounts, numbers, booleans, tier words and quarter lists never need escaping — and the figures go back
 * as the query gave them; only the waivers' free text goes through the driver.
 */
function batchParams(plan: Plan, rows: FiguresRow[]): unknown[] {
  const c = Object.fromEntries(BATCH_COLUMNS.map((name) => [name, [] as string[]])) as Record<(typeof BATCH_COLUMNS)[number], string[]>
  const waivers = { partners: [] as string[], keys: [] as string[], reasons: [] as string[] }
  for (const r of rows) {
    const tier = tierOf(plan, figuresOfRow(r), r.waived_keys ? new Set(r.waived_keys) : undefined)
    c.ids.push(r.partner_id)
    c.current.push(r.tier ?? 'NULL')
    c.recommended.push(tier ?? 'NULL')
    c.movement.push(movementOf(r.tier, tier))
    c.revenue.push(r.revenue ?? '0.00')
    c.customers.push(String(r.active_customers ?? 0))
    c.pipeline.push(r.average_pipeline ?? '0.00')
    c.joint.push(r.joint_investments ?? '0.00')
    c.rebates.push(r.rebates ?? '0.00')
    c.marketing.push(r.marketing_funding ?? '0.00')
    c.funded.push(r.funded_amount ?? '0.00')
    c.ftes.push(r.ftes ?? '0')
    c.sponsor.push(r.sponsor ? 't' : 'f')
    c.categories.push(String(r.categories ?? 0))
    c.quarters.push(`"${quartersText(r.quarters)}"`)
    c.unconfirmed.push(`"${quartersText(r.unconfirmed)}"`)
    c.fromDeals.push(r.from_deals ? `"{${r.from_deals.join(',')}}"` : '"{}"')
    r.waived_keys?.forEach((key, i) => {
      waivers.partners.push(r.partner_id)
      waivers.keys.push(key)
      waivers.reasons.push(r.waived_reasons?.[i] ?? '')
    })
  }
  return [...BATCH_COLUMNS.map((name) => `{${c[name].join(',')}}`), waivers.partners, waivers.keys, waivers.reasons]
}

/**
 * Evaluates a cycle's partners and upserts one recommendation each. The figures of every partner in
 * scope come from one aggregate query; each partner's tier comes from the lean `tierOf` (the same rules
 * as the explained evaluation, without the wording, which is derived when a recommendation is read).
 * Each batch is written while the next one is evaluated; unchanged rows are not rewritten.
 */
async function evaluateCycle(ctx: Ctx, sql: Sql, cycle: ReviewCycle, onProgress?: Progress) {
  const plan = planOf(await loadGuidelines(sql, cycle.year), cycle.rule)
  const scope = cycle.partnerIds ? { ids: cycle.partnerIds } : { statuses: ['active', 'onboarding', 'suspended'] }
  // The figures are read beside this transaction (same snapshot, another connection where there is one),
  // so the database aggregates the next batch while it writes the last one.
  const { done, changed } = await readAlongside(ctx, sql, async (reader) => {
    const { total, batches } = await yearFiguresInBatches(reader, cycle.year, scope, BATCH)
    let [done, changed] = [0, 0]
    let writing: Promise<number> | null = null
    onProgress?.(0, total)
    for await (const rows of batches) {
      const params = [cycle.id, cycle.rule, ctx.now(), ...batchParams(plan, rows)]
      if (writing) changed += await writing
      writing = sql.query<{ n: number }>(UPSERT, params).then((r) => oneRow(r, 'Upsert count').n)

      done += rows.length
      onProgress?.(done, total)
    }
    if (writing) changed += await writing
    return { done, changed }
  })
  if (changed || cycle.guidelinesChanged) {
    await sql.query(
      'UPDATE review_cycles SET evaluated_at = $2, guidelines_version = (SELECT version FROM program_years WHERE year = $3) WHERE id = $1',
      [cycle.id, ctx.now(), cycle.year],
    )
  }
  if (changed)
    await audit(ctx, sql, { entity: 'review_cycle', entityId: cycle.id, action: 'evaluate', after: { evaluated: done, changed } })
  return { evaluated: done, changed }
}

/** Finishes a cycle: no more evaluations or decisions; an annual review locks its program year. */
export async function finishReview(ctx: Ctx, id: string): Promise<ReviewCycle> {
  assertCan(ctx.actor, 'reviews:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const before = await openCycle(sql, id)
    await sql.query("UPDATE review_cycles SET status = 'finished', finished_by = $2, finished_at = $3 WHERE id = $1", [
      id,
      actor.userId || null,
      ctx.now(),
    ])
    if (before.kind === 'annual') await lockYearForReview(ctx, sql, before.year)
    const after = await findCycle(sql, id)
    await audit(ctx, sql, { entity: 'review_cycle', entityId: id, action: 'finish', before, after })
    return after
  })
}
