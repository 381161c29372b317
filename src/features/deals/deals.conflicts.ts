import type { Sql } from '../../core/db.ts'
import type { Conflict } from './deals.contract.ts'
import { NAME_SIMILARITY, scoreMatch } from './deals.match.ts'

export type CheckFacts = { key: string; domain: string | null; lines: string[]; close: string | null; exclude: string | null }
type CandidateRow = {
  deal_id: string | null
  partner_id: string | null
  same_partner: boolean
  similarity: number
  same_domain: boolean
  shared_lines: string[]
  close_days: number | null
}

/** What the conflict search found: whether any registration conflicts, and (for internal callers) which. */
export type Found = { possibleConflict: boolean; conflicts: Conflict[] }

/**
 * Finds open or approved registrations of the same customer through `deal_conflict_candidates`, which
 * sees every company's deals but answers a partner user with no other company's ids (decision 009).
 * Without products or a close date, every customer match counts (the live check while typing).
 */
export async function findConflicts(sql: Sql, f: CheckFacts): Promise<Found> {
  if (!f.key && !f.domain) return { possibleConflict: false, conflicts: [] }
  const rows = await sql.query<CandidateRow>('SELECT * FROM deal_conflict_candidates($1, $2, $3::text[], $4::date, $5::uuid, $6::real)', [
    f.key,
    f.domain,
    f.lines,
    f.close ?? '1970-01-01',
    f.exclude,
    NAME_SIMILARITY,
  ])
  const scored = rows.map((r) => {
    const closeDays = f.close === null || r.close_days === null ? 0 : r.close_days
    const m = scoreMatch({ similarity: Number(r.similarity), sameDomain: r.same_domain, sharedLines: r.shared_lines, closeDays })
    return { r, m: f.lines.length ? m : { ...m, conflict: true } }
  })
  const hits = scored.filter((s) => s.m.conflict).sort((a, b) => b.m.score - a.m.score)
  const conflicts: Conflict[] = hits
    .filter((h) => h.r.deal_id !== null && h.r.partner_id !== null)
    .map((h) => ({ dealId: h.r.deal_id!, partnerId: h.r.partner_id!, score: h.m.score, reasons: h.m.reasons }))
  return { possibleConflict: hits.length > 0, conflicts }
}

export const CONFLICT_MESSAGE =
  'A registration for this customer and product may exist already. You can still register: the Partner Incentives team reviews possible conflicts.'
