import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { appUrl } from '../../core/mail.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import type { Extension, ExtensionDecision, ExtensionInput } from './agreements.contract.ts'
import { extensionDecided, extensionRequested } from './agreements.mail.ts'
import { agreementPath, notifyAgreement, recipientsOf } from './agreements.notify.ts'
import { EXTENSION_SELECT, toExtension, type ExtensionRow } from './agreement-parts.queries.ts'
import { findAgreementRow } from './agreements.queries.ts'
import { oneRow } from '../../core/db-rows.ts'
import { todayOf } from '../../core/dates.ts'

const one = async (sql: Sql, id: string) =>
  toExtension(
    oneRow(await sql.query<ExtensionRow>(`${EXTENSION_SELECT} WHERE e.id = $1`, [id]), 'Country extension', 'EXTENSION_NOT_FOUND'),
  )

/**
 * Asks to extend an agreement to a country for a deal: deal-driven and country-specific. Partner
 * operations approve it; the country joins the agreement then, not before.
 */
export async function requestExtension(ctx: Ctx, agreementId: string, input: ExtensionInput): Promise<Extension> {
  assertCan(ctx.actor, 'extensions:request')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const row = await findAgreementRow(sql, actor, agreementId, todayOf(ctx.now()), true)
    if (row.status === 'terminated' || row.status === 'expired')
      throw new AppError('INVALID_TRANSITION', `An agreement that is ${row.status} cannot be extended`)
    if (row.countries.includes(input.country))
      throw new AppError('VALIDATION_FAILED', 'Validation failed', {
        errors: [{ path: 'country', message: 'The agreement covers this country already' }],
      })
    const open = await sql.query(`SELECT 1 FROM country_extensions WHERE agreement_id = $1 AND country = $2 AND status = 'requested'`, [
      agreementId,
      input.country,
    ])
    if (open.length)
      throw new AppError('CONFLICT', 'A request for this country is waiting for a decision', {
        errors: [{ path: 'country', message: 'Already requested' }],
      })
    // A registered deal is linked, not described: it must be one of this partner's deals.
    if (!input.dealId && !input.dealReference)
      throw new AppError('VALIDATION_FAILED', 'Validation failed', {
        errors: [{ path: 'dealId', message: 'Name the registered deal (or the opportunity) that needs the country' }],
      })
    let dealReference = input.dealReference ?? ''
    if (input.dealId) {
      const [deal] = await sql.query<{ customer_name: string }>('SELECT customer_name FROM deals WHERE id = $1 AND partner_id = $2', [
        input.dealId,
        row.partner_id,
      ])
      if (!deal)
        throw new AppError('VALIDATION_FAILED', 'Validation failed', {
          errors: [{ path: 'dealId', message: 'Not a registered deal of this partner' }],
        })
      dealReference = input.dealReference ?? `${deal.customer_name} (registered deal)`
    }
    const { id } = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO country_extensions (agreement_id, partner_id, country, deal_reference, deal_id, reason, requested_by, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          agreementId,
          row.partner_id,
          input.country,
          dealReference,
          input.dealId ?? null,
          input.reason ?? null,
          actor.userId || null,
          ctx.now(),
        ],
      ),
      'Country extension',
    )
    const extension = await one(sql, id)
    await audit(ctx, sql, {
      entity: 'agreement',
      entityId: agreementId,
      action: 'extension_request',
      partnerId: row.partner_id,
      after: extension,
    })
    const r = await recipientsOf(sql, row.partner_id)
    const mail = extensionRequested({
      partnerName: row.partner_name,
      title: row.title,
      url: appUrl(ctx, agreementPath(agreementId)),
      country: input.country,
      dealReference,
      requester: actor.name,
    })
    await notifyAgreement(ctx, sql, { id: agreementId, partnerId: row.partner_id }, 'extensionRequested', [r.ops], mail)
    return extension
  })
}

/** Partner operations approve (the country joins the agreement) or reject (with a note) a request, once. */
export async function decideExtension(ctx: Ctx, extensionId: string, input: ExtensionDecision): Promise<Extension> {
  assertCan(ctx.actor, 'extensions:approve')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const [ext] = await sql.query<{ agreement_id: string; status: string; country: string; requested_by: string | null }>(
      'SELECT agreement_id, status, country, requested_by FROM country_extensions WHERE id = $1 FOR UPDATE',
      [extensionId],
    )
    if (!ext || isExternal(actor)) throw new AppError('EXTENSION_NOT_FOUND', 'Country extension request not found')
    if (ext.status !== 'requested') throw new AppError('EXTENSION_DECIDED', `This request was ${ext.status} already`)
    const row = await findAgreementRow(sql, actor, ext.agreement_id, todayOf(ctx.now()), true)
    if (input.decision === 'approved' && (row.status === 'terminated' || row.status === 'expired'))
      throw new AppError('INVALID_TRANSITION', `The agreement is ${row.status}: the request can only be rejected`)
    await sql.query('UPDATE country_extensions SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5 WHERE id = $1', [
      extensionId,
      input.decision,
      actor.userId || null,
      ctx.now(),
      input.note ?? null,
    ])
    if (input.decision === 'approved') {
      const countries = [...new Set([...row.countries, ext.country])]
      await sql.query('UPDATE agreements SET countries = $2, version = version + 1, updated_at = $3 WHERE id = $1', [
        row.id,
        countries,
        ctx.now(),
      ])
    }
    const extension = await one(sql, extensionId)
    await audit(ctx, sql, {
      entity: 'agreement',
      entityId: row.id,
      action: `extension_${input.decision}`,
      partnerId: row.partner_id,
      after: extension,
    })
    const [requester] = ext.requested_by
      ? await sql.query<{ email: string }>('SELECT email FROM staff WHERE id = $1', [ext.requested_by])
      : []
    const mail = extensionDecided({
      partnerName: row.partner_name,
      title: row.title,
      url: appUrl(ctx, agreementPath(row.id)),
      country: ext.country,
      dealReference: extension.dealReference,
      decision: input.decision,
      note: input.note ?? null,
    })
    await notifyAgreement(ctx, sql, { id: row.id, partnerId: row.partner_id }, 'extensionDecided', [requester?.email ?? null], mail)
    return extension
  })
}
