import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { formatDecimal, parseDecimal } from '../../core/money.ts'
import { meaningOf } from './benefits.ts'
import type { Guidelines } from './evaluation.ts'
import {
  type Benefit,
  type BenefitLevel,
  type Criterion,
  type ProgramYear,
  type ProgramYearSummary,
  type Threshold,
  type TierName,
  type Unit,
} from './program.contract.ts'
import { oneRow } from '../../core/db-rows.ts'

type YearRow = { year: number; status: ProgramYearSummary['status']; must_pass: string[]; category_ratio: string; version: number }
type CriterionRow = {
  key: Criterion['key']
  category: Criterion['category']
  label: string
  unit: Unit
  tier: TierName
  rule: string
  minimum: string | null
  typical: string | null
  text: string
}
type BenefitRow = {
  key: string
  grp: Benefit['group']
  label: string
  tier: TierName
  level: BenefitLevel
  role_name: string | null
  text: string
  meaning: string | null
}

/** Thresholds read as decimal strings: counts as whole numbers, everything else at two decimals. */
const decimalFor = (unit: Unit, v: string) => (unit === 'count' ? formatDecimal(parseDecimal(v) / 100n, 0) : formatDecimal(parseDecimal(v)))

const toSummary = (r: YearRow): ProgramYearSummary => ({
  year: r.year,
  status: r.status,
  rule: { mustPass: r.must_pass as Criterion['key'][], categoryRatio: Number(r.category_ratio) },
  version: r.version,
})

export async function listYearRows(sql: Sql): Promise<ProgramYearSummary[]> {
  const rows = await sql.query<YearRow>('SELECT year, status, must_pass, category_ratio::text, version FROM program_years ORDER BY year')
  return rows.map(toSummary)
}

export async function findYear(sql: Sql, year: number, lock = false): Promise<ProgramYearSummary> {
  const rows = await sql.query<YearRow>(
    `SELECT year, status, must_pass, category_ratio::text, version FROM program_years WHERE year = $1${lock ? ' FOR UPDATE' : ''}`,
    [year],
  )
  return toSummary(oneRow(rows, `Program year ${year}`, 'PROGRAM_YEAR_NOT_FOUND'))
}

/** The program year in force: the latest active one, else the latest locked one. */
export async function currentYear(sql: Sql): Promise<number> {
  const rows = await sql.query<{ year: number }>(
    "SELECT year FROM program_years WHERE status <> 'draft' ORDER BY (status = 'active') DESC, year DESC LIMIT 1",
  )
  const row = rows[0]
  if (!row) throw new AppError('PROGRAM_YEAR_NOT_FOUND', 'No program year is active')
  return row.year
}

export async function loadCriteria(sql: Sql, year: number): Promise<Criterion[]> {
  const rows = await sql.query<CriterionRow>(
    `SELECT c.key, c.category, c.label, c.unit, t.tier, t.rule, t.minimum::text, t.typical::text, t.text
     FROM program_criteria c JOIN program_thresholds t ON t.year = c.year AND t.criterion_key = c.key
     WHERE c.year = $1 ORDER BY c.position, c.key`,
    [year],
  )
  const byKey = new Map<string, Criterion>()
  for (const r of rows) {
    const c = byKey.get(r.key) ?? { key: r.key, category: r.category, label: r.label, unit: r.unit, byTier: {} as Criterion['byTier'] }
    const threshold: Threshold = r.rule === 'minimum' ? decimalFor(r.unit, r.minimum!) : (r.rule as Threshold)
    c.byTier[r.tier] = { threshold, typical: r.typical === null ? null : decimalFor(r.unit, r.typical), text: r.text }
    byKey.set(r.key, c)
  }
  return [...byKey.values()]
}

export async function loadBenefits(sql: Sql, year: number): Promise<Benefit[]> {
  const rows = await sql.query<BenefitRow>(
    `SELECT b.key, b.grp, b.label, l.tier, l.level, l.role_name, l.text, l.meaning
     FROM program_benefits b JOIN program_benefit_levels l ON l.year = b.year AND l.benefit_key = b.key
     WHERE b.year = $1 ORDER BY b.position, b.key`,
    [year],
  )
  const byKey = new Map<string, Benefit>()
  for (const r of rows) {
    const b = byKey.get(r.key) ?? { key: r.key, group: r.grp, label: r.label, byTier: {} as Benefit['byTier'] }
    b.byTier[r.tier] = { level: r.level, role: r.role_name, text: r.text, meaning: r.meaning ?? meaningOf(r.level, r.role_name) }
    byKey.set(r.key, b)
  }
  return [...byKey.values()]
}

export async function loadYear(sql: Sql, year: number): Promise<ProgramYear> {
  const summary = await findYear(sql, year)
  return { ...summary, criteria: await loadCriteria(sql, year), benefits: await loadBenefits(sql, year) }
}

export async function loadGuidelines(sql: Sql, year: number): Promise<Guidelines> {
  const summary = await findYear(sql, year)
  return { year, rule: summary.rule, criteria: await loadCriteria(sql, year) }
}
