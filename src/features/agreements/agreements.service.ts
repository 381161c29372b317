import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { Where } from '../../core/where.ts'
import {
  agreementTypeLabels,
  type Agreement,
  type AgreementCreate,
  type AgreementDetail,
  type AgreementListParams,
  type AgreementPatch,
  type AgreementStatus,
  type SignInput,
} from './agreements.contract.ts'
import { agreementSent, agreementSignedEvent } from './agreements.events.ts'
import { emitAgreementEvent, staffOf } from './agreements.notify.ts'
import {
  EFFECTIVE_STATUS,
  findAgreementRow,
  potcInForce,
  potcVersion,
  SELECT_AGREEMENTS,
  toAgreement,
  type AgreementRow,
} from './agreements.queries.ts'
import { agreementParts } from './agreement-parts.queries.ts'
import { oneRow } from '../../core/db-rows.ts'
import { todayOf } from '../../core/dates.ts'

/**
 * Client flow-down terms are signed once per partner and client: the database refuses a second one while one
 * is valid (unique index agreements_flow_down_once), answered as FLOW_DOWN_EXISTS.
 */
async function flowDownOnce<T>(clientName: string | null | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (e) {
    const err = e as { code?: string; constraint?: string }
    if (err?.code === '23505' && err.constraint === 'agreements_flow_down_once')
      throw new AppError(
        'FLOW_DOWN_EXISTS',
        `The partner has valid flow-down terms for ${clientName ?? 'this client'} already: they are signed once per client`,
        {
          errors: [{ path: 'clientName', message: 'A valid flow-down for this client exists' }],
        },
      )
    throw e
  }
}

const invalid = (path: string, message: string, code: 'VALIDATION_FAILED' | 'INVALID_TRANSITION' = 'VALIDATION_FAILED') =>
  new AppError(code, code === 'VALIDATION_FAILED' ? 'Validation failed' : message, { errors: [{ path, message }] })

export async function listAgreements(ctx: Ctx, q: AgreementListParams): Promise<Agreement[]> {
  assertCan(ctx.actor, 'agreements:read')
  const actor = ctx.actor
  const today = todayOf(ctx.now())
  const where = new Where()
  where.add('? IS NOT NULL', today) // $1: today, read by the effective status
  // Partner users see their own company's agreements only; RLS enforces the same.
  if (isExternal(actor)) where.add('a.partner_id = ?', actor.partnerId)
  else if (q.partnerId) where.add('a.partner_id = ?', q.partnerId)
  if (q.type) where.add('a.type = ?', q.type)
  if (q.status) where.add(`${EFFECTIVE_STATUS} = ?`, q.status)
  if (q.expiringWithinDays !== undefined)
    where.add(`a.status = 'active' AND a.expiry_date >= $1::date AND a.expiry_date <= $1::date + ?::int`, q.expiringWithinDays)
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, '\\$&')}%`
    where.add('(a.title ILIKE ? OR a.client_name ILIKE ? OR p.legal_name ILIKE ?)', like, like, like)
  }
  const order = q.expiringWithinDays !== undefined ? 'a.expiry_date, a.id' : 'p.legal_name, a.effective_date DESC, a.id'
  const limit = where.param(q.limit)
  const rows = await inTx(ctx, (sql) =>
    sql.query<AgreementRow>(`${SELECT_AGREEMENTS} ${where} ORDER BY ${order} LIMIT ${limit}`, where.params),
  )
  return rows.map((r) => toAgreement(r, today))
}

export async function getAgreement(ctx: Ctx, id: string): Promise<AgreementDetail> {
  assertCan(ctx.actor, 'agreements:read')
  const actor = ctx.actor
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const row = await findAgreementRow(sql, actor, id, today)
    return { ...toAgreement(row, today), ...(await agreementParts(sql, row)) }
  })
}

async function checkPartner(sql: Sql, partnerId: string) {
  const found = await sql.query('SELECT 1 FROM partners WHERE id = $1', [partnerId])
  if (!found.length) throw invalid('partnerId', 'No such partner')
}

/**
 * Inserts an agreement inside the caller's transaction (shared with onboarding, whose completion is the
 * authority for its first agreement). A POTC is the version in force on its effective date. `active` is for
 * agreements signed before they were recorded here (on paper), as the demo data holds.
 */
export async function insertAgreement(
  ctx: Ctx,
  sql: Sql,
  input: AgreementCreate,
  status: 'draft' | 'out_for_signature' | 'active' = 'draft',
): Promise<Agreement> {
  await checkPartner(sql, input.partnerId)
  const potc = input.type === 'potc' ? await potcInForce(sql, input.effectiveDate) : null
  const title =
    input.title ?? (input.clientName ? `${agreementTypeLabels[input.type]}: ${input.clientName}` : agreementTypeLabels[input.type])
  const { id } = oneRow(
    await flowDownOnce(input.clientName, () =>
      sql.query<{ id: string }>(
        `INSERT INTO agreements (partner_id, type, title, status, effective_date, expiry_date, countries, renewal_terms, client_name, potc_version, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          input.partnerId,
          input.type,
          title,
          status,
          input.effectiveDate,
          input.expiryDate ?? null,
          [...new Set(input.countries ?? [])],
          potc ? potc.renewalTerms : (input.renewalTerms ?? null),
          input.clientName ?? null,
          potc?.version ?? null,
          ctx.actor?.userId || null,
        ],
      ),
    ),
    'Agreement',
  )
  const today = todayOf(ctx.now())
  const agreement = toAgreement(await findAgreementRow(sql, ctx.actor!, id, today), today)
  await audit(ctx, sql, { entity: 'agreement', entityId: id, action: 'create', partnerId: input.partnerId, after: agreement })
  if (status === 'out_for_signature') await notifyToSign(ctx, sql, agreement)
  return agreement
}

