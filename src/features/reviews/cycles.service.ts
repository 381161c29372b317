import { createHash } from 'node:crypto'
import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { existingPartnerIds } from '../partners/partners.service.ts'
import { evaluatePartner } from '../program/evaluation.batch.ts'
import type { PartnerEvaluation } from '../program/evaluation.contract.ts'
import { findYear, loadGuidelines } from '../program/guidelines.queries.ts'
import { yearFigures, type YearFigures } from '../program/metrics.aggregate.ts'
import { DEFAULT_RULE } from '../program/evaluation.service.ts'
import { lockYearForReview } from '../program/program.service.ts'
import { movementOf, type ReviewCycle, type StartReviewInput, type StartReviewResult } from './reviews.contract.ts'
import { findCycle, listCycleRows, openCycle } from './reviews.queries.ts'

/** Partners per batch: one statement writes their recommendations. */
export const BATCH = 5000
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
export async function startReview(ctx: Ctx, input: StartReviewInput, onProgress?: Progress): Promise<StartReviewResult & { created: boolean }> {
  assertCan(ctx.actor, 'reviews:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    await sql.query("SELECT pg_advisory_xact_lock(hashtext('review_cycles'))")
    const year = await findYear(sql, input.year).catch((e: AppError) => {
      throw e.code === 'PROGRAM_YEAR_NOT_FOUND' ? field('year', `There is no program year ${input.year}`) : e
    })
    if (year.status === 'draft') throw field('year', `Program year ${input.year} is a draft; activate it before reviewing against it`, 'CONFLICT')
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
        ? await sql.query<{ id: string }>("SELECT id FROM review_cycles WHERE year = $1 AND kind = 'annual' AND status = 'open'", [input.year])
        : []
    if (existing && (await findCycle(sql, existing.id)).rule !== rule)
      throw field('rule', `The open annual review of ${input.year} uses the other rule; finish it first`, 'CONFLICT')
    const id =
      existing?.id ??
      (
        await sql.query<{ id: string }>(
          'INSERT INTO review_cycles (year, kind, rule, scope, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [input.year, input.kind, rule, input.partnerIds ? [...new Set(input.partnerIds)] : null, actor.userId || null, ctx.now()],
        )
      )[0].id
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

const UPSERT = `INSERT INTO review_recommendations AS r (cycle_id, partner_id, legal_name, current_tier, recommended_tier, rule, movement,
    summary, evidence, content_hash, evaluated_at)
  SELECT $1, u.partner_id, u.legal_name, u.current_tier, u.recommended_tier, $2, u.movement, u.summary, u.evidence, u.content_hash, $3
  FROM jsonb_to_recordset($4::jsonb) AS u(partner_id uuid, legal_name text, current_tier text, recommended_tier text, movement text,
    summary text, evidence jsonb, content_hash text)
  ON CONFLICT (cycle_id, partner_id) DO UPDATE SET legal_name = EXCLUDED.legal_name, current_tier = EXCLUDED.current_tier,
    recommended_tier = EXCLUDED.recommended_tier, rule = EXCLUDED.rule, movement = EXCLUDED.movement, summary = EXCLUDED.summary,
    evidence = EXCLUDED.evidence, content_hash = EXCLUDED.content_hash, evaluated_at = EXCLUDED.evaluated_at`

/**
 * Evaluates a cycle's partners and upserts one recommendation each. The figures of every partner in
 * scope come from one aggregate query; a recommendation whose content (hashed) is unchanged is not
 * sent at all, so a re-run over unchanged data changes nothing (not even the audit log). Each batch
 * is written while the next one is evaluated.
 */
async function evaluateCycle(ctx: Ctx, sql: Sql, cycle: ReviewCycle, onProgress?: Progress) {
  const figures = await yearFigures(sql, cycle.year, cycle.partnerIds ? { ids: cycle.partnerIds } : { statuses: ['active', 'onboarding', 'suspended'] })
  const g = await loadGuidelines(sql, cycle.year)
  const stored = new Map(
    (await sql.query<{ partner_id: string; content_hash: string | null }>(
      'SELECT partner_id, content_hash FROM review_recommendations WHERE cycle_id = $1', [cycle.id],
    )).map((r) => [r.partner_id, r.content_hash]),
  )
  let changed = 0
  let writing: Promise<number> | null = null
  onProgress?.(0, figures.length)
  for (let i = 0; i < figures.length; i += BATCH) {
    const rows: string[] = []
    for (const fig of figures.slice(i, i + BATCH)) {
      const json = JSON.stringify(recommendationOf(fig, evaluatePartner(g, cycle.rule, fig)))
      const hash = createHash('sha1').update(json).digest('base64url')
      if (stored.get(fig.partnerId) === hash) continue
      rows.push(`{"content_hash":"${hash}",${json.slice(1)}`)
    }
    if (writing) changed += await writing
    writing = rows.length ? sql.query(UPSERT, [cycle.id, cycle.rule, ctx.now(), `[${rows.join(',')}]`]).then(() => rows.length) : null
    onProgress?.(Math.min(i + BATCH, figures.length), figures.length)
  }
  if (writing) changed += await writing
  if (changed) {
    await sql.query('UPDATE review_cycles SET evaluated_at = $2 WHERE id = $1', [cycle.id, ctx.now()])
    await audit(ctx, sql, { entity: 'review_cycle', entityId: cycle.id, action: 'evaluate', after: { evaluated: figures.length, changed } })
  }
  return { evaluated: figures.length, changed }
}

/**
 * A recommendation row (hashed as a whole to tell changed ones). The evidence keeps the figures,
 * waivers and the gaps to the next tier; the per-criterion table and category summary are derived
 * again on read, and the tier, rule and summary are the row's own columns.
 */
const recommendationOf = (fig: YearFigures, e: PartnerEvaluation) => ({
  partner_id: fig.partnerId, legal_name: fig.legalName, current_tier: fig.tier, recommended_tier: e.tier,
  movement: movementOf(fig.tier, e.tier), summary: e.summary,
  evidence: { inputs: e.inputs, quarters: e.quarters, unconfirmedQuarters: e.unconfirmedQuarters, waivers: e.waivers, tiers: e.tiers, nextTier: e.nextTier, gaps: e.gaps },
})

/** Finishes a cycle: no more evaluations or decisions; an annual review locks its program year. */
export async function finishReview(ctx: Ctx, id: string): Promise<ReviewCycle> {
  assertCan(ctx.actor, 'reviews:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const before = await openCycle(sql, id)
    await sql.query("UPDATE review_cycles SET status = 'finished', finished_by = $2, finished_at = $3 WHERE id = $1", [
      id, actor.userId || null, ctx.now(),
    ])
    if (before.kind === 'annual') await lockYearForReview(ctx, sql, before.year)
    const after = await findCycle(sql, id)
    await audit(ctx, sql, { entity: 'review_cycle', entityId: id, action: 'finish', before, after })
    return after
  })
}
