import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError, type FieldError } from '../../core/errors.ts'
import { getPartner } from '../partners/partners.service.ts'
import type { Provider, Requirements, Subscription, SubscriptionInput } from './safety.contract.ts'
import { reassess } from './gaps.sync.ts'
import { providerOf, providers, requirements, whoOf, type Who } from './safety.queries.ts'
import { todayOf } from '../../core/dates.ts'

const invalid = (errors: FieldError[]) => new AppError('VALIDATION_FAILED', 'Validation failed', { errors })

/** Checks a grade or score against its provider's way of grading; returns the field errors. */
export function checkGrade(provider: Provider, input: { grade?: string | null; score?: number | null }): FieldError[] {
  if (provider.grading === 'letter') {
    if (input.score != null) return [{ path: 'score', message: `${provider.name} gives a letter grade, not a percentage` }]
    if (input.grade != null && !provider.grades.includes(input.grade.toUpperCase()))
      return [{ path: 'grade', message: `${provider.name} grades are ${provider.grades.join(', ')}` }]
  } else if (input.grade != null) return [{ path: 'grade', message: `${provider.name} gives a percentage score, not a letter grade` }]
  return []
}

export async function readSubscription(sql: Sql, partnerId: string): Promise<Subscription | null> {
  const rows = await sql.query<{
    provider_key: string
    provider_name: string
    account_id: string | null
    status: Subscription['status']
    grade: string | null
    score: string | null
    provider_updated_on: string | null
    updated_by: Who
    updated_at: Date
  }>(
    `SELECT s.provider_key, p.name AS provider_name, s.account_id, s.status, s.grade, s.score::text, s.provider_updated_on::text,
       ${whoOf('s.updated_by')} AS updated_by, s.updated_at
     FROM safety_subscriptions s JOIN safety_providers p ON p.key = s.provider_key WHERE s.partner_id = $1`,
    [partnerId],
  )
  const r = rows[0]
  return r
    ? {
        providerKey: r.provider_key,
        providerName: r.provider_name,
        accountId: r.account_id,
        status: r.status,
        grade: r.grade,
        score: r.score,
        providerUpdatedOn: r.provider_updated_on,
        updatedBy: r.updated_by,
        updatedAt: r.updated_at.toISOString(),
      }
    : null
}

export async function getSubscription(ctx: Ctx, partnerId: string): Promise<Subscription | null> {
  assertCan(ctx.actor, 'safety:read')
  await getPartner(ctx, partnerId)
  return inTx(ctx, (sql) => readSubscription(sql, partnerId))
}

/**
 * Writes a partner's subscription inside the caller's transaction (entry by hand and import alike) and
 * re-assesses its gaps. Returns whether anything changed, so a re-import of the same file changes nothing.
 */
export async function writeSubscription(ctx: Ctx, sql: Sql, partnerId: string, input: SubscriptionInput): Promise<boolean> {
  const provider = await providerOf(sql, input.providerKey ?? null)
  const errors = checkGrade(provider, input)
  if (input.providerUpdatedOn && input.providerUpdatedOn > todayOf(ctx.now()))
    errors.push({ path: 'providerUpdatedOn', message: 'The date is in the future' })
  if (errors.length) throw invalid(errors)
  const next = {
    providerKey: provider.key,
    accountId: input.accountId?.trim() || null,
    status: input.status,
    grade: input.grade?.toUpperCase() ?? null,
    score: input.score == null ? null : input.score.toFixed(2),
    providerUpdatedOn: input.providerUpdatedOn ?? null,
  }
  const before = await readSubscription(sql, partnerId)
  const same =
    before &&
    before.providerKey === next.providerKey &&
    before.accountId === next.accountId &&
    before.status === next.status &&
    before.grade === next.grade &&
    before.score === next.score &&
    before.providerUpdatedOn === next.providerUpdatedOn
  if (same) return false
  if (next.accountId) {
    const taken = await sql.query(
      'SELECT 1 FROM safety_subscriptions WHERE provider_key = $1 AND lower(account_id) = lower($2) AND partner_id <> $3',
      [next.providerKey, next.accountId, partnerId],
    )
    if (taken.length) throw invalid([{ path: 'accountId', message: `Another partner has ${provider.name} account ${next.accountId}` }])
  }
  await sql.query(
    `INSERT INTO safety_subscriptions (partner_id, provider_key, account_id, status, grade, score, provider_updated_on, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (partner_id) DO UPDATE SET provider_key = $2, account_id = $3, status = $4, grade = $5, score = $6,
       provider_updated_on = $7, updated_by = $8, updated_at = $9, version = safety_subscriptions.version + 1`,
    [
      partnerId,
      next.providerKey,
      next.accountId,
      next.status,
      next.grade,
      next.score,
      next.providerUpdatedOn,
      ctx.actor?.userId || null,
      ctx.now(),
    ],
  )
  await audit(ctx, sql, { entity: 'safety_subscription', entityId: partnerId, action: 'set', partnerId, before, after: next })
  await reassess(ctx, sql, [partnerId])
  return true
}

