import { assertCan, can } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { checkDocument } from '../../core/documents.ts'
import { AppError } from '../../core/errors.ts'
import { blobStore } from '../../core/storage.ts'
import { getPartner } from '../partners/partners.service.ts'
import type { Evidence, EvidenceInput } from './evidence.contract.ts'
import { reassess } from './gaps.sync.ts'
import { whoOf, type Who } from './safety.queries.ts'
import { isExpired } from './safety.rules.ts'
import { todayOf } from '../../core/dates.ts'

type EvidenceRow = {
  id: string
  partner_id: string
  kind: Evidence['kind']
  status: Evidence['status']
  title: string | null
  insurance_type: Evidence['insuranceType']
  insurer: string | null
  policy_number: string | null
  limit_amount: string | null
  limit_currency: string | null
  effective_date: string | null
  expiry_date: string | null
  year: number | null
  trir: string | null
  dart: string | null
  emr: string | null
  hours_worked: string | null
  filename: string
  content_type: string
  size_bytes: number
  sha256: string
  uploaded_by: Who
  uploaded_at: Date
  decided_by: Who
  decided_at: Date | null
  decision_reason: string | null
}

export const SELECT_EVIDENCE = `SELECT e.id, e.partner_id, e.kind, e.status, e.title, e.insurance_type, e.insurer, e.policy_number,
  e.limit_amount::text, e.limit_currency, e.effective_date::text, e.expiry_date::text, e.year, e.trir::text, e.dart::text, e.emr::text,
  e.hours_worked::text, e.filename, e.content_type, e.size_bytes, e.sha256, ${whoOf('e.uploaded_by')} AS uploaded_by, e.uploaded_at,
  ${whoOf('e.decided_by')} AS decided_by, e.decided_at, e.decision_reason FROM safety_evidence e`

const toEvidence = (r: EvidenceRow, today: string): Evidence & { sha256: string } => ({
  id: r.id,
  partnerId: r.partner_id,
  kind: r.kind,
  status: r.status,
  expired: isExpired(r.expiry_date, today),
  title: r.title,
  insuranceType: r.insurance_type,
  insurer: r.insurer,
  policyNumber: r.policy_number,
  limit: r.limit_amount && r.limit_currency ? { amount: r.limit_amount, currency: r.limit_currency } : null,
  effectiveDate: r.effective_date,
  expiryDate: r.expiry_date,
  year: r.year,
  trir: r.trir,
  dart: r.dart,
  emr: r.emr,
  hoursWorked: r.hours_worked === null ? null : Number(r.hours_worked),
  filename: r.filename,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at.toISOString(),
  decidedBy: r.decided_by,
  decidedAt: r.decided_at?.toISOString() ?? null,
  decisionReason: r.decision_reason,
})

async function findEvidence(sql: Sql, id: string, today: string, lock = false) {
  const rows = await sql.query<EvidenceRow>(`${SELECT_EVIDENCE} WHERE e.id = $1${lock ? ' FOR UPDATE OF e' : ''}`, [id])
  const row = rows[0]
  if (!row) throw new AppError('DOCUMENT_NOT_FOUND', 'Evidence not found')
  return toEvidence(row, today)
}

/** Evidence of one partner, newest first (a partner's users: their own company only). */
export async function listEvidence(ctx: Ctx, partnerId: string): Promise<Evidence[]> {
  assertCan(ctx.actor, 'safety:read')
  await getPartner(ctx, partnerId)
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<EvidenceRow>(`${SELECT_EVIDENCE} WHERE e.partner_id = $1 ORDER BY e.uploaded_at DESC, e.id`, [partnerId])
    return rows.map((r) => toEvidence(r, today))
  })
}

/**
 * A partner admin uploads its own company's evidence (a safety user may upload on a partner's behalf): the
 * document is checked (size, type from its bytes) before anything is stored; the evidence waits for a safety
 * user's decision and counts only once accepted.
 */
export async function uploadEvidence(
  ctx: Ctx,
  partnerId: string,
  input: EvidenceInput,
  file: { name: string; bytes: Uint8Array },
): Promise<Evidence> {
  if (!can(ctx.actor, 'safety:manage')) assertCan(ctx.actor, 'safety:submit')
  const actor = ctx.actor!
  await getPartner(ctx, partnerId) // another company's id: 404 before the file is looked at
  const doc = await checkDocument(file, ctx.config.documentLimitBytes)
  const stored = await blobStore(ctx).put(file.bytes)
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const i = input
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO safety_evidence (partner_id, kind, title, insurance_type, insurer, policy_number, limit_amount, limit_currency, effective_date,
         expiry_date, year, trir, dart, emr, hours_worked, filename, content_type, size_bytes, sha256, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
      [
        partnerId,
        i.kind,
        i.kind === 'program' || i.kind === 'licence' ? i.title : null,
        i.kind === 'insurance' ? i.insuranceType : null,
        i.kind === 'insurance' ? i.insurer : null,
        i.kind === 'insurance' ? i.policyNumber : null,
        i.kind === 'insurance' ? i.limit.amount : null,
        i.kind === 'insurance' ? i.limit.currency : null,
        i.kind !== 'statistics' ? (i.effectiveDate ?? null) : null,
        i.kind !== 'statistics' ? (i.expiryDate ?? null) : null,
        i.kind === 'statistics' ? i.year : null,
        i.kind === 'statistics' ? i.trir : null,
        i.kind === 'statistics' ? i.dart : null,
        i.kind === 'statistics' ? i.emr : null,
        i.kind === 'statistics' ? i.hoursWorked : null,
        doc.filename,
        doc.mime,
        stored.size,
        stored.sha256,
        actor.userId || null,
        ctx.now(),
      ],
    )
    if (!row) throw new AppError('INTERNAL', 'The evidence was not stored')
    const evidence = await findEvidence(sql, row.id, today)
    await audit(ctx, sql, {
      entity: 'safety_evidence',
      entityId: row.id,
      action: 'upload',
      partnerId,
      after: { ...input, filename: doc.filename, sha256: stored.sha256 },
    })
    return evidence
  })
}

/** A safety user accepts submitted evidence (it then counts) or rejects it with a reason; gaps follow at once. */
export async function decideEvidence(ctx: Ctx, id: string, input: { decision: 'accept' | 'reject'; reason?: string }): Promise<Evidence> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const before = await findEvidence(sql, id, today, true)
    if (before.status !== 'submitted') throw new AppError('INVALID_TRANSITION', `The evidence was already ${before.status}`)
    const status = input.decision === 'accept' ? 'accepted' : 'rejected'
    await sql.query('UPDATE safety_evidence SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1', [
      id,
      status,
      actor.userId || null,
      ctx.now(),
      input.reason ?? null,
    ])
    await audit(ctx, sql, {
      entity: 'safety_evidence',
      entityId: id,
      action: input.decision,
      partnerId: before.partnerId,
      after: { status, reason: input.reason ?? null },
    })
    await reassess(ctx, sql, [before.partnerId])
    return findEvidence(sql, id, today)
  })
}

export async function downloadEvidence(ctx: Ctx, id: string): Promise<{ evidence: Evidence; bytes: Buffer }> {
  assertCan(ctx.actor, 'safety:read')
  const evidence = await inTx(ctx, (sql) => findEvidence(sql, id, todayOf(ctx.now())))
  const bytes = await blobStore(ctx).get(evidence.sha256)
  if (!bytes) throw new AppError('INTERNAL', 'The document is recorded but its file is missing from the store')
  return { evidence, bytes }
}
