import { can, type Actor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import type { Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { queueRendered, type RenderedMail } from '../../core/mail.ts'
import type { Case, CaseDetail } from './onboarding.contract.ts'

type Person = { id: string; name: string } | null
type ChecklistRow = { key: string; label: string; automatic: boolean; done_by: string | null; done_at: string | null }
export type CaseRow = {
  id: string
  path: Case['path']
  agreement_type: Case['agreementType']
  legal_name: string
  website: string | null
  headquarters_country: string
  partner_type: Case['partnerType']
  partner_id: string | null
  contact_name: string
  contact_email: string
  deal_reference: string | null
  sponsor: Person
  inquiry_id: string | null
  notes: string | null
  requested_by: Person
  owner: Person
  status: Case['status']
  due_date: string
  agreement_id: string | null
  admin_user_id: string | null
  created_at: Date
  updated_at: Date
  completed_at: Date | null
  checklist: ChecklistRow[]
  requested_by_id: string | null
  sponsor_id: string | null
  owner_id: string | null
}

const person = (alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'name', ${alias}.name) END`

// Cases with their people and checklist, in one query.
export const SELECT_CASES = `SELECT c.id, c.path, c.agreement_type, c.legal_name, c.website, c.headquarters_country, c.partner_type, c.partner_id,
  c.contact_name, c.contact_email::text AS contact_email, c.deal_reference, ${person('s')} AS sponsor, c.inquiry_id, c.notes,
  ${person('r')} AS requested_by, ${person('o')} AS owner, c.status, c.due_date::text, c.agreement_id, c.admin_user_id, c.created_at,
  c.updated_at, c.completed_at, c.requested_by AS requested_by_id, c.sponsor_id, c.owner_id,
  coalesce((SELECT json_agg(json_build_object('key', i.key, 'label', i.label, 'automatic', i.automatic, 'done_by', d.name, 'done_at', i.done_at)
    ORDER BY i.position) FROM onboarding_checklist i LEFT JOIN staff d ON d.id = i.done_by WHERE i.case_id = c.id), '[]') AS checklist
  FROM onboarding_cases c LEFT JOIN staff s ON s.id = c.sponsor_id LEFT JOIN staff r ON r.id = c.requested_by LEFT JOIN staff o ON o.id = c.owner_id`

export function toCase(r: CaseRow, today: string): Case {
  return {
    id: r.id,
    path: r.path,
    agreementType: r.agreement_type,
    legalName: r.legal_name,
    website: r.website,
    headquartersCountry: r.headquarters_country,
    partnerType: r.partner_type,
    partnerId: r.partner_id,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    dealReference: r.deal_reference,
    sponsor: r.sponsor,
    inquiryId: r.inquiry_id,
    notes: r.notes,
    requestedBy: r.requested_by,
    owner: r.owner,
    status: r.status,
    dueDate: r.due_date,
    overdue: (r.status === 'requested' || r.status === 'in_progress') && r.due_date < today,
    checklist: r.checklist.map((i) => ({
      key: i.key,
      label: i.label,
      automatic: i.automatic,
      done: i.done_at !== null,
      doneBy: i.done_by,
      doneAt: i.done_at ? new Date(i.done_at).toISOString() : null,
    })),
    agreementId: r.agreement_id,
    adminUserId: r.admin_user_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    completedAt: r.completed_at?.toISOString() ?? null,
  }
}

/** Whether the actor follows only the cases it requested, sponsors or owns (requesters), or sees them all. */
export const seesAllCases = (actor: Actor): boolean => can(actor, 'onboarding:read')
export const involves = (r: Pick<CaseRow, 'requested_by_id' | 'sponsor_id' | 'owner_id'>, userId: string) =>
  r.requested_by_id === userId || r.sponsor_id === userId || r.owner_id === userId

/** One case the actor may see, inside the caller's transaction; a case it may not see answers like a missing one. */
export async function findCaseRow(sql: Sql, actor: Actor, id: string, lock = false): Promise<CaseRow> {
  if (lock) await sql.query('SELECT 1 FROM onboarding_cases WHERE id = $1 FOR UPDATE', [id])
  const [row] = await sql.query<CaseRow>(`${SELECT_CASES} WHERE c.id = $1`, [id])
  if (!row || (!seesAllCases(actor) && !involves(row, actor.userId))) throw new AppError('CASE_NOT_FOUND', 'Onboarding case not found')
  return row
}

type CommentRow = { id: string; author: string; body: string; created_at: Date }
type HistoryRow = { id: string; at: Date; actor_label: string; action: string; after: Record<string, unknown> | null }

export async function caseDetail(sql: Sql, row: CaseRow, today: string): Promise<CaseDetail> {
  const comments = await sql.query<CommentRow>(
    `SELECT m.id, coalesce(a.name, 'System') AS author, m.body, m.created_at FROM onboarding_comments m LEFT JOIN staff a ON a.id = m.author_id
     WHERE m.case_id = $1 ORDER BY m.created_at, m.id`,
    [row.id],
  )
  const history = await sql.query<HistoryRow>(
    `SELECT a.id::text AS id, a.at, a.actor_label, a.action, a.after FROM audit_log a WHERE a.entity = 'onboarding_case' AND a.entity_id = $1
     ORDER BY a.id DESC LIMIT 200`,
    [row.id],
  )
  return {
    ...toCase(row, today),
    comments: comments.map((c) => ({ id: c.id, author: c.author, body: c.body, createdAt: c.created_at.toISOString() })),
    history: history.map((h) => ({
      id: h.id,
      at: h.at.toISOString(),
      actor: h.actor_label,
      action: h.action,
      detail: h.action === 'create' ? null : h.after,
    })),
  }
}

/** Where a case opens in the app (the mail module makes it absolute). */
export const casePath = (id: string): string => `/onboarding/${id}`

/**
 * The one place an onboarding email leaves from, inside the caller's transaction: it is queued for
 * sending and recorded in the case's history (the audit log).
 */
export async function notifyOnboarding(
  ctx: Ctx,
  sql: Sql,
  caseId: string,
  template: string,
  to: (string | null)[],
  mail: RenderedMail,
): Promise<void> {
  const recipients = [...new Set(to.filter((t): t is string => !!t))]
  if (!recipients.length) return
  await queueRendered(sql, template, mail, { to: recipients })
  await audit(ctx, sql, {
    entity: 'onboarding_case',
    entityId: caseId,
    action: 'notify',
    after: { template, to: recipients, subject: mail.subject },
  })
}

/** Email addresses of internal users, by id (requesters and sponsors hear about their cases). */
export async function staffEmails(sql: Sql, ids: (string | null)[]): Promise<string[]> {
  const wanted = ids.filter((i): i is string => !!i)
  if (!wanted.length) return []
  return (await sql.query<{ email: string }>('SELECT email FROM staff WHERE id = ANY($1::uuid[]) ORDER BY email', [wanted])).map(
    (r) => r.email,
  )
}
