import { create } from 'xmlbuilder2'
import { formatDecimal, parseDecimal } from '../../core/money.ts'

// cXML InvoiceDetailRequest for Coupa, built with xmlbuilder2 (never by string concatenation), and checked
// before it leaves: well-formed (parsed back), required elements present, amounts adding up.

export const CXML_VERSION = '1.2.050'
export const CXML_DTD = `http://xml.cxml.org/schemas/cXML/${CXML_VERSION}/InvoiceDetail.dtd`

export type CxmlInvoice = {
  payloadId: string
  timestamp: string
  invoiceNumber: string
  invoiceDate: string
  poNumber: string
  poDate: string
  currency: string
  supplier: { id: string; name: string }
  buyer: { id: string; name: string }
  lines: {
    invoiceLineNumber: number
    poLineNumber: number
    description: string
    supplierPart: string | null
    quantity: string | null
    unit: string | null
    unitPrice: string | null
    amount: string
  }[]
  subtotal: string
  tax: string
  total: string
}

const money = (currency: string, amount: string) => ({ Money: { '@currency': currency, '#': amount } })
const en = (text: string) => ({ '@xml:lang': 'en', '#': text })

export function buildInvoiceCxml(inv: CxmlInvoice): string {
  const items = inv.lines.map((l) =>
    l.quantity !== null
      ? {
          InvoiceDetailItem: {
            '@invoiceLineNumber': String(l.invoiceLineNumber),
            '@quantity': l.quantity,
            UnitOfMeasure: l.unit ?? 'EA',
            UnitPrice: money(inv.currency, l.unitPrice ?? '0.00'),
            InvoiceDetailItemReference: {
              '@lineNumber': String(l.poLineNumber),
              ItemID: { SupplierPartID: l.supplierPart ?? `LINE-${l.poLineNumber}` },
              Description: en(l.description),
            },
            SubtotalAmount: money(inv.currency, l.amount),
          },
        }
      : {
          InvoiceDetailServiceItem: {
            '@invoiceLineNumber': String(l.invoiceLineNumber),
            InvoiceDetailServiceItemReference: {
              '@lineNumber': String(l.poLineNumber),
              ItemID: { SupplierPartID: l.supplierPart ?? `LINE-${l.poLineNumber}` },
              Description: en(l.description),
            },
            SubtotalAmount: money(inv.currency, l.amount),
          },
        },
  )
  const doc = create({ version: '1.0', encoding: 'UTF-8' })
    .dtd({ name: 'cXML', sysID: CXML_DTD })
    .ele({
      cXML: {
        '@payloadID': inv.payloadId,
        '@timestamp': inv.timestamp,
        '@xml:lang': 'en-US',
        Header: {
          From: { Credential: { '@domain': 'NetworkID', Identity: inv.supplier.id } },
          To: { Credential: { '@domain': 'NetworkID', Identity: inv.buyer.id } },
          Sender: { Credential: { '@domain': 'NetworkID', Identity: inv.supplier.id }, UserAgent: 'Alliance' },
        },
        Request: {
          '@deploymentMode': 'production',
          InvoiceDetailRequest: {
            InvoiceDetailRequestHeader: {
              '@invoiceID': inv.invoiceNumber,
              '@purpose': 'standard',
              '@operation': 'new',
              '@invoiceDate': `${inv.invoiceDate}T00:00:00+00:00`,
              InvoiceDetailHeaderIndicator: {},
              InvoiceDetailLineIndicator: {},
              InvoicePartner: [
                { Contact: { '@role': 'remitTo', '@addressID': inv.supplier.id, Name: en(inv.supplier.name) } },
                { Contact: { '@role': 'soldTo', '@addressID': inv.buyer.id, Name: en(inv.buyer.name) } },
              ],
            },
            InvoiceDetailOrder: {
              InvoiceDetailOrderInfo: {
                OrderReference: {
                  '@orderID': inv.poNumber,
                  '@orderDate': `${inv.poDate}T00:00:00+00:00`,
                  DocumentReference: { '@payloadID': inv.poNumber },
                },
              },
              '#': items,
            },
            InvoiceDetailSummary: {
              SubtotalAmount: money(inv.currency, inv.subtotal),
              Tax: { ...money(inv.currency, inv.tax), Description: en('Tax') },
              GrossAmount: money(inv.currency, inv.total),
              NetAmount: money(inv.currency, inv.total),
              DueAmount: money(inv.currency, inv.total),
            },
          },
        },
      },
    })
  return doc.end({ prettyPrint: true })
}

type Node = Record<string, unknown>
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])
const textOf = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'object' && v && '#' in v ? String((v as Node)['#']) : '')
const moneyOf = (v: unknown): { currency: string; amount: string } => {
  const m = (v as Node | undefined)?.Money as Node | undefined
  return { currency: String(m?.['@currency'] ?? ''), amount: textOf(m) }
}

export type ParsedCxml = {
  payloadId: string
  invoiceNumber: string
  poNumber: string
  lines: {
    invoiceLineNumber: number
    poLineNumber: number
    supplierPart: string
    quantity: string | null
    unit: string | null
    unitPrice: string | null
    amount: string
    currency: string
  }[]
  subtotal: { currency: string; amount: string }
  tax: { currency: string; amount: string }
  gross: { currency: string; amount: string }
  due: { currency: string; amount: string }
}

