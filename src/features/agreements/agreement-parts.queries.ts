import type { Sql } from '../../core/db.ts'
import type { Agreement, AgreementDetail, AgreementDocument, Extension, Signature } from './agreements.contract.ts'
import { potcVersion, type AgreementRow } from './agreements.queries.ts'

type DocumentRow = {
  id: string
  filename: string
  content_type: string
  size_bytes: number
  sha256: string
  uploaded_by: string | null
  uploaded_at: Date
}
export const toDocument = (r: DocumentRow): AgreementDocument => ({
  id: r.id,
  filename: r.filename,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at.toISOString(),
})
export const DOCUMENT_COLUMNS = `d.id, d.filename, d.content_type, d.size_bytes, d.sha256, u.name AS uploaded_by, d.uploaded_at`

type ExtensionRow = {
  id: string
  agreement_id: string
  country: string
  deal_reference: string
  deal_id: string | null
  reason: string | null
  status: Extension['status']
  requested_by: string | null
  requested_at: Date
  decided_by: string | null
  decided_at: Date | null
  decision_note: string | null
}
export const EXTENSION_SELECT = `SELECT e.id, e.agreement_id, e.country, e.deal_reference, e.deal_id, e.reason, e.status, r.name AS requested_by, e.requested_at,
  d.name AS decided_by, e.decided_at, e.decision_note FROM country_extensions e LEFT JOIN staff r ON r.id = e.requested_by LEFT JOIN staff d ON d.id = e.decided_by`
export const toExtension = (r: ExtensionRow): Extension => ({
  id: r.id,
  agreementId: r.agreement_id,
  country: r.country,
  dealReference: r.deal_reference,
  dealId: r.deal_id,
  reason: r.reason,
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at.toISOString(),
  decidedBy: r.decided_by,
  decidedAt: r.decided_at?.toISOString() ?? null,
  decisionNote: r.decision_note,
})
export type { ExtensionRow }

type SignatureRow = {
  id: string
  user_id: string
  user_name: string
  typed_name: string
  signed_at: Date
  document_sha256: string | null
  potc_version: string | null
}
const toSignature = (r: SignatureRow): Signature => ({
  id: r.id,
  userId: r.user_id,
  userName: r.user_name,
  typedName: r.typed_name,
  signedAt: r.signed_at.toISOString(),
  documentSha256: r.document_sha256,
  potcVersion: r.potc_version,
})

type HistoryRow = { id: string; at: Date; actor_label: string; action: string; after: Record<string, unknown> | null }

/** Documents, signatures, country extensions, POTC text and history of one agreement (the caller has checked it may see it). */
export async function agreementParts(sql: Sql, row: AgreementRow): Promise<Omit<AgreementDetail, keyof Agreement>> {
  const documents = await sql.query<DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM agreement_documents d LEFT JOIN users u ON u.id = d.uploaded_by WHERE d.agreement_id = $1 ORDER BY d.uploaded_at, d.id`,
    [row.id],
  )
  const signatures = await sql.query<SignatureRow>(
    `SELECT s.id, s.user_id, coalesce(u.name, s.typed_name) AS user_name, s.typed_name, s.signed_at, s.document_sha256, s.potc_version
     FROM agreement_signatures s LEFT JOIN users u ON u.id = s.user_id WHERE s.agreement_id = $1 ORDER BY s.signed_at`,
    [row.id],
  )
  const extensions = await sql.query<ExtensionRow>(`${EXTENSION_SELECT} WHERE e.agreement_id = $1 ORDER BY e.requested_at, e.id`, [row.id])
  const history = await sql.query<HistoryRow>(
    `SELECT a.id::text AS id, a.at, a.actor_label, a.action, a.after FROM audit_log a WHERE a.entity = 'agreement' AND a.entity_id = $1
     ORDER BY a.id DESC LIMIT 200`,
    [row.id],
  )
  return {
    documents: documents.map(toDocument),
    signatures: signatures.map(toSignature),
    extensions: extensions.map(toExtension),
    potcTerms: row.potc_version ? await potcVersion(sql, row.potc_version) : null,
    // Snapshots of the agreement itself are left out: the detail already shows it as it is.
    history: history.map((h) => ({
      id: h.id,
      at: h.at.toISOString(),
      actor: h.actor_label,
      action: h.action,
      detail: h.action === 'notify' || h.action === 'sign' || h.action.startsWith('extension') || h.action === 'upload' ? h.after : null,
    })),
  }
}
