import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { decodeCursor, encodeCursor } from '../../core/cursor.ts'
import { AppError } from '../../core/errors.ts'
import { queueMail } from '../../core/mail.ts'
import { Where } from '../../core/where.ts'
import { activeStaff } from '../identity/users.service.ts'
import { publicStatus, type Inquiry, type InquiryDetail, type InquiryListQuery, type StatusInput } from './inquiries.contract.ts'
import { inquiryStatusMail } from './inquiries.mail.ts'
import { statusUrl } from './public.service.ts'
import { addComment, commentsOf, findInquiry, listInquiryRows } from './inquiries.queries.ts'
import { worksInquiries } from './inquiries.rules.ts'

export async function listInquiries(ctx: Ctx, q: InquiryListQuery): Promise<{ items: Inquiry[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'inquiries:read')
  const where = new Where()
  if (q.status) where.add('i.status = ?', q.status)
  if (q.open === 'true') where.add(`i.status IN ('new', 'in_review', 'needs_information')`)
  if (q.open === 'false') where.add(`i.status IN ('converted', 'declined')`)
  if (q.ownerId) where.add('i.owner_id = ?', q.ownerId)
  if (q.queue) where.add('i.queue_key = ?', q.queue)
  if (q.country) where.add('i.country = ?', q.country)
  if (q.matched === 'partner') where.add('i.matched_partner_id IS NOT NULL')
  if (q.q) {
    const like = `%${q.q}%`
    where.add('(i.company ILIKE ? OR i.contact_name ILIKE ? OR i.email::text ILIKE ? OR i.reference ILIKE ?)', like, like, like, like)
  }
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor)
    where.add('(i.created_at, i.id) < (?::timestamptz, ?::uuid)', at, id)
  }
  const limit = where.param(q.limit + 1)
  const rows = await inTx(ctx, (sql) => listInquiryRows(sql, `${where} ORDER BY i.created_at DESC, i.id DESC LIMIT ${limit}`, where.params))
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  return {
    items: page.map(({ _at, ...i }) => i),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last._at.toISOString(), last.id]) : null,
  }
}

export async function getInquiry(ctx: Ctx, id: string): Promise<InquiryDetail> {
  assertCan(ctx.actor, 'inquiries:read')
  return inTx(ctx, async (sql) => ({ ...(await findInquiry(sql, id)), comments: await commentsOf(sql, id) }))
}

const author = (ctx: Ctx) => ({ id: ctx.actor!.userId, name: ctx.actor!.name })

/** Gives the inquiry to an owner (an active internal user who works inquiries), or to nobody. */
export async function assignInquiry(ctx: Ctx, id: string, ownerId: string | null): Promise<InquiryDetail> {
  assertCan(ctx.actor, 'inquiries:manage')
  return inTx(ctx, async (sql) => {
    const before = await findInquiry(sql, id, true)
    const [owner] = ownerId ? await activeStaff(sql, { ids: [ownerId] }) : [null]
    if (ownerId && (!owner || !worksInquiries(owner.role)))
      throw new AppError('VALIDATION_FAILED', 'Not someone who works inquiries', {
        errors: [{ path: 'ownerId', message: 'An active internal user who works inquiries' }],
      })
    await sql.query('UPDATE inquiries SET owner_id = $2, updated_at = $3, version = version + 1 WHERE id = $1', [id, ownerId, ctx.now()])
    await addComment(sql, id, author(ctx), 'event', owner ? `Assigned to ${owner.name}.` : 'Unassigned.')
    const after = await findInquiry(sql, id)
    await audit(ctx, sql, {
      entity: 'inquiry',
      entityId: id,
      action: 'assign',
      before: { owner: before.owner },
      after: { owner: after.owner },
    })
    return { ...after, comments: await commentsOf(sql, id) }
  })
}

export async function commentOnInquiry(ctx: Ctx, id: string, body: string): Promise<InquiryDetail> {
  assertCan(ctx.actor, 'inquiries:manage')
  return inTx(ctx, async (sql) => {
    await findInquiry(sql, id, true)
    await addComment(sql, id, author(ctx), 'note', body)
    await sql.query('UPDATE inquiries SET updated_at = $2 WHERE id = $1', [id, ctx.now()])
    await audit(ctx, sql, { entity: 'inquiry', entityId: id, action: 'comment', after: { body } })
    return { ...(await findInquiry(sql, id)), comments: await commentsOf(sql, id) }
  })
}

/**
 * Moves an inquiry through its statuses and emails the submitter. Converted is final: it will be
 * set by the onboarding conversion, which may name the case it became.
 */
export async function setInquiryStatus(ctx: Ctx, id: string, input: StatusInput): Promise<InquiryDetail> {
  assertCan(ctx.actor, 'inquiries:manage')
  return inTx(ctx, async (sql) => {
    const before = await findInquiry(sql, id, true)
    if (before.status === 'converted')
      throw new AppError('INVALID_TRANSITION', 'This inquiry was converted to onboarding; it does not change any more')
    if (before.status === input.status && input.status !== 'needs_information')
      throw new AppError('INVALID_TRANSITION', `The inquiry is ${publicStatus[input.status].label.toLowerCase()} already`, {
        errors: [{ path: 'status', message: 'Unchanged' }],
      })
    await sql.query(
      `UPDATE inquiries SET status = $2, decline_reason = $3, public_note = $4, onboarding_case_id = COALESCE($5, onboarding_case_id),
         updated_at = $6, version = version + 1 WHERE id = $1`,
      [id, input.status, input.status === 'declined' ? input.reason : null, input.note || null, input.onboardingCaseId ?? null, ctx.now()],
    )
    const label = publicStatus[input.status].label
    const detail = [input.reason && `Reason: ${input.reason}`, input.note && `Note to the submitter: ${input.note}`].filter(Boolean)
    await addComment(sql, id, author(ctx), 'event', [`Status: ${label}.`, ...detail].join('\n'))
    const after = await findInquiry(sql, id)
    await audit(ctx, sql, {
      entity: 'inquiry',
      entityId: id,
      action: 'status',
      before: { status: before.status },
      after: { status: after.status, reason: input.reason || null, note: input.note || null, onboardingCaseId: after.onboardingCaseId },
    })
    await queueMail(sql, inquiryStatusMail, {
      to: after.email,
      data: {
        reference: after.reference,
        contactName: after.contactName,
        company: after.company,
        statusUrl: statusUrl(ctx, after.reference),
        status: after.status,
        note: after.status === 'declined' ? after.declineReason : after.publicNote,
      },
    })
    return { ...after, comments: await commentsOf(sql, id) }
  })
}