export async function createAgreement(ctx: Ctx, input: AgreementCreate): Promise<Agreement> {
  assertCan(ctx.actor, 'agreements:manage')
  return inTx(ctx, (sql) => insertAgreement(ctx, sql, input))
}

async function notifyToSign(ctx: Ctx, sql: Sql, a: Agreement) {
  await emitAgreementEvent(ctx, sql, a, agreementSent, {
    agreementId: a.id,
    partnerId: a.partnerId,
    partner: a.partnerName,
    title: a.title,
    typeLabel: agreementTypeLabels[a.type],
    potcVersion: a.potcVersion,
  })
}

/** Changes an agreement in one transaction: `change` gets the locked row and returns the update to apply (or throws). */
async function changeAgreement(
  ctx: Ctx,
  id: string,
  action: string,
  change: (row: AgreementRow) => { set: string; params: unknown[] },
): Promise<Agreement> {
  const actor = ctx.actor!
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const row = await findAgreementRow(sql, actor, id, today, true)
    const { set, params } = change(row)
    await flowDownOnce(row.client_name, () =>
      sql.query(`UPDATE agreements SET ${set}, version = version + 1, updated_at = $2 WHERE id = $1`, [id, ctx.now(), ...params]),
    )
    const after = toAgreement(await findAgreementRow(sql, actor, id, today), today)
    await audit(ctx, sql, { entity: 'agreement', entityId: id, action, partnerId: row.partner_id, before: toAgreement(row, today), after })
    if (action === 'send') await notifyToSign(ctx, sql, after)
    return after
  })
}

/** A draft changes freely; after that only the expiry date and renewal terms (a renewal, which revives an expired agreement). */
export async function updateAgreement(ctx: Ctx, id: string, patch: AgreementPatch): Promise<Agreement> {
  assertCan(ctx.actor, 'agreements:manage')
  const today = todayOf(ctx.now())
  return changeAgreement(ctx, id, 'update', (row) => {
    if (row.stored_status === 'terminated') throw new AppError('INVALID_TRANSITION', 'A terminated agreement cannot change')
    if (row.stored_status !== 'draft') {
      const locked = (['title', 'effectiveDate', 'countries', 'clientName'] as const).filter((k) => patch[k] !== undefined)
      if (locked.length)
        throw new AppError(
          'INVALID_TRANSITION',
          'Only a draft changes freely; a signed agreement changes its expiry date and renewal terms',
          {
            errors: locked.map((path) => ({ path, message: 'Fixed once the agreement is out for signature' })),
          },
        )
    }
    if (row.type === 'potc' && patch.renewalTerms)
      throw invalid('renewalTerms', 'POTC terms are non-modifiable: their renewal terms are those of the version')
    if (row.type !== 'flow_down' && patch.clientName) throw invalid('clientName', 'Only client flow-down terms name a client')
    if (row.type === 'flow_down' && patch.clientName === null) throw invalid('clientName', 'Required for client flow-down terms')
    const effective = patch.effectiveDate ?? row.effective_date
    const expiry = patch.expiryDate !== undefined ? patch.expiryDate : row.expiry_date
    if (expiry && expiry <= effective) throw invalid('expiryDate', 'Must be after the effective date')
    // A renewal of an agreement the job marked expired brings it back: active when it was signed, else out for
    // signature again (one expired by date only still has its stored status, which the new date makes current).
    const renewed = row.stored_status === 'expired' && expiry && expiry >= today
    const revived = renewed ? (row.signed_at ? 'active' : 'out_for_signature') : row.stored_status
    return {
      set: 'title = $3, effective_date = $4, expiry_date = $5, countries = $6, renewal_terms = $7, client_name = $8, status = $9',
      params: [
        patch.title ?? row.title,
        effective,
        expiry,
        patch.countries ? [...new Set(patch.countries)] : row.countries,
        patch.renewalTerms !== undefined ? patch.renewalTerms : row.renewal_terms,
        patch.clientName !== undefined ? patch.clientName : row.client_name,
        revived,
      ],
    }
  })
}