/** Reads a cXML InvoiceDetailRequest back (the check of what is exported, and the tests' reader). Throws on malformed XML. */
export function parseInvoiceCxml(xml: string): ParsedCxml {
  const root = create(xml).end({ format: 'object' }) as Node
  const cxml = root.cXML as Node
  const req = (cxml?.Request as Node)?.InvoiceDetailRequest as Node
  const header = req?.InvoiceDetailRequestHeader as Node
  const order = req?.InvoiceDetailOrder as Node
  const summary = req?.InvoiceDetailSummary as Node
  const ref = (order?.InvoiceDetailOrderInfo as Node)?.OrderReference as Node
  const goods = asArray(order?.InvoiceDetailItem as Node | Node[]).map((i) => {
    const r = i.InvoiceDetailItemReference as Node
    return {
      invoiceLineNumber: Number(i['@invoiceLineNumber']),
      poLineNumber: Number(r?.['@lineNumber']),
      supplierPart: textOf((r?.ItemID as Node)?.SupplierPartID),
      quantity: String(i['@quantity']),
      unit: textOf(i.UnitOfMeasure),
      unitPrice: moneyOf(i.UnitPrice).amount,
      amount: moneyOf(i.SubtotalAmount).amount,
      currency: moneyOf(i.SubtotalAmount).currency,
    }
  })
  const services = asArray(order?.InvoiceDetailServiceItem as Node | Node[]).map((i) => {
    const r = i.InvoiceDetailServiceItemReference as Node
    return {
      invoiceLineNumber: Number(i['@invoiceLineNumber']),
      poLineNumber: Number(r?.['@lineNumber']),
      supplierPart: textOf((r?.ItemID as Node)?.SupplierPartID),
      quantity: null,
      unit: null,
      unitPrice: null,
      amount: moneyOf(i.SubtotalAmount).amount,
      currency: moneyOf(i.SubtotalAmount).currency,
    }
  })
  return {
    payloadId: String(cxml?.['@payloadID'] ?? ''),
    invoiceNumber: String(header?.['@invoiceID'] ?? ''),
    poNumber: String(ref?.['@orderID'] ?? ''),
    lines: [...goods, ...services].sort((a, b) => a.invoiceLineNumber - b.invoiceLineNumber),
    subtotal: moneyOf(summary?.SubtotalAmount),
    tax: moneyOf(summary?.Tax),
    gross: moneyOf(summary?.GrossAmount),
    due: moneyOf(summary?.DueAmount),
  }
}

/**
 * The check before export: the document parses, carries the required elements (payload id, invoice id,
 * order reference, at least one line each with its PO line number, supplier part and amount, the summary),
 * each quantity line's amount is quantity × unit price, the lines add up to the subtotal, subtotal plus tax
 * to the gross and due amounts, all in one currency. Returns every problem found (empty: valid).
 */
export function validateInvoiceCxml(xml: string, currency: string): string[] {
  let p: ParsedCxml
  try {
    p = parseInvoiceCxml(xml)
  } catch (e) {
    return [`Not well-formed XML: ${(e as Error).message}`]
  }
  const problems: string[] = []
  if (!xml.includes('<!DOCTYPE cXML')) problems.push('The cXML document type declaration is missing')
  if (!p.payloadId) problems.push('cXML@payloadID is missing')
  if (!p.invoiceNumber) problems.push('InvoiceDetailRequestHeader@invoiceID is missing')
  if (!p.poNumber) problems.push('OrderReference@orderID (the PO number) is missing')
  if (!p.lines.length) problems.push('The invoice has no InvoiceDetailItem or InvoiceDetailServiceItem')
  const cents = (a: string, what: string) => {
    try {
      return parseDecimal(a, 2)
    } catch {
      problems.push(`${what} is not an amount: "${a}"`)
      return 0n
    }
  }
  let sum = 0n
  for (const l of p.lines) {
    const n = `Invoice line ${l.invoiceLineNumber}`
    if (!Number.isInteger(l.poLineNumber) || l.poLineNumber < 1) problems.push(`${n}: the PO line number is missing`)
    if (!l.supplierPart) problems.push(`${n}: SupplierPartID is missing`)
    if (l.currency !== currency) problems.push(`${n}: currency ${l.currency}, not ${currency}`)
    const amount = cents(l.amount, `${n} amount`)
    sum += amount
    if (l.quantity !== null) {
      if (!l.unit) problems.push(`${n}: UnitOfMeasure is missing`)
      const expected = (parseDecimal(l.quantity, 3) * cents(l.unitPrice ?? '', `${n} unit price`) + 500n) / 1000n
      if (expected !== amount) problems.push(`${n}: ${l.quantity} × ${l.unitPrice} = ${formatDecimal(expected)}, not ${l.amount}`)
    }
  }
  for (const [k, m] of Object.entries({ subtotal: p.subtotal, tax: p.tax, gross: p.gross, due: p.due }))
    if (m.currency !== currency) problems.push(`Summary ${k}: currency ${m.currency || 'missing'}, not ${currency}`)
  const subtotal = cents(p.subtotal.amount, 'SubtotalAmount')
  if (subtotal !== sum) problems.push(`The lines add up to ${formatDecimal(sum)}, the subtotal says ${p.subtotal.amount}`)
  const gross = subtotal + cents(p.tax.amount, 'Tax')
  if (cents(p.gross.amount, 'GrossAmount') !== gross)
    problems.push(`Subtotal plus tax is ${formatDecimal(gross)}, GrossAmount says ${p.gross.amount}`)
  if (cents(p.due.amount, 'DueAmount') !== gross)
    problems.push(`Subtotal plus tax is ${formatDecimal(gross)}, DueAmount says ${p.due.amount}`)
  return problems
}
