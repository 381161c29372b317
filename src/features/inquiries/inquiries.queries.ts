import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import type { Inquiry, InquiryDetail } from './inquiries.contract.ts'

type Row = {
  id: string
  reference: string
  company: string
  website: string
  domain: string | null
  country: string
  contact_name: string
  email: string
  phone: string | null
  partner_type: Inquiry['partnerType']
  solutions: string[]
  message: string
  heard_about: string | null
  status: Inquiry['status']
  decline_reason: string | null
  public_note: string | null
  queue_key: string
  queue_name: string
  owner_id: string | null
  owner_name: string | null
  routing_rule_id: string | null
  rule_name: string | null
  matched_partner_id: string | null
  matched_partner_name: string | null
  related_inquiry_id: string | null
  related_reference: string | null
  onboarding_case_id: string | null
  submissions: number
  created_at: Date
  updated_at: Date
  version: number
}

// Names come from the staff view and the partner's legal name, read in the same query.
export const SELECT_INQUIRIES = `SELECT i.id, i.reference, i.company, i.website, i.domain, i.country, i.contact_name, i.email::text AS email,
  i.phone, i.partner_type, i.solutions, i.message, i.heard_about, i.status, i.decline_reason, i.public_note, i.queue_key,
  q.name AS queue_name, i.owner_id, o.name AS owner_name, i.routing_rule_id, r.name AS rule_name, i.matched_partner_id,
  p.legal_name AS matched_partner_name, i.related_inquiry_id, ri.reference AS related_reference, i.onboarding_case_id,
  i.submissions, i.created_at, i.updated_at, i.version
  FROM inquiries i
  JOIN inquiry_queues q ON q.key = i.queue_key
  LEFT JOIN staff o ON o.id = i.owner_id
  LEFT JOIN inquiry_routing_rules r ON r.id = i.routing_rule_id
  LEFT JOIN partners p ON p.id = i.matched_partner_id
  LEFT JOIN inquiries ri ON ri.id = i.related_inquiry_id`

export const toInquiry = (r: Row): Inquiry => ({
  id: r.id,
  reference: r.reference,
  company: r.company,
  website: r.website,
  domain: r.domain,
  country: r.country.trim(),
  contactName: r.contact_name,
  email: r.email,
  phone: r.phone,
  partnerType: r.partner_type,
  solutions: r.solutions,
  message: r.message,
  heardAbout: r.heard_about,
  status: r.status,
  declineReason: r.decline_reason,
  publicNote: r.public_note,
  queue: { key: r.queue_key, name: r.queue_name },
  owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
  routingRule: r.routing_rule_id ? { id: r.routing_rule_id, name: r.rule_name ?? '' } : null,
  matchedPartner: r.matched_partner_id ? { id: r.matched_partner_id, legalName: r.matched_partner_name ?? '' } : null,
  relatedInquiry: r.related_inquiry_id ? { id: r.related_inquiry_id, reference: r.related_reference ?? '' } : null,
  onboardingCaseId: r.onboarding_case_id,
  submissions: r.submissions,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  version: r.version,
})

export async function findInquiry(sql: Sql, id: string, lock = false): Promise<Inquiry> {
  if (lock) await sql.query('SELECT 1 FROM inquiries WHERE id = $1 FOR UPDATE', [id])
  const rows = await sql.query<Row>(`${SELECT_INQUIRIES} WHERE i.id = $1`, [id])
  if (!rows[0]) throw new AppError('INQUIRY_NOT_FOUND', 'Inquiry not found')
  return toInquiry(rows[0])
}

export async function listInquiryRows(sql: Sql, where: string, params: unknown[]): Promise<(Inquiry & { _at: Date })[]> {
  return (await sql.query<Row>(`${SELECT_INQUIRIES} ${where}`, params)).map((r) => ({ ...toInquiry(r), _at: r.created_at }))
}

export async function commentsOf(sql: Sql, id: string): Promise<InquiryDetail['comments']> {
  const rows = await sql.query<{ id: string; author_name: string; kind: 'note' | 'event'; body: string; created_at: Date }>(
    'SELECT id, author_name, kind, body, created_at FROM inquiry_comments WHERE inquiry_id = $1 ORDER BY created_at, id',
    [id],
  )
  return rows.map((r) => ({ id: r.id, authorName: r.author_name, kind: r.kind, body: r.body, createdAt: r.created_at.toISOString() }))
}

export async function addComment(
  sql: Sql,
  inquiryId: string,
  author: { id: string | null; name: string },
  kind: 'note' | 'event',
  body: string,
) {
  await sql.query('INSERT INTO inquiry_comments (inquiry_id, author_id, author_name, kind, body) VALUES ($1, $2, $3, $4, $5)', [
    inquiryId,
    author.id || null,
    author.name,
    kind,
    body,
  ])
}
