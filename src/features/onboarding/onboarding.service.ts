import { appUrl } from '../../core/mail.ts'
import { assertCan, can, type Actor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { Where } from '../../core/where.ts'
import { getPartner, setPartnerStatus } from '../partners/partners.service.ts'
import { checklistFor, defaultDueDays } from './onboarding.checklist.ts'
import type { Case, CaseCreate, CaseDetail, CaseListParams, CasePatch } from './onboarding.contract.ts'
import { caseReceived, caseStatusChanged } from './onboarding.mail.ts'
import {
  caseDetail,
  casePath,
  findCaseRow,
  notifyOnboarding,
  SELECT_CASES,
  seesAllCases,
  staffEmails,
  toCase,
  type CaseRow,
} from './onboarding.queries.ts'
import { oneRow } from '../../core/db-rows.ts'
import { addDaysTo, todayOf } from '../../core/dates.ts'

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path, message }] })

/** Checks that a user holds one of the roles (owners are GPA, sponsors Solutions or Alliances). */
async function checkRole(sql: Sql, path: string, userId: string, roles: string[], what: string) {
  const [u] = await sql.query<{ role: string; status: string }>('SELECT role, status FROM users WHERE id = $1 AND partner_id IS NULL', [
    userId,
  ])
  if (!u || !roles.includes(u.role) || u.status === 'deactivated') throw invalid(path, `Not ${what}`)
}

/** The case an inquiry was converted into, if any. */
export async function caseIdOfInquiry(ctx: Ctx, inquiryId: string): Promise<string | null> {
  assertCan(ctx.actor, 'onboarding:request')
  const [row] = await inTx(ctx, (sql) => sql.query<{ id: string }>('SELECT id FROM onboarding_cases WHERE inquiry_id = $1', [inquiryId]))
  return row?.id ?? null
}

/**
 * Opens an onboarding case: deal-driven (a deal needs the company) or sponsor-driven (a Solutions or Alliances
 * stakeholder sponsors it). An existing prospect moves to onboarding. Inquiry conversion calls this too, with
 * the inquiry's company details and its id.
 */
export async function createCase(ctx: Ctx, input: CaseCreate): Promise<CaseDetail> {
  assertCan(ctx.actor, 'onboarding:request')
  const actor = ctx.actor
  const sponsorSelf = actor.role === 'solutions' || actor.role === 'alliances'
  const sponsorId = input.path === 'sponsor' ? (input.sponsorId ?? (sponsorSelf ? actor.userId : null)) : null
  if (input.path === 'sponsor' && !sponsorId) throw invalid('sponsorId', 'Name the Solutions or Alliances sponsor of this request')
  const prospect = input.partnerId
    ? await getPartner(ctx, input.partnerId).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'PARTNER_NOT_FOUND') throw invalid('partnerId', 'No such partner')
        throw e
      })
    : null
  if (prospect && prospect.status !== 'prospect')
    throw invalid('partnerId', `Only a prospect is onboarded; this partner is ${prospect.status}`)
  const today = todayOf(ctx.now())
  const dueDate = input.dueDate ?? addDaysTo(today, defaultDueDays[input.agreementType])
  if (dueDate < today) throw invalid('dueDate', 'Must not be in the past')
  return inTx(ctx, async (sql) => {
    if (sponsorId) await checkRole(sql, 'sponsorId', sponsorId, ['solutions', 'alliances'], 'a Solutions or Alliances user')
    if (input.inquiryId) {
      const [dup] = await sql.query('SELECT 1 FROM onboarding_cases WHERE inquiry_id = $1', [input.inquiryId])
      if (dup)
        throw new AppError('CONFLICT', 'This inquiry has a case already', { errors: [{ path: 'inquiryId', message: 'Converted already' }] })
    }
    const { id } = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO onboarding_cases (path, agreement_type, legal_name, website, headquarters_country, partner_type, partner_id, contact_name,
         contact_email, deal_reference, sponsor_id, inquiry_id, notes, requested_by, due_date, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
        [
          input.path,
          input.agreementType,
          input.legalName ?? prospect!.legalName,
          input.website ?? prospect?.website ?? null,
          input.headquartersCountry ?? prospect!.headquartersCountry,
          input.partnerType ?? prospect!.type,
          input.partnerId ?? null,
          input.contactName,
          input.contactEmail,
          input.dealReference ?? null,
          sponsorId,
          input.inquiryId ?? null,
          input.notes ?? null,
          actor.userId || null,
          dueDate,
          ctx.now(),
        ],
      ),
      'Onboarding case',
    )
    for (const [position, item] of checklistFor(input.path, input.agreementType).entries())
      await sql.query('INSERT INTO onboarding_checklist (case_id, key, label, position, automatic) VALUES ($1, $2, $3, $4, $5)', [
        id,
        item.key,
        item.label,
        position,
        item.automatic,
      ])
    if (prospect) await setPartnerStatus(ctx, sql, prospect.id, 'onboarding')
    const row = await findCaseRow(sql, actor, id)
    await audit(ctx, sql, { entity: 'onboarding_case', entityId: id, action: 'create', after: toCase(row, today) })
    const mail = caseReceived({
      legalName: row.legal_name,
      url: appUrl(ctx, casePath(id)),
      path: row.path,
      agreementType: row.agreement_type,
      dueDate,
    })
    await notifyOnboarding(ctx, sql, id, 'caseReceived', await staffEmails(sql, [row.requested_by_id, row.sponsor_id]), mail)
    return caseDetail(sql, row, today)
  })
}