const transition = (row: AgreementRow, from: AgreementStatus[], to: AgreementStatus) => {
  if (!from.includes(row.status))
    throw new AppError('INVALID_TRANSITION', `An agreement that is ${row.status.replace(/_/g, ' ')} cannot become ${to.replace(/_/g, ' ')}`)
  return { set: 'status = $3', params: [to] }
}

/** Sends a draft out for signature; the partner's admins are told. */
export async function sendForSignature(ctx: Ctx, id: string): Promise<Agreement> {
  assertCan(ctx.actor, 'agreements:manage')
  return changeAgreement(ctx, id, 'send', (row) => transition(row, ['draft'], 'out_for_signature'))
}

export async function terminateAgreement(ctx: Ctx, id: string): Promise<Agreement> {
  assertCan(ctx.actor, 'agreements:manage')
  return changeAgreement(ctx, id, 'terminate', (row) => transition(row, ['draft', 'out_for_signature', 'active', 'expired'], 'terminated'))
}

/** What a signature covers: a POTC's accepted version (its text's hash), else the agreement's latest document. */
async function signedContent(sql: Sql, row: AgreementRow, input: SignInput): Promise<{ sha256: string; documentId: string | null }> {
  if (row.type === 'potc') {
    if (input.potcVersion !== row.potc_version)
      throw invalid(
        'potcVersion',
        `Accept POTC version ${row.potc_version}: the terms are non-modifiable and that is the version of this agreement`,
      )
    return { sha256: (await potcVersion(sql, row.potc_version!)).sha256, documentId: null }
  }
  const [doc] = await sql.query<{ id: string; sha256: string }>(
    'SELECT id, sha256 FROM agreement_documents WHERE agreement_id = $1 ORDER BY uploaded_at DESC, id DESC LIMIT 1',
    [row.id],
  )
  if (!doc) throw new AppError('AGREEMENT_NOT_SIGNABLE', 'This agreement has no document to sign yet')
  return { sha256: doc.sha256, documentId: doc.id }
}

/**
 * A partner admin signs its own company's agreement: typed name, time, user and the hash of what was signed
 * (the latest document, or the accepted POTC version's text) go to the signature record and the audit log.
 */
export async function signAgreement(ctx: Ctx, id: string, input: SignInput): Promise<AgreementDetail> {
  assertCan(ctx.actor, 'agreements:sign')
  const actor = ctx.actor
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const row = await findAgreementRow(sql, actor, id, today, true)
    if (row.partner_id !== actor.partnerId) throw new AppError('AGREEMENT_NOT_FOUND', 'Agreement not found')
    if (row.status !== 'out_for_signature')
      throw new AppError(
        'AGREEMENT_NOT_SIGNABLE',
        row.status === 'active'
          ? 'This agreement is signed already'
          : `An agreement that is ${row.status.replace(/_/g, ' ')} cannot be signed`,
      )
    const signed = await signedContent(sql, row, input)
    const [documentSha256, documentId] = [signed.sha256, signed.documentId]
    const signedAt = ctx.now()
    const [signature] = await sql.query<{ id: string }>(
      `INSERT INTO agreement_signatures (agreement_id, partner_id, user_id, typed_name, signed_at, document_sha256, document_id, potc_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
      [id, row.partner_id, actor.userId, input.typedName, signedAt, documentSha256, documentId, row.potc_version],
    )
    if (!signature) throw new AppError('ALREADY_SIGNED', 'You signed this agreement already')
    await sql.query(`UPDATE agreements SET status = 'active', version = version + 1, updated_at = $2 WHERE id = $1`, [id, signedAt])
    await audit(ctx, sql, {
      entity: 'agreement',
      entityId: id,
      action: 'sign',
      partnerId: row.partner_id,
      after: {
        signatureId: signature.id,
        typedName: input.typedName,
        userId: actor.userId,
        signedAt: signedAt.toISOString(),
        documentSha256,
        potcVersion: row.potc_version,
      },
    })
    const after = await findAgreementRow(sql, actor, id, today)
    await emitAgreementEvent(ctx, sql, { id, partnerId: row.partner_id }, agreementSignedEvent, {
      agreementId: id,
      partnerId: row.partner_id,
      partner: row.partner_name,
      title: row.title,
      signerName: input.typedName,
      signedAt: signedAt.toISOString(),
      ...(await staffOf(sql, row.partner_id)),
    })
    return { ...toAgreement(after, today), ...(await agreementParts(sql, after)) }
  })
}
