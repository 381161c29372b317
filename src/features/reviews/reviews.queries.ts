import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import type { Rule } from '../program/program.contract.ts'
import type { Decision, ReviewCycle, TierOrNull } from './reviews.contract.ts'
import { oneRow } from '../../core/db-rows.ts'
import { isoOrNull } from '../../core/dates.ts'

type CycleRow = {
  id: string
  year: number
  kind: ReviewCycle['kind']
  rule: Rule
  status: ReviewCycle['status']
  scope: string[] | null
  created_by: string | null
  created_at: Date
  evaluated_at: Date | null
  finished_by: string | null
  finished_at: Date | null
  counts: Record<string, number> | null
  decisions: Record<string, number> | null
  guidelines_changed: boolean
}
export type DecisionRow = {
  id: string
  cycle_id: string
  partner_id: string
  recommended_tier: TierOrNull
  chosen_tier: TierOrNull
  justification: string | null
  effective_date: string
  status: Decision['status']
  decided_by: string | null
  decided_at: Date
  sales_approved_by: string | null
  sales_approved_at: Date | null
  alliances_approved_by: string | null
  alliances_approved_at: Date | null
  applied_at: Date | null
}

// Counts per movement and decisions per status, in the same query as the cycle.
const SELECT_CYCLES = `SELECT c.id, c.year, c.kind, c.rule, c.status, c.scope, c.created_by, c.created_at, c.evaluated_at, c.finished_by,
  c.finished_at,
  (c.status = 'open' AND c.guidelines_version IS DISTINCT FROM (SELECT version FROM program_years y WHERE y.year = c.year)) AS guidelines_changed,
  (SELECT jsonb_object_agg(movement, n) FROM (SELECT movement, count(*)::int AS n FROM review_recommendations r
    WHERE r.cycle_id = c.id GROUP BY movement) m) AS counts,
  (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM review_decisions d
    WHERE d.cycle_id = c.id GROUP BY status) s) AS decisions
  FROM review_cycles c`

function toCycle(r: CycleRow): ReviewCycle {
  const m = r.counts ?? {}
  const d = r.decisions ?? {}
  const counts = { promote: m.promote ?? 0, keep: m.keep ?? 0, demote: m.demote ?? 0, new: m.new ?? 0, total: 0 }
  counts.total = counts.promote + counts.keep + counts.demote + counts.new
  return {
    id: r.id,
    year: r.year,
    kind: r.kind,
    rule: r.rule,
    status: r.status,
    partnerIds: r.scope,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    evaluatedAt: isoOrNull(r.evaluated_at),
    finishedBy: r.finished_by,
    finishedAt: isoOrNull(r.finished_at),
    counts,
    decisions: { pending: d.pending ?? 0, approved: d.approved ?? 0, applied: d.applied ?? 0 },
    guidelinesChanged: r.guidelines_changed,
  }
}

export async function listCycleRows(sql: Sql): Promise<ReviewCycle[]> {
  return (await sql.query<CycleRow>(`${SELECT_CYCLES} ORDER BY c.created_at DESC, c.id LIMIT 200`)).map(toCycle)
}

export async function findCycle(sql: Sql, id: string, lock = false): Promise<ReviewCycle> {
  if (lock) await sql.query('SELECT 1 FROM review_cycles WHERE id = $1 FOR UPDATE', [id])
  const rows = await sql.query<CycleRow>(`${SELECT_CYCLES} WHERE c.id = $1`, [id])
  return toCycle(oneRow(rows, 'Review', 'REVIEW_NOT_FOUND'))
}

/** A cycle that still takes evaluations and decisions. */
export async function openCycle(sql: Sql, id: string): Promise<ReviewCycle> {
  const cycle = await findCycle(sql, id, true)
  if (cycle.status === 'finished') throw new AppError('REVIEW_FINISHED', 'This review is finished; start a new one to change tiers')
  return cycle
}

export const DECISION_COLUMNS = `id, cycle_id, partner_id, recommended_tier, chosen_tier, justification, effective_date::text,
  status, decided_by, decided_at, sales_approved_by, sales_approved_at, alliances_approved_by, alliances_approved_at, applied_at`

export function toDecision(r: DecisionRow): Decision {
  return {
    id: r.id,
    cycleId: r.cycle_id,
    partnerId: r.partner_id,
    recommendedTier: r.recommended_tier,
    chosenTier: r.chosen_tier,
    justification: r.justification,
    effectiveDate: r.effective_date,
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at.toISOString(),
    salesApproval: r.sales_approved_by ? { by: r.sales_approved_by, at: r.sales_approved_at!.toISOString() } : null,
    alliancesApproval: r.alliances_approved_by ? { by: r.alliances_approved_by, at: r.alliances_approved_at!.toISOString() } : null,
    appliedAt: isoOrNull(r.applied_at),
  }
}

/** Today's date in UTC (effective dates are calendar dates; the program runs on UTC). */