export async function listCases(ctx: Ctx, q: CaseListParams): Promise<Case[]> {
  const actor = ctx.actor
  if (!can(actor, 'onboarding:read')) assertCan(actor, 'onboarding:request')
  const where = new Where()
  // Requesters follow the cases they requested, sponsor or own; GPA and partner operations see all.
  if (!seesAllCases(actor!) || q.mine === 'true')
    where.add('(c.requested_by = ? OR c.sponsor_id = ? OR c.owner_id = ?)', actor!.userId, actor!.userId, actor!.userId)
  if (q.status) where.add('c.status = ?', q.status)
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, '\\$&')}%`
    where.add('(c.legal_name ILIKE ? OR c.deal_reference ILIKE ?)', like, like)
  }
  const rows = await inTx(ctx, (sql) =>
    sql.query<CaseRow>(
      `${SELECT_CASES} ${where} ORDER BY (c.status IN ('completed', 'cancelled')), c.due_date, c.created_at LIMIT 500`,
      where.params,
    ),
  )
  const today = todayOf(ctx.now())
  return rows.map((r) => toCase(r, today))
}

export async function getCase(ctx: Ctx, id: string): Promise<CaseDetail> {
  const actor = readerOf(ctx)
  return inTx(ctx, async (sql) => caseDetail(sql, await findCaseRow(sql, actor, id), todayOf(ctx.now())))
}

function readerOf(ctx: Ctx): Actor {
  if (!can(ctx.actor, 'onboarding:read')) assertCan(ctx.actor, 'onboarding:request')
  return ctx.actor!
}

const open = (row: CaseRow) => {
  if (row.status === 'completed' || row.status === 'cancelled') throw new AppError('CASE_CLOSED', `This case is ${row.status}`)
}

/** GPA assigns the owner, sets the due date, starts or cancels the case; the requester hears of status changes. */
export async function updateCase(ctx: Ctx, id: string, patch: CasePatch): Promise<CaseDetail> {
  assertCan(ctx.actor, 'onboarding:manage')
  const actor = ctx.actor
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const before = await findCaseRow(sql, actor, id, true)
    open(before)
    if (patch.ownerId) await checkRole(sql, 'ownerId', patch.ownerId, ['gps'], 'a GPA (gps) user')
    if (patch.dueDate && patch.dueDate < today && patch.dueDate !== before.due_date) throw invalid('dueDate', 'Must not be in the past')
    const ownerId = patch.ownerId !== undefined ? patch.ownerId : before.owner_id
    // Assigning an owner starts the work.
    const status = patch.status ?? (ownerId && before.status === 'requested' ? 'in_progress' : before.status)
    await sql.query(
      'UPDATE onboarding_cases SET owner_id = $2, due_date = $3, status = $4, notes = $5, version = version + 1, updated_at = $6 WHERE id = $1',
      [id, ownerId, patch.dueDate ?? before.due_date, status, patch.notes !== undefined ? patch.notes : before.notes, ctx.now()],
    )
    const after = await findCaseRow(sql, actor, id)
    const [b, a] = [toCase(before, today), toCase(after, today)]
    const changes = {
      ownerId: a.owner?.id ?? null,
      owner: a.owner?.name ?? null,
      dueDate: a.dueDate,
      status: a.status,
      notes: a.notes,
      ...(patch.reason ? { reason: patch.reason } : {}),
    }
    await audit(ctx, sql, {
      entity: 'onboarding_case',
      entityId: id,
      action: 'update',
      before: { ownerId: b.owner?.id ?? null, dueDate: b.dueDate, status: b.status, notes: b.notes },
      after: changes,
    })
    if (a.status !== b.status || a.owner?.id !== b.owner?.id) {
      const mail = caseStatusChanged({
        legalName: a.legalName,
        url: appUrl(ctx, casePath(id)),
        status: a.status,
        owner: a.owner?.name ?? null,
        dueDate: a.dueDate,
      })
      await notifyOnboarding(ctx, sql, id, 'caseStatusChanged', await staffEmails(sql, [after.requested_by_id, after.sponsor_id]), mail)
    }
    return caseDetail(sql, after, today)
  })
}

/** Ticks or unticks a manual checklist item; ticking one starts a requested case. */
export async function setChecklistItem(ctx: Ctx, id: string, key: string, done: boolean): Promise<CaseDetail> {
  assertCan(ctx.actor, 'onboarding:manage')
  const actor = ctx.actor
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const row = await findCaseRow(sql, actor, id, true)
    open(row)
    const item = row.checklist.find((i) => i.key === key)
    if (!item) throw new AppError('NOT_FOUND', `This case has no checklist item "${key}"`)
    if (item.automatic) throw new AppError('INVALID_TRANSITION', `"${item.label}" is done by completing the case`)
    await sql.query('UPDATE onboarding_checklist SET done_by = $3, done_at = $4 WHERE case_id = $1 AND key = $2', [
      id,
      key,
      done ? actor.userId || null : null,
      done ? ctx.now() : null,
    ])
    if (done && row.status === 'requested') await sql.query(`UPDATE onboarding_cases SET status = 'in_progress' WHERE id = $1`, [id])
    await sql.query('UPDATE onboarding_cases SET version = version + 1, updated_at = $2 WHERE id = $1', [id, ctx.now()])
    await audit(ctx, sql, {
      entity: 'onboarding_case',
      entityId: id,
      action: done ? 'check' : 'uncheck',
      after: { key, label: item.label },
    })
    return caseDetail(sql, await findCaseRow(sql, actor, id), today)
  })
}

/** Anyone following the case comments on it (requesters ask, GPA answers). */
export async function addComment(ctx: Ctx, id: string, body: string): Promise<CaseDetail> {
  const actor = readerOf(ctx)
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    await findCaseRow(sql, actor, id)
    const c = oneRow(
      await sql.query<{ id: string }>(
        'INSERT INTO onboarding_comments (case_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
        [id, actor.userId || null, body, ctx.now()],
      ),
      'Onboarding comment',
    )
    await audit(ctx, sql, { entity: 'onboarding_case', entityId: id, action: 'comment', after: { commentId: c.id } })
    return caseDetail(sql, await findCaseRow(sql, actor, id), today)
  })
}
