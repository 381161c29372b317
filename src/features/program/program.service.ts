import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { findYear, listYearRows, loadBenefits, loadCriteria, loadYear } from './guidelines.queries.ts'
import { thresholdRows } from './thresholds.ts'
import {
  tiers,
  type Benefit,
  type BenefitLevel,
  type BenefitPatch,
  type Criterion,
  type CriterionKey,
  type CriterionPatch,
  type ProgramYear,
  type ProgramYearPatch,
  type ProgramYearSummary,
} from './program.contract.ts'

export async function listYears(ctx: Ctx): Promise<ProgramYearSummary[]> {
  assertCan(ctx.actor, 'program:read')
  return inTx(ctx, listYearRows)
}

export async function getYear(ctx: Ctx, year: number): Promise<ProgramYear> {
  assertCan(ctx.actor, 'program:read')
  return inTx(ctx, (sql) => loadYear(sql, year))
}

const statusFlow: Record<ProgramYearSummary['status'], readonly ProgramYearSummary['status'][]> = {
  draft: ['active'],
  active: ['locked'],
  locked: [],
}

/** Copies a year's guidelines, rule settings and benefits matrix to the next year, as a draft. */
export async function copyYear(ctx: Ctx, year: number): Promise<ProgramYear> {
  assertCan(ctx.actor, 'program:manage')
  const next = year + 1
  return inTx(ctx, async (sql) => {
    await findYear(sql, year)
    const taken = await sql.query('SELECT 1 FROM program_years WHERE year = $1', [next])
    if (taken.length) throw new AppError('PROGRAM_YEAR_EXISTS', `Program year ${next} exists already`)
    await sql.query(
      `INSERT INTO program_years (year, status, must_pass, category_ratio, copied_from)
       SELECT $2, 'draft', must_pass, category_ratio, year FROM program_years WHERE year = $1`,
      [year, next],
    )
    await sql.query(
      `INSERT INTO program_criteria (year, key, category, label, unit, position)
       SELECT $2, key, category, label, unit, position FROM program_criteria WHERE year = $1`,
      [year, next],
    )
    await sql.query(
      `INSERT INTO program_thresholds (year, criterion_key, tier, rule, minimum, typical, text)
       SELECT $2, criterion_key, tier, rule, minimum, typical, text FROM program_thresholds WHERE year = $1`,
      [year, next],
    )
    await sql.query(
      `INSERT INTO program_benefits (year, key, grp, label, position)
       SELECT $2, key, grp, label, position FROM program_benefits WHERE year = $1`,
      [year, next],
    )
    await sql.query(
      `INSERT INTO program_benefit_levels (year, benefit_key, tier, level, role_name, text, meaning)
       SELECT $2, benefit_key, tier, level, role_name, text, meaning FROM program_benefit_levels WHERE year = $1`,
      [year, next],
    )
    const copy = await loadYear(sql, next)
    await audit(ctx, sql, { entity: 'program_year', entityId: String(next), action: 'copy', after: { copiedFrom: year, ...copy } })
    return copy
  })
}

/** Changes a year's status (draft → active → locked) or holistic-rule settings; a locked year is read-only. */
export async function updateYear(ctx: Ctx, year: number, patch: ProgramYearPatch): Promise<ProgramYearSummary> {
  assertCan(ctx.actor, 'program:manage')
  return inTx(ctx, async (sql) => {
    const before = await findYear(sql, year, true)
    if (before.status === 'locked') throw new AppError('PROGRAM_YEAR_LOCKED', `Program year ${year} is locked (read-only)`)
    const status = patch.status ?? before.status
    if (status !== before.status && !statusFlow[before.status].includes(status))
      throw new AppError('INVALID_TRANSITION', `A program year cannot go from ${before.status} to ${status}`, {
        errors: [{ path: 'status', message: `Allowed from ${before.status}: ${statusFlow[before.status].join(', ')}` }],
      })
    await sql.query(
      `UPDATE program_years SET status = $2, must_pass = $3, category_ratio = $4, version = version + 1, updated_at = now() WHERE year = $1`,
      [
        year,
        status,
        patch.mustPass ? [...new Set(patch.mustPass)] : before.rule.mustPass,
        patch.categoryRatio ?? before.rule.categoryRatio,
      ],
    )
    const after = await findYear(sql, year)
    await audit(ctx, sql, { entity: 'program_year', entityId: String(year), action: 'update', before, after })
    return after
  })
}

