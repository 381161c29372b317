import { createHash, randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { oneRow } from '../../core/db-rows.ts'
import { AppError, type FieldError } from '../../core/errors.ts'
import { formatDecimal, parseDecimal } from '../../core/money.ts'
import type { Invoice, InvoiceCreate } from './delivery.contract.ts'
import { buildInvoiceCxml, validateInvoiceCxml } from './cxml.ts'
import { lineAmountCents } from './guidelines.ts'
import { findPo } from './pos.service.ts'

const invalid = (errors: FieldError[]) => new AppError('VALIDATION_FAILED', 'Validation failed', { errors })

type InvoiceRow = {
  id: string
  partner_id: string
  partner_name: string
  po_id: string
  po_number: string
  number: string
  invoice_date: string
  currency: string
  tax: string
  status: Invoice['status']
  over_tolerance: boolean
  dispute_reason: string | null
  coupa_status: Invoice['coupaStatus']
  submitted_at: Date
  lines: Invoice['lines']
  exports: Invoice['exports']
}
const SELECT_INVOICES = `SELECT i.id, i.partner_id, p.legal_name AS partner_name, i.po_id, o.number AS po_number, i.number, i.invoice_date::text, i.currency,
  i.tax::text, i.status, i.over_tolerance, i.dispute_reason, i.coupa_status, i.submitted_at,
  (SELECT json_agg(json_build_object('invoiceLineNumber', il.invoice_line_number, 'poLineId', il.po_line_id, 'lineNumber', l.line_number,
     'description', l.description, 'quantity', il.quantity::text, 'amount', il.amount::text) ORDER BY il.invoice_line_number)
   FROM delivery_invoice_lines il JOIN delivery_po_lines l ON l.id = il.po_line_id WHERE il.invoice_id = i.id) AS lines,
  coalesce((SELECT json_agg(json_build_object('id', x.id, 'payloadId', x.payload_id, 'sha256', x.sha256, 'exportedAt', x.exported_at) ORDER BY x.exported_at)
   FROM delivery_invoice_exports x WHERE x.invoice_id = i.id), '[]') AS exports
  FROM delivery_invoices i JOIN delivery_purchase_orders o ON o.id = i.po_id JOIN partners p ON p.id = i.partner_id`

function toInvoice(r: InvoiceRow): Invoice {
  const lines = r.lines ?? []
  const subtotal = lines.reduce((s, l) => s + parseDecimal(l.amount, 2), 0n)
  const m = (cents: bigint) => ({ amount: formatDecimal(cents), currency: r.currency })
  return {
    id: r.id,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    poId: r.po_id,
    poNumber: r.po_number,
    number: r.number,
    invoiceDate: r.invoice_date,
    currency: r.currency,
    subtotal: m(subtotal),
    tax: m(parseDecimal(r.tax, 2)),
    total: m(subtotal + parseDecimal(r.tax, 2)),
    status: r.status,
    overTolerance: r.over_tolerance,
    disputeReason: r.dispute_reason,
    coupaStatus: r.coupa_status,
    lines: lines.map((l) => ({ ...l, amount: formatDecimal(parseDecimal(l.amount, 2)) })),
    exports: r.exports.map((x) => ({ ...x, exportedAt: new Date(x.exportedAt).toISOString() })),
    submittedAt: r.submitted_at.toISOString(),
  }
}

async function findInvoice(ctx: Ctx, sql: Sql, id: string, lock = false): Promise<Invoice> {
  const actor = ctx.actor!
  const rows = await sql.query<InvoiceRow>(
    `${SELECT_INVOICES} WHERE i.id = $1 AND ($2::uuid IS NULL OR i.partner_id = $2)${lock ? ' FOR UPDATE OF i' : ''}`,
    [id, isExternal(actor) ? actor.partnerId : null],
  )
  return toInvoice(oneRow(rows, 'Invoice', 'INVOICE_NOT_FOUND'))
}

export async function listInvoices(ctx: Ctx, q: { status?: Invoice['status']; poId?: string } = {}): Promise<Invoice[]> {
  assertCan(ctx.actor, 'delivery:read')
  const actor = ctx.actor
  const rows = await inTx(ctx, (sql) =>
    sql.query<InvoiceRow>(
      `${SELECT_INVOICES} WHERE ($1::uuid IS NULL OR i.partner_id = $1) AND ($2::text IS NULL OR i.status = $2) AND ($3::uuid IS NULL OR i.po_id = $3)
       ORDER BY i.submitted_at DESC, i.id LIMIT 500`,
      [isExternal(actor) ? actor.partnerId : null, q.status ?? null, q.poId ?? null],
    ),
  )
  return rows.map(toInvoice)
}

export async function getInvoice(ctx: Ctx, id: string): Promise<Invoice> {
  assertCan(ctx.actor, 'delivery:read')
  return inTx(ctx, (sql) => findInvoice(ctx, sql, id))
}

type PgError = { code?: string; detail?: string; constraint?: string }

/**
 * A partner submits an invoice against its PO. Each line names a PO line; the database refuses any line
 * that would take its PO line past the amount (plus the tolerance rule), under any concurrency: the insert
 * locks the PO line (decision 023). Invoice numbers are unique per partner; the currency is the PO's.
 */
export async function submitInvoice(ctx: Ctx, input: InvoiceCreate): Promise<Invoice> {
  assertCan(ctx.actor, 'invoices:submit')
  const actor = ctx.actor
  try {
    return await inTx(ctx, async (sql) => {
      const po = await findPo(ctx, sql, input.poId)
      if (isExternal(actor) && po.partnerId !== actor.partnerId) throw new AppError('PO_NOT_FOUND', 'Purchase order not found')
      if (po.status !== 'open')
        throw new AppError('INVALID_TRANSITION', `Purchase order ${po.number} is ${po.status}: it takes no invoices`)
      if (input.currency !== po.currency)
        throw new AppError('CURRENCY_MISMATCH', `Purchase order ${po.number} is in ${po.currency}; the invoice is in ${input.currency}`, {
          errors: [{ path: 'currency', message: `Use ${po.currency}, the currency of the purchase order` }],
        })
      const errors: FieldError[] = []
      input.lines.forEach((l, i) => {
        const line = po.lines.find((x) => x.id === l.poLineId)
        if (!line) return errors.push({ path: `lines.${i}.poLineId`, message: `Not a line of purchase order ${po.number}` })
        if (line.quantity !== null && l.quantity === undefined)
          return errors.push({
            path: `lines.${i}.quantity`,
            message: `PO line ${line.lineNumber} is billed by quantity: give the quantity`,
          })
        if (line.unitPrice !== null && l.quantity !== undefined) {
          const expected = lineAmountCents(l.quantity, line.unitPrice)
          if (expected !== parseDecimal(l.amount, 2))
            errors.push({
              path: `lines.${i}.amount`,
              message: `${l.quantity} × ${line.unitPrice} = ${formatDecimal(expected)}, not ${l.amount}`,
            })
        }
      })
      if (errors.length) throw invalid(errors)
      const dup = await sql.query('SELECT 1 FROM delivery_invoices WHERE partner_id = $1 AND upper(number) = upper($2)', [
        po.partnerId,
        input.number,
      ])
      if (dup.length) throw duplicateNumber(input.number)
      const { id } = oneRow(
        await sql.query<{ id: string }>(
          `INSERT INTO delivery_invoices (partner_id, po_id, number, invoice_date, currency, tax, submitted_by, submitted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [po.partnerId, po.id, input.number, input.invoiceDate, po.currency, input.tax, actor.userId || null, ctx.now()],
        ),
        'Invoice',
      )
      let n = 0
      for (const l of input.lines)
        await sql.query(
          `INSERT INTO delivery_invoice_lines (invoice_id, partner_id, po_line_id, invoice_line_number, quantity, amount) VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, po.partnerId, l.poLineId, ++n, l.quantity ?? null, l.amount],
        )
      // Past a line's amount but within the tolerance rule: accepted, flagged for partner operations' approval.
      const [over] = await sql.query<{ over: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM delivery_po_lines l WHERE l.id IN (SELECT po_line_id FROM delivery_invoice_lines WHERE invoice_id = $1)
           AND l.amount < (SELECT sum(il.amount) FROM delivery_invoice_lines il JOIN delivery_invoices i ON i.id = il.invoice_id
                           WHERE il.po_line_id = l.id AND i.status <> 'disputed')) AS over`,
        [id],
      )
      if (over?.over) await sql.query('UPDATE delivery_invoices SET over_tolerance = true WHERE id = $1', [id])
      const invoice = await findInvoice(ctx, sql, id)
      await audit(ctx, sql, { entity: 'delivery_invoice', entityId: id, action: 'submit', partnerId: po.partnerId, after: invoice })
      return invoice
    })
  } catch (e) {
    throw fromInvoiceDbError(e, input.number)
  }
}

const duplicateNumber = (number: string) =>
  new AppError('DUPLICATE_INVOICE_NUMBER', `Invoice number ${number} was used already by your company`, {
    errors: [{ path: 'number', message: 'Used already: invoice numbers are unique per partner' }],
  })

/** The database's refusals of an invoice, as the rule they name. */
function fromInvoiceDbError(e: unknown, number: string): unknown {
  const err = e as PgError
  if (err?.code === 'P0001' && err.detail) {
    const d = JSON.parse(err.detail) as { lineNumber: number; remaining: string; amount: string; ordered: string }
    return new AppError(
      'PO_BALANCE_EXCEEDED',
      `PO line ${d.lineNumber}: ${d.amount} is more than its remaining ${d.remaining} (ordered ${d.ordered}); an invoice never takes a PO line past its amount`,
      { errors: [{ path: 'lines', message: `PO line ${d.lineNumber}: remaining ${d.remaining}, invoiced ${d.amount}` }] },
    )
  }
  if (err?.code === 'P0002') return new AppError('INVALID_TRANSITION', 'The purchase order is no longer open')
  if (err?.code === '23505' && err.constraint === 'delivery_invoices_number') return duplicateNumber(number)
  return e
}

/** Partner operations approve an invoice, or dispute it with a reason (a disputed invoice frees its amounts). */
export async function decideInvoice(ctx: Ctx, id: string, input: { decision: 'approve' | 'dispute'; reason?: string }): Promise<Invoice> {
  assertCan(ctx.actor, 'invoices:approve')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const before = await findInvoice(ctx, sql, id, true)
    if (before.status !== 'submitted') throw new AppError('INVALID_TRANSITION', `The invoice is ${before.status} already`)
    const status = input.decision === 'approve' ? 'approved' : 'disputed'
    await sql.query('UPDATE delivery_invoices SET status = $2, dispute_reason = $3, decided_by = $4, decided_at = $5 WHERE id = $1', [
      id,
      status,
      input.reason ?? null,
      actor.userId || null,
      ctx.now(),
    ])
    await audit(ctx, sql, { entity: 'delivery_invoice', entityId: id, action: input.decision, partnerId: before.partnerId, after: input })
    return findInvoice(ctx, sql, id)
  })
}

/**
 * Exports an approved invoice for Coupa: builds the cXML InvoiceDetailRequest, validates it, and keeps the
 * document with its SHA-256. A document that fails the check is never kept or sent.
 */
export async function exportInvoiceCxml(ctx: Ctx, id: string): Promise<{ document: string; sha256: string; payloadId: string }> {
  assertCan(ctx.actor, 'invoices:approve')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const inv = await findInvoice(ctx, sql, id, true)
    if (inv.status !== 'approved')
      throw new AppError('INVALID_TRANSITION', `Only an approved invoice is exported; this one is ${inv.status}`)
    const po = await findPo(ctx, sql, inv.poId)
    const byId = new Map(po.lines.map((l) => [l.id, l]))
    const now = ctx.now()
    const payloadId = `${now.getTime()}.${randomUUID()}@alliance`
    const document = buildInvoiceCxml({
      payloadId,
      timestamp: now.toISOString(),
      invoiceNumber: inv.number,
      invoiceDate: inv.invoiceDate,
      poNumber: po.number,
      poDate: po.issueDate,
      currency: inv.currency,
      supplier: { id: `partner-${inv.partnerId}`, name: inv.partnerName },
      buyer: { id: 'alliance-integrator', name: 'Alliance integrator' },
      lines: inv.lines.map((l) => {
        const pl = byId.get(l.poLineId)!
        return {
          invoiceLineNumber: l.invoiceLineNumber,
          poLineNumber: pl.lineNumber,
          description: pl.description,
          supplierPart: pl.supplierPart,
          quantity: pl.quantity === null ? null : l.quantity,
          unit: pl.unit,
          unitPrice: pl.unitPrice,
          amount: l.amount,
        }
      }),
      subtotal: inv.subtotal.amount,
      tax: inv.tax.amount,
      total: inv.total.amount,
    })
    const problems = validateInvoiceCxml(document, inv.currency)
    if (problems.length)
      throw new AppError('CXML_INVALID', `The cXML document failed its check: ${problems.join('; ')}`, {
        errors: problems.map((message) => ({ path: 'cxml', message })),
      })
    const sha256 = createHash('sha256').update(document, 'utf8').digest('hex')
    await sql.query(
      `INSERT INTO delivery_invoice_exports (invoice_id, partner_id, payload_id, document, sha256, exported_by, exported_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, inv.partnerId, payloadId, document, sha256, actor.userId || null, now],
    )
    await audit(ctx, sql, {
      entity: 'delivery_invoice',
      entityId: id,
      action: 'export_cxml',
      partnerId: inv.partnerId,
      after: { payloadId, sha256 },
    })
    return { document, sha256, payloadId }
  })
}

/** The latest exported cXML of an invoice, as kept. */
export async function invoiceCxml(ctx: Ctx, id: string): Promise<{ document: string; sha256: string }> {
  assertCan(ctx.actor, 'delivery:read')
  return inTx(ctx, async (sql) => {
    await findInvoice(ctx, sql, id)
    const [row] = await sql.query<{ document: string; sha256: string }>(
      'SELECT document, sha256 FROM delivery_invoice_exports WHERE invoice_id = $1 ORDER BY exported_at DESC LIMIT 1',
      [id],
    )
    if (!row) throw new AppError('NOT_FOUND', 'The invoice has not been exported yet')
    return row
  })
}

/** The status Coupa returns, entered by hand. */
export async function setCoupaStatus(ctx: Ctx, id: string, status: 'approved' | 'disputed' | 'paid'): Promise<Invoice> {
  assertCan(ctx.actor, 'invoices:approve')
  return inTx(ctx, async (sql) => {
    const before = await findInvoice(ctx, sql, id, true)
    await applyCoupaStatus(ctx, sql, before, status)
    return findInvoice(ctx, sql, id)
  })
}

async function applyCoupaStatus(ctx: Ctx, sql: Sql, inv: Invoice, status: 'approved' | 'disputed' | 'paid') {
  if (!inv.exports.length) throw new AppError('INVALID_TRANSITION', `Invoice ${inv.number} has not been exported to Coupa`)
  await sql.query('UPDATE delivery_invoices SET coupa_status = $2, coupa_updated_at = $3 WHERE id = $1', [inv.id, status, ctx.now()])
  await audit(ctx, sql, {
    entity: 'delivery_invoice',
    entityId: inv.id,
    action: 'coupa_status',
    partnerId: inv.partnerId,
    before: { coupaStatus: inv.coupaStatus },
    after: { coupaStatus: status },
  })
}

const header = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[^a-z#]/g, '')
const COLUMNS = {
  invoice: ['invoice#', 'invoicenumber', 'invoiceno'],
  po: ['po#', 'ponumber', 'pono', 'ordernumber'],
  status: ['status', 'invoicestatus'],
}

/**
 * Coupa's CSV export of invoice statuses (columns Invoice #, PO #, Status): all rows or none. A row naming an
 * invoice that is not there, not exported, or a status Coupa does not give (approved, disputed, paid) is named.
 */
export async function importCoupaStatuses(ctx: Ctx, csv: string): Promise<{ imported: number }> {
  assertCan(ctx.actor, 'invoices:approve')
  let rows: string[][]
  try {
    rows = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][]
  } catch (e) {
    throw new AppError('IMPORT_INVALID', `Not a readable CSV file: ${(e as Error).message}`)
  }
  const [head, ...data] = rows
  const cols = (head ?? []).map(header)
  const idx = (names: string[]) => cols.findIndex((c) => names.includes(c))
  const [iInv, iPo, iStatus] = [idx(COLUMNS.invoice), idx(COLUMNS.po), idx(COLUMNS.status)]
  const missing = [iInv < 0 && 'Invoice #', iPo < 0 && 'PO #', iStatus < 0 && 'Status'].filter(Boolean)
  if (missing.length)
    throw new AppError('IMPORT_INVALID', `Missing columns: ${missing.join(', ')}`, {
      errors: [{ path: 'file', message: `Missing columns: ${missing.join(', ')}` }],
    })
  return inTx(ctx, async (sql) => {
    const errors: FieldError[] = []
    const todo: { inv: Invoice; status: 'approved' | 'disputed' | 'paid' }[] = []
    for (const [n, row] of data.entries()) {
      const line = `row ${n + 2}`
      const status = (row[iStatus] ?? '').toLowerCase()
      if (status !== 'approved' && status !== 'disputed' && status !== 'paid') {
        errors.push({ path: line, message: `Status "${row[iStatus] ?? ''}" is not approved, disputed or paid` })
        continue
      }
      const [hit] = await sql.query<{ id: string }>(
        `SELECT i.id FROM delivery_invoices i JOIN delivery_purchase_orders o ON o.id = i.po_id
         WHERE upper(o.number) = upper($1) AND upper(i.number) = upper($2)`,
        [row[iPo] ?? '', row[iInv] ?? ''],
      )
      if (!hit) {
        errors.push({ path: line, message: `No invoice ${row[iInv] ?? ''} on PO ${row[iPo] ?? ''}` })
        continue
      }
      const inv = await findInvoice(ctx, sql, hit.id, true)
      if (!inv.exports.length) errors.push({ path: line, message: `Invoice ${inv.number} has not been exported to Coupa` })
      else todo.push({ inv, status })
    }
    if (errors.length) throw new AppError('IMPORT_INVALID', `${errors.length} row(s) cannot be imported; nothing changed`, { errors })
    for (const t of todo) await applyCoupaStatus(ctx, sql, t.inv, t.status)
    return { imported: todo.length }
  })
}
