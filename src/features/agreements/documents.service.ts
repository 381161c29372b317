import { fileTypeFromBuffer } from 'file-type'
import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { blobStore, storedName } from '../../core/storage.ts'
import type { AgreementDocument } from './agreements.contract.ts'
import { DOCUMENT_COLUMNS, toDocument } from './agreement-parts.queries.ts'
import { findAgreementRow } from './agreements.queries.ts'
import { oneRow } from '../../core/db-rows.ts'
import { todayOf } from '../../core/dates.ts'

/** What an agreement document may be, judged from its bytes (the name and declared type are not trusted). */
export const documentTypes: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/tiff': 'TIFF',
}

const fileError = (code: 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE', message: string) =>
  new AppError(code, message, { errors: [{ path: 'file', message }] })

/**
 * Stores a document of an agreement the actor may manage: size and type are checked before anything is
 * written; the bytes go to the file store under their hash, the row to the database.
 */
export async function uploadDocument(ctx: Ctx, agreementId: string, file: { name: string; bytes: Uint8Array }): Promise<AgreementDocument> {
  assertCan(ctx.actor, 'agreements:manage')
  const actor = ctx.actor
  const today = todayOf(ctx.now())
  const limit = ctx.config.documentLimitBytes
  // Checked before the file, so a wrong id answers 404 whatever the file, and nothing is stored for a refusal.
  const target = await inTx(ctx, (sql) => findAgreementRow(sql, actor, agreementId, today))
  if (target.stored_status === 'terminated') throw new AppError('INVALID_TRANSITION', 'A terminated agreement takes no more documents')
  if (file.bytes.byteLength === 0) throw fileError('UNSUPPORTED_MEDIA_TYPE', 'The file is empty')
  if (file.bytes.byteLength > limit) throw fileError('PAYLOAD_TOO_LARGE', `The file is larger than ${limit} bytes`)
  const type = await fileTypeFromBuffer(file.bytes)
  if (!type || !documentTypes[type.mime])
    throw fileError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The file's content is ${type ? type.mime : 'not a known type'}; upload a PDF, DOCX or image (PNG, JPEG, WebP, TIFF)`,
    )
  const stored = await blobStore(ctx).put(file.bytes)
  return inTx(ctx, async (sql) => {
    const row = await findAgreementRow(sql, actor, agreementId, today, true)
    if (row.stored_status === 'terminated') throw new AppError('INVALID_TRANSITION', 'A terminated agreement takes no more documents')
    const { id } = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO agreement_documents (agreement_id, partner_id, filename, content_type, size_bytes, sha256, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          agreementId,
          row.partner_id,
          storedName(file.name, type.ext),
          type.mime,
          stored.size,
          stored.sha256,
          actor.userId || null,
          ctx.now(),
        ],
      ),
      'Agreement document',
    )
    const doc = oneRow(
      await sql.query<Parameters<typeof toDocument>[0]>(
        `SELECT ${DOCUMENT_COLUMNS} FROM agreement_documents d LEFT JOIN users u ON u.id = d.uploaded_by WHERE d.id = $1`,
        [id],
      ),
      'Agreement document',
    )
    const document = toDocument(doc)
    await audit(ctx, sql, {
      entity: 'agreement',
      entityId: agreementId,
      action: 'upload',
      partnerId: row.partner_id,
      after: { documentId: id, filename: document.filename, sha256: document.sha256, sizeBytes: document.sizeBytes },
    })
    return document
  })
}

/** A document's bytes, for a user who may see its agreement. */
export async function downloadDocument(
  ctx: Ctx,
  agreementId: string,
  documentId: string,
): Promise<{ document: AgreementDocument; bytes: Buffer }> {
  assertCan(ctx.actor, 'agreements:read')
  const actor = ctx.actor
  const document = await inTx(ctx, async (sql) => {
    await findAgreementRow(sql, actor, agreementId, todayOf(ctx.now()))
    const [doc] = await sql.query<Parameters<typeof toDocument>[0]>(
      `SELECT ${DOCUMENT_COLUMNS} FROM agreement_documents d LEFT JOIN users u ON u.id = d.uploaded_by WHERE d.id = $1 AND d.agreement_id = $2`,
      [documentId, agreementId],
    )
    if (!doc) throw new AppError('DOCUMENT_NOT_FOUND', 'Document not found')
    return toDocument(doc)
  })
  const bytes = await blobStore(ctx).get(document.sha256)
  if (!bytes) throw new AppError('INTERNAL', 'The document is recorded but its file is missing from the store')
  return { document, bytes }
}
