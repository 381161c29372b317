import { isExternal, type Actor } from '../../core/auth/permissions.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import type { Agreement, AgreementStatus, AgreementType, PotcTerms } from './agreements.contract.ts'
import { oneRow } from '../../core/db-rows.ts'
import { daysBetween } from '../../core/dates.ts'

export type AgreementRow = {
  id: string
  partner_id: string
  partner_name: string
  type: AgreementType
  title: string
  status: AgreementStatus
  stored_status: AgreementStatus
  effective_date: string
  expiry_date: string | null
  countries: string[]
  renewal_terms: string | null
  client_name: string | null
  potc_version: string | null
  signed_at: Date | null
  created_at: Date
  updated_at: Date
  version: number
}

/**
 * The status as it reads today: an active or unsigned agreement whose expiry date has passed is expired even
 * before the expiry job marks it. `$1` is today's date.
 */
export const EFFECTIVE_STATUS = `CASE WHEN a.status IN ('active', 'out_for_signature') AND a.expiry_date < $1::date THEN 'expired' ELSE a.status END`

export const SELECT_AGREEMENTS = `SELECT a.id, a.partner_id, p.legal_name AS partner_name, a.type, a.title, ${EFFECTIVE_STATUS} AS status,
  a.status AS stored_status, a.effective_date::text, a.expiry_date::text, a.countries, a.renewal_terms, a.client_name, a.potc_version,
  (SELECT max(s.signed_at) FROM agreement_signatures s WHERE s.agreement_id = a.id) AS signed_at, a.created_at, a.updated_at, a.version
  FROM agreements a JOIN partners p ON p.id = a.partner_id`

export function toAgreement(r: AgreementRow, today: string): Agreement {
  return {
    id: r.id,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    type: r.type,
    title: r.title,
    status: r.status,
    effectiveDate: r.effective_date,
    expiryDate: r.expiry_date,
    daysToExpiry: r.expiry_date ? daysBetween(today, r.expiry_date) : null,
    countries: r.countries,
    renewalTerms: r.renewal_terms,
    clientName: r.client_name,
    potcVersion: r.potc_version,
    signedAt: r.signed_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  }
}

/** One agreement the actor may see, inside the caller's transaction; another company's answers like a missing one. */
export async function findAgreementRow(sql: Sql, actor: Actor, id: string, today: string, lock = false): Promise<AgreementRow> {
  if (lock) await sql.query('SELECT 1 FROM agreements WHERE id = $1 FOR UPDATE', [id])
  const row = oneRow(await sql.query<AgreementRow>(`${SELECT_AGREEMENTS} WHERE a.id = $2`, [today, id]), 'Agreement')
  if (!row || (isExternal(actor) && row.partner_id !== actor.partnerId)) throw new AppError('AGREEMENT_NOT_FOUND', 'Agreement not found')
  return row
}

type PotcRow = { version: string; title: string; body: string; body_sha256: string; renewal_terms: string; published_on: string }
const toPotc = (r: PotcRow): PotcTerms => ({
  version: r.version,
  title: r.title,
  body: r.body,
  sha256: r.body_sha256,
  renewalTerms: r.renewal_terms,
  publishedOn: r.published_on,
})
const POTC_COLUMNS = 'version, title, body, body_sha256, renewal_terms, published_on::text'

/** The POTC version in force on a date: the latest published on or before it. */
export async function potcInForce(sql: Sql, on: string): Promise<PotcTerms> {
  const row = oneRow(
    await sql.query<PotcRow>(
      `SELECT ${POTC_COLUMNS} FROM potc_versions WHERE published_on <= $1::date ORDER BY published_on DESC LIMIT 1`,
      [on],
    ),
    'POTC version',
  )
  if (!row)
    throw new AppError('VALIDATION_FAILED', 'Validation failed', {
      errors: [{ path: 'effectiveDate', message: 'No POTC version is published by this date' }],
    })
  return toPotc(row)
}

export async function potcVersion(sql: Sql, version: string): Promise<PotcTerms> {
  const row = oneRow(await sql.query<PotcRow>(`SELECT ${POTC_COLUMNS} FROM potc_versions WHERE version = $1`, [version]), 'POTC version')
  return toPotc(row)
}
