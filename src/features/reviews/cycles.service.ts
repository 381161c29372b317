import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { existingPartnerIds, partnersForReview } from '../partners/partners.service.ts'
import { batchEvaluator } from '../program/evaluation.batch.ts'
import { findYear } from '../program/guidelines.queries.ts'
import { DEFAULT_RULE } from '../program/evaluation.service.ts'
import { lockYearForReview } from '../program/program.service.ts'
import { movementOf, type ReviewCycle, type StartReviewInput, type StartReviewResult } from './reviews.contract.ts'
import { findCycle, listCycleRows, openCycle } from './reviews.queries.ts'

/** Partners per batch: one query loads their metrics, one statement writes their recommendations. */
export const BATCH = 2000
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
    summary, evidence, evaluated_at)
  SELECT $1, u.partner_id, u.legal_name, u.current_tier, u.recommended_tier, $2, u.movement, u.summary, u.evidence, $3
  FROM jsonb_to_recordset($4::jsonb) AS u(partner_id uuid, legal_name text, current_tier text, recommended_tier text, movement text,
    summary text, evidence jsonb)
  ON CONFLICT (cycle_id, partner_id) DO UPDATE SET legal_name = EXCLUDED.legal_name, current_tier = EXCLUDED.current_tier,
    recommended_tier = EXCLUDED.recommended_tier, rule = EXCLUDED.rule, movement = EXCLUDED.movement, summary = EXCLUDED.summary,
    evidence = EXCLUDED.evidence, evaluated_at = EXCLUDED.evaluated_at
  WHERE (r.legal_name, r.current_tier, r.recommended_tier, r.rule, r.movement, r.summary, r.evidence)
    IS DISTINCT FROM (EXCLUDED.legal_name, EXCLUDED.current_tier, EXCLUDED.recommended_tier, EXCLUDED.rule, EXCLUDED.movement,
      EXCLUDED.summary, EXCLUDED.evidence)
  RETURNING partner_id`

/**
 * Evaluates a cycle's partners in batches and upserts one recommendation each; a row whose content is
 * unchanged is not written, so a re-run over unchanged data changes nothing (not even the audit log).
 */
async function evaluateCycle(ctx: Ctx, sql: Sql, cycle: ReviewCycle, onProgress?: Progress) {
  const partners = await partnersForReview(sql, cycle.partnerIds ? { ids: cycle.partnerIds } : { statuses: ['active', 'onboarding', 'suspended'] })
  const evaluator = await batchEvaluator(sql, cycle.year, cycle.rule)
  let changed = 0
  onProgress?.(0, partners.length)
  for (let i = 0; i < partners.length; i += BATCH) {
    const batch = partners.slice(i, i + BATCH)
    const evaluations = await evaluator.evaluate(batch.map((p) => p.id))
    const rows = batch.map((p) => {
      // Evidence keeps the outcome and its inputs; the per-criterion table is derived again on read.
      const { criteria: _c, categories: _k, ...e } = evaluations.get(p.id)!
      return {
        partner_id: p.id, legal_name: p.legalName, current_tier: p.tier, recommended_tier: e.tier, movement: movementOf(p.tier, e.tier),
        summary: e.summary, evidence: e,
      }
    })
    changed += (await sql.query(UPSERT, [cycle.id, cycle.rule, ctx.now(), JSON.stringify(rows)])).length
    onProgress?.(Math.min(i + BATCH, partners.length), partners.length)
  }
  if (changed) {
    await sql.query('UPDATE review_cycles SET evaluated_at = $2 WHERE id = $1', [cycle.id, ctx.now()])
    await audit(ctx, sql, { entity: 'review_cycle', entityId: cycle.id, action: 'evaluate', after: { evaluated: partners.length, changed } })
  }
  return { evaluated: partners.length, changed }
}

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
