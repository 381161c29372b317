import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { emit } from '../../core/events.ts'
import { insertAgreement } from '../agreements/agreements.service.ts'
import { insertUser } from '../identity/users.service.ts'
import { insertPartner, setPartnerStatus } from '../partners/partners.service.ts'
import type { CaseDetail, CompleteInput } from './onboarding.contract.ts'
import { caseCompletedEvent } from './onboarding.events.ts'
import { caseDetail, findCaseRow } from './onboarding.queries.ts'
import { todayOf } from '../../core/dates.ts'

export type Completed = { case: CaseDetail; partnerId: string; agreementId: string }

/**
 * Completes a case once every manual checklist item is done, in one transaction: the partner is created (or
 * the prospect activated), its first agreement goes out for signature, and the case's contact is invited as
 * its first partner admin. Any failure (a website or email already taken) leaves everything as it was.
 */
export async function completeCase(ctx: Ctx, id: string, input: CompleteInput): Promise<Completed> {
  assertCan(ctx.actor, 'onboarding:manage')
  const actor = ctx.actor
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const row = await findCaseRow(sql, actor, id, true)
    if (row.status === 'completed' || row.status === 'cancelled') throw new AppError('CASE_CLOSED', `This case is ${row.status}`)
    const missing = row.checklist.filter((i) => !i.automatic && !i.done_at)
    if (missing.length)
      throw new AppError('CHECKLIST_INCOMPLETE', 'Finish the checklist before completing the case', {
        errors: missing.map((i) => ({ path: `checklist.${i.key}`, message: `Not done: ${i.label}` })),
      })
    const countries = input.countries?.length ? input.countries : [row.headquarters_country]
    const partner = row.partner_id
      ? await setPartnerStatus(ctx, sql, row.partner_id, 'active')
      : await insertPartner(ctx, sql, {
          legalName: row.legal_name,
          website: row.website,
          headquartersCountry: row.headquarters_country,
          type: row.partner_type,
          status: 'active',
          countries,
          sponsorId: row.sponsor_id,
        })
    const { user } = await insertUser(
      ctx,
      sql,
      { email: row.contact_email, name: row.contact_name, role: 'partner_admin', partnerId: partner.id },
      null,
    ).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'EMAIL_TAKEN')
        throw new AppError('EMAIL_TAKEN', 'The contact already has a user; change the case contact', {
          errors: [{ path: 'contactEmail', message: 'Already in use' }],
        })
      throw e
    })
    const agreement = await insertAgreement(
      ctx,
      sql,
      {
        partnerId: partner.id,
        type: row.agreement_type,
        effectiveDate: input.effectiveDate,
        expiryDate: input.expiryDate ?? null,
        countries,
      },
      'out_for_signature',
    )
    await sql.query(`UPDATE onboarding_checklist SET done_by = $2, done_at = $3 WHERE case_id = $1 AND automatic`, [
      id,
      actor.userId || null,
      ctx.now(),
    ])
    await sql.query(
      `UPDATE onboarding_cases SET status = 'completed', completed_at = $2, partner_id = $3, agreement_id = $4, admin_user_id = $5,
         owner_id = coalesce(owner_id, $6), version = version + 1, updated_at = $2 WHERE id = $1`,
      [id, ctx.now(), partner.id, agreement.id, user.id, actor.role === 'gps' ? actor.userId : null],
    )
    await audit(ctx, sql, {
      entity: 'onboarding_case',
      entityId: id,
      action: 'complete',
      after: { partnerId: partner.id, agreementId: agreement.id, adminUserId: user.id, adminEmail: user.email },
    })
    const after = await findCaseRow(sql, actor, id)
    const { mails, emailed } = await emit(ctx, sql, caseCompletedEvent, {
      caseId: id,
      partnerId: partner.id,
      legalName: partner.legalName,
      agreementId: agreement.id,
      agreementTitle: agreement.title,
      adminEmail: user.email,
      requestedById: after.requested_by_id,
      sponsorId: after.sponsor_id,
    })
    if (mails[0])
      await audit(ctx, sql, {
        entity: 'onboarding_case',
        entityId: id,
        action: 'notify',
        after: { template: mails[0].template, to: emailed, subject: mails[0].subject },
      })
    return { case: await caseDetail(sql, after, today), partnerId: partner.id, agreementId: agreement.id }
  })
}
