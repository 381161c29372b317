import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import type { MatrixEntry, Provider, Requirements, RiskLevel } from './safety.contract.ts'
import type { EvidenceState, MatrixRow, SubscriptionState } from './safety.rules.ts'

/** A user's id and name as JSON (staff by the staff view, a partner's own users by RLS), or null. */
export const whoOf = (col: string): string =>
  `(SELECT json_build_object('id', w.id, 'name', w.name) FROM (SELECT id, name FROM staff WHERE id = ${col}
    UNION ALL SELECT id, name FROM users WHERE id = ${col}) w LIMIT 1)`

export type Who = { id: string | null; name: string | null } | null

export async function matrixRows(sql: Sql): Promise<(MatrixEntry & { key: string })[]> {
  const rows = await sql.query<{
    service_key: string
    service: string
    risk_level: RiskLevel
    reason: string
    version: number
    updated_by: Who
    updated_at: Date
  }>(
    `SELECT service_key, service, risk_level, reason, version, ${whoOf('m.updated_by')} AS updated_by, updated_at
     FROM safety_risk_matrix m ORDER BY risk_level, lower(service)`,
  )
  return rows.map((r) => ({
    key: r.service_key,
    service: r.service,
    riskLevel: r.risk_level,
    reason: r.reason,
    version: r.version,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at.toISOString(),
  }))
}

export async function matrixMap(sql: Sql): Promise<Map<string, MatrixRow>> {
  return new Map((await matrixRows(sql)).map((r) => [r.key, r]))
}

type ProviderRow = {
  key: string
  name: string
  grading: 'letter' | 'percentage'
  grades: string[]
  passing_grade: string | null
  pass_mark: string | null
  is_default: boolean
}
const toProvider = (r: ProviderRow): Provider => ({
  key: r.key,
  name: r.name,
  grading: r.grading,
  grades: r.grades,
  passingGrade: r.passing_grade,
  passMark: r.pass_mark,
  isDefault: r.is_default,
})

export async function providers(sql: Sql): Promise<Provider[]> {
  const rows = await sql.query<ProviderRow>('SELECT * FROM safety_providers ORDER BY is_default DESC, name')
  return rows.map(toProvider)
}

export async function providerOf(sql: Sql, key: string | null): Promise<Provider> {
  const rows = await sql.query<ProviderRow>(
    'SELECT * FROM safety_providers WHERE ($1::text IS NULL AND is_default) OR key = $1 ORDER BY is_default DESC LIMIT 1',
    [key],
  )
  const row = rows[0]
  if (!row)
    throw new AppError('VALIDATION_FAILED', 'Unknown provider', { errors: [{ path: 'providerKey', message: `No provider ${key}` }] })
  return toProvider(row)
}

export async function requirements(sql: Sql): Promise<Requirements> {
  const rows = await sql.query<{
    insurance: Requirements['insurance']
    max_emr: string
    max_trir: string
    max_dart: string
    statistics_max_age_years: number
    require_written_program: boolean
    provider_update_max_age_days: number
    version: number
    updated_at: Date
  }>('SELECT * FROM safety_requirements WHERE id = 1')
  const r = rows[0]
  if (!r) throw new AppError('INTERNAL', 'The safety requirements are missing')
  return {
    insurance: r.insurance,
    maxEmr: r.max_emr,
    maxTrir: r.max_trir,
    maxDart: r.max_dart,
    statisticsMaxAgeYears: r.statistics_max_age_years,
    requireWrittenProgram: r.require_written_program,
    providerUpdateMaxAgeDays: r.provider_update_max_age_days,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  }
}

export type SubscriptionRow = SubscriptionState & { providerKey: string }

export async function subscriptionsOf(sql: Sql, ids: string[]): Promise<Map<string, SubscriptionRow>> {
  const rows = await sql.query<{
    partner_id: string
    provider_key: string
    status: SubscriptionState['status']
    grade: string | null
    score: string | null
    provider_updated_on: string | null
  }>(
    `SELECT partner_id, provider_key, status, grade, score::text, provider_updated_on::text FROM safety_subscriptions WHERE partner_id = ANY($1::uuid[])`,
    [ids],
  )
  return new Map(
    rows.map((r) => [
      r.partner_id,
      { providerKey: r.provider_key, status: r.status, grade: r.grade, score: r.score, providerUpdatedOn: r.provider_updated_on },
    ]),
  )
}

/** Accepted evidence of these partners: the only evidence that counts towards compliance. */
export async function acceptedEvidenceOf(sql: Sql, ids: string[]): Promise<Map<string, EvidenceState[]>> {
  const rows = await sql.query<EvidenceState & { partnerId: string }>(
    `SELECT partner_id AS "partnerId", kind, title, insurance_type AS "insuranceType", limit_amount::text AS "limitAmount",
       limit_currency AS "limitCurrency", effective_date::text AS "effectiveDate", expiry_date::text AS "expiryDate", year,
       trir::text, dart::text, emr::text
     FROM safety_evidence WHERE partner_id = ANY($1::uuid[]) AND status = 'accepted'`,
    [ids],
  )
  const by = new Map<string, EvidenceState[]>()
  for (const r of rows) by.set(r.partnerId, [...(by.get(r.partnerId) ?? []), r])
  return by
}

export async function riskOverridesOf(sql: Sql, ids: string[]) {
  const rows = await sql.query<{
    id: string
    partner_id: string
    risk_level: RiskLevel
    reason: string
    created_by: Who
    created_at: Date
  }>(
    `SELECT id, partner_id, risk_level, reason, ${whoOf('o.created_by')} AS created_by, created_at
     FROM safety_risk_overrides o WHERE partner_id = ANY($1::uuid[]) AND lifted_at IS NULL`,
    [ids],
  )
  return new Map(
    rows.map((r) => [
      r.partner_id,
      { id: r.id, riskLevel: r.risk_level, reason: r.reason, createdBy: r.created_by, createdAt: r.created_at.toISOString() },
    ]),
  )
}

export async function clearanceOverridesOf(sql: Sql, ids: string[]) {
  const rows = await sql.query<{ id: string; partner_id: string; reason: string; ends_on: string; created_by: Who; created_at: Date }>(
    `SELECT id, partner_id, reason, ends_on::text, ${whoOf('o.created_by')} AS created_by, created_at
     FROM safety_clearance_overrides o WHERE partner_id = ANY($1::uuid[]) AND lifted_at IS NULL`,
    [ids],
  )
  return new Map(
    rows.map((r) => [
      r.partner_id,
      { id: r.id, reason: r.reason, endsOn: r.ends_on, createdBy: r.created_by, createdAt: r.created_at.toISOString() },
    ]),
  )
}

export async function openRedFlagsOf(sql: Sql, ids: string[]): Promise<Map<string, { message: string; severity: string }[]>> {
  const rows = await sql.query<{ partner_id: string; message: string; severity: string }>(
    `SELECT partner_id, message, severity FROM safety_gaps WHERE partner_id = ANY($1::uuid[]) AND source = 'red_flag' AND closed_at IS NULL`,
    [ids],
  )
  const by = new Map<string, { message: string; severity: string }[]>()
  for (const r of rows) by.set(r.partner_id, [...(by.get(r.partner_id) ?? []), r])
  return by
}
