import type { Actor } from '../../core/auth/permissions.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { usd } from '../../core/money.ts'
import { isoOrNull } from '../../core/dates.ts'
import type { Deal, DealEvent, DealStatus, Stage } from './deals.contract.ts'
import { isOverdue } from './deals.sla.ts'

export type DealRow = {
  id: string
  partner_id: string
  partner_name: string
  partner_tier: Deal['partnerTier']
  registered_by: string | null
  customer_name: string
  customer_key: string
  customer_domain: string | null
  customer_country: string
  customer_address: string | null
  contact: Deal['contact']
  products: string[]
  product_lines: string[]
  value_cents: string
  expected_close: string
  stage: Stage
  description: string | null
  status: DealStatus
  route: Deal['route']
  reviewer_id: string | null
  reviewer_name: string | null
  support: Deal['support']
  big_deal: boolean
  possible_conflict: boolean
  submitted_at: Date
  review_due: string | null
  paused_at: Date | null
  escalated_at: Date | null
  decided_at: Date | null
  decided_by: string | null
  rejection_reason: string | null
  protection_until: string | null
  extension_requested_at: Date | null
  closed_at: Date | null
  version: number
}

// Deals with their partner's name and tier and the reviewer's name, in one query.
export const SELECT_DEALS = `SELECT d.id, d.partner_id, p.legal_name AS partner_name, p.tier AS partner_tier, d.registered_by,
  d.customer_name, d.customer_key, d.customer_domain, d.customer_country, d.customer_address, d.contact, d.products, d.product_lines,
  (d.value * 100)::bigint::text AS value_cents, d.expected_close::text AS expected_close, d.stage, d.description, d.status, d.route,
  d.reviewer_id, r.name AS reviewer_name, d.support, d.big_deal, d.possible_conflict, d.submitted_at, d.review_due::text AS review_due,
  d.paused_at, d.escalated_at, d.decided_at, d.decided_by, d.rejection_reason, d.protection_until::text AS protection_until,
  d.extension_requested_at, d.closed_at, d.version
  FROM deals d JOIN partners p ON p.id = d.partner_id LEFT JOIN staff r ON r.id = d.reviewer_id`

export const OPEN_REVIEW: readonly DealStatus[] = ['submitted', 'info_requested']

export function toDeal(r: DealRow, today: string): Deal {
  const reviewing = r.status === 'submitted'
  return {
    id: r.id,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    partnerTier: r.partner_tier,
    customer: { name: r.customer_name, domain: r.customer_domain, country: r.customer_country, address: r.customer_address },
    contact: r.contact,
    products: r.products,
    value: usd(BigInt(r.value_cents)),
    expectedCloseDate: r.expected_close,
    stage: r.stage,
    description: r.description,
    status: r.status,
    route: r.route,
    reviewer: r.reviewer_id ? { id: r.reviewer_id, name: r.reviewer_name ?? '' } : null,
    support: r.support,
    bigDeal: r.big_deal,
    possibleConflict: r.possible_conflict,
    submittedAt: r.submitted_at.toISOString(),
    expectedDecisionDate: reviewing ? r.review_due : null,
    overdue: reviewing && isOverdue(r.review_due, today),
    escalatedAt: isoOrNull(r.escalated_at),
    decidedAt: isoOrNull(r.decided_at),
    rejectionReason: r.rejection_reason,
    protectionUntil: r.protection_until,
    extensionRequested: r.extension_requested_at !== null,
    version: r.version,
  }
}

/** One deal the transaction may see (RLS: a partner user's own company only), optionally locked; 404 otherwise. */
export async function findDealRow(sql: Sql, id: string, lock = false): Promise<DealRow> {
  if (lock) await sql.query('SELECT 1 FROM deals WHERE id = $1 FOR UPDATE', [id])
  const [row] = await sql.query<DealRow>(`${SELECT_DEALS} WHERE d.id = $1`, [id])
  if (!row) throw new AppError('DEAL_NOT_FOUND', 'Deal not found')
  return row
}

export type EventInput = { kind: string; note?: string | null; internal?: boolean; data?: Record<string, unknown> | null }

/** Appends an entry to the deal's history. */
export async function addEvent(
  sql: Sql,
  actor: Actor | null,
  deal: { id: string; partner_id: string },
  e: EventInput,
  at: Date,
): Promise<void> {
  await sql.query(
    `INSERT INTO deal_events (deal_id, partner_id, at, actor_id, actor_name, kind, note, internal, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      deal.id,
      deal.partner_id,
      at,
      actor?.userId || null,
      actor?.name ?? 'System',
      e.kind,
      e.note ?? null,
      e.internal ?? false,
      e.data ? JSON.stringify(e.data) : null,
    ],
  )
}

/** The deal's history, oldest first; RLS leaves out internal entries for partner users. */
export async function historyOf(sql: Sql, dealId: string): Promise<DealEvent[]> {
  const rows = await sql.query<{ at: Date; actor_name: string; kind: string; note: string | null; data: Record<string, unknown> | null }>(
    'SELECT at, actor_name, kind, note, data FROM deal_events WHERE deal_id = $1 ORDER BY id',
    [dealId],
  )
  return rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor_name, kind: r.kind, note: r.note, data: r.data }))
}