export async function setSubscription(ctx: Ctx, partnerId: string, input: SubscriptionInput): Promise<Subscription> {
  assertCan(ctx.actor, 'safety:manage')
  await getPartner(ctx, partnerId)
  return inTx(ctx, async (sql) => {
    await writeSubscription(ctx, sql, partnerId, input)
    const s = await readSubscription(sql, partnerId)
    if (!s) throw new AppError('INTERNAL', 'The subscription was not stored')
    return s
  })
}

export async function listProviders(ctx: Ctx): Promise<Provider[]> {
  assertCan(ctx.actor, 'safety:read')
  return inTx(ctx, (sql) => providers(sql))
}

/** Adds or changes a provider (its grading, passing grade or pass mark) and re-assesses every partner. */
export async function putProvider(
  ctx: Ctx,
  input: {
    key: string
    name: string
    grading: 'letter' | 'percentage'
    grades?: string[]
    passingGrade?: string | null
    passMark?: number | null
  },
): Promise<Provider> {
  assertCan(ctx.actor, 'safety:manage')
  const grades = (input.grades ?? []).map((g) => g.toUpperCase())
  const errors: FieldError[] = []
  if (input.grading === 'letter') {
    if (!grades.length) errors.push({ path: 'grades', message: 'List the grades, best first' })
    if (!input.passingGrade || !grades.includes(input.passingGrade.toUpperCase()))
      errors.push({ path: 'passingGrade', message: 'The passing grade must be one of the grades' })
  } else if (input.passMark == null) errors.push({ path: 'passMark', message: 'Give the pass mark (a percentage)' })
  if (errors.length) throw invalid(errors)
  return inTx(ctx, async (sql) => {
    await sql.query(
      `INSERT INTO safety_providers (key, name, grading, grades, passing_grade, pass_mark) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (key) DO UPDATE SET name = $2, grading = $3, grades = $4, passing_grade = $5, pass_mark = $6`,
      [
        input.key,
        input.name,
        input.grading,
        input.grading === 'letter' ? grades : [],
        input.grading === 'letter' ? input.passingGrade!.toUpperCase() : null,
        input.grading === 'percentage' ? input.passMark!.toFixed(2) : null,
      ],
    )
    await audit(ctx, sql, { entity: 'safety_provider', entityId: input.key, action: 'set', after: input })
    await reassess(ctx, sql, null)
    return providerOf(sql, input.key)
  })
}

export async function getRequirements(ctx: Ctx): Promise<Requirements> {
  assertCan(ctx.actor, 'safety:read')
  return inTx(ctx, (sql) => requirements(sql))
}

export async function putRequirements(
  ctx: Ctx,
  input: Omit<Requirements, 'version' | 'updatedAt' | 'maxEmr' | 'maxTrir' | 'maxDart'> & {
    maxEmr: number
    maxTrir: number
    maxDart: number
  },
): Promise<Requirements> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  const types = input.insurance.map((i) => i.type)
  const dup = types.findIndex((t, i) => types.indexOf(t) !== i)
  if (dup >= 0) throw invalid([{ path: `insurance.${dup}.type`, message: 'Each insurance type once' }])
  return inTx(ctx, async (sql) => {
    const before = await requirements(sql)
    await sql.query(
      `UPDATE safety_requirements SET insurance = $1, max_emr = $2, max_trir = $3, max_dart = $4, statistics_max_age_years = $5,
         require_written_program = $6, provider_update_max_age_days = $7, version = version + 1, updated_by = $8, updated_at = $9 WHERE id = 1`,
      [
        JSON.stringify(input.insurance),
        input.maxEmr,
        input.maxTrir,
        input.maxDart,
        input.statisticsMaxAgeYears,
        input.requireWrittenProgram,
        input.providerUpdateMaxAgeDays,
        actor.userId || null,
        ctx.now(),
      ],
    )
    const after = await requirements(sql)
    await audit(ctx, sql, { entity: 'safety_requirements', entityId: '1', action: 'update', before, after })
    await reassess(ctx, sql, null)
    return after
  })
}