/** Edits one criterion of a year: category, label, and the whole threshold table (all four tiers). */
export async function updateCriterion(ctx: Ctx, year: number, key: CriterionKey, patch: CriterionPatch): Promise<Criterion> {
  assertCan(ctx.actor, 'program:manage')
  return inTx(ctx, async (sql) => {
    const y = await findYear(sql, year, true)
    if (y.status === 'locked') throw new AppError('PROGRAM_YEAR_LOCKED', `Program year ${year} is locked (read-only)`)
    const before = (await loadCriteria(sql, year)).find((c) => c.key === key)
    if (!before) throw new AppError('NOT_FOUND', `Program year ${year} has no criterion ${key}`)
    await sql.query('UPDATE program_criteria SET category = $3, label = $4 WHERE year = $1 AND key = $2', [
      year,
      key,
      patch.category ?? before.category,
      patch.label ?? before.label,
    ])
    if (patch.thresholds || patch.typical) {
      for (const r of thresholdRows(before, patch)) {
        await sql.query(
          'UPDATE program_thresholds SET rule = $4, minimum = $5, typical = $6, text = $7 WHERE year = $1 AND criterion_key = $2 AND tier = $3',
          [year, key, r.tier, r.rule, r.minimum, r.typical, r.text],
        )
      }
    }
    // Open reviews of the year show that they need a re-evaluation.
    await sql.query('UPDATE program_years SET version = version + 1, updated_at = now() WHERE year = $1', [year])
    const after = (await loadCriteria(sql, year)).find((c) => c.key === key)!
    await audit(ctx, sql, { entity: 'program_criterion', entityId: `${year}/${key}`, action: 'update', before, after })
    return after
  })
}

const levelWords: Record<BenefitLevel, string> = {
  yes: 'Yes',
  limited: 'Limited',
  by_invitation: 'By invitation',
  gps_team: 'GPS Team',
  customer_level: 'Customer level',
  named_role: '',
  n_a: 'n/a',
  no: 'No',
}

/** Edits one benefit of a year: label, and the whole level table (all four tiers); not on locked years. */
export async function updateBenefit(ctx: Ctx, year: number, key: string, patch: BenefitPatch): Promise<Benefit> {
  assertCan(ctx.actor, 'program:manage')
  const errors = tiers.flatMap((t) => {
    const l = patch.levels?.[t]
    if (!l) return []
    if (l.level === 'named_role' && !l.role)
      return [{ path: `levels.${t}.role`, message: 'A named role level names the role (e.g. VP/SVP)' }]
    if (l.level !== 'named_role' && l.role) return [{ path: `levels.${t}.role`, message: 'Only a named role level takes a role' }]
    if (l.level === 'limited' && !l.meaning) return [{ path: `levels.${t}.meaning`, message: 'Say what Limited concretely gives' }]
    return []
  })
  if (errors.length) throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors })
  return inTx(ctx, async (sql) => {
    const y = await findYear(sql, year, true)
    if (y.status === 'locked') throw new AppError('PROGRAM_YEAR_LOCKED', `Program year ${year} is locked (read-only)`)
    const before = (await loadBenefits(sql, year)).find((b) => b.key === key)
    if (!before) throw new AppError('NOT_FOUND', `Program year ${year} has no benefit ${key}`)
    if (patch.label) await sql.query('UPDATE program_benefits SET label = $3 WHERE year = $1 AND key = $2', [year, key, patch.label])
    for (const t of patch.levels ? tiers : []) {
      const l = patch.levels![t]
      await sql.query(
        'UPDATE program_benefit_levels SET level = $4, role_name = $5, text = $6, meaning = $7 WHERE year = $1 AND benefit_key = $2 AND tier = $3',
        [year, key, t, l.level, l.role ?? null, l.text ?? (l.role || levelWords[l.level]), l.meaning ?? null],
      )
    }
    const after = (await loadBenefits(sql, year)).find((b) => b.key === key)!
    await audit(ctx, sql, { entity: 'program_benefit', entityId: `${year}/${key}`, action: 'update', before, after })
    return after
  })
}

/**
 * Locks a year inside the caller's transaction, when a review that used it finishes: its guidelines
 * become read-only. Locking a locked year changes nothing.
 */
export async function lockYearForReview(ctx: Ctx, sql: Sql, year: number): Promise<void> {
  const before = await findYear(sql, year, true)
  if (before.status === 'locked') return
  await sql.query("UPDATE program_years SET status = 'locked', version = version + 1, updated_at = now() WHERE year = $1", [year])
  const after = await findYear(sql, year)
  await audit(ctx, sql, { entity: 'program_year', entityId: String(year), action: 'lock', before, after })
}
