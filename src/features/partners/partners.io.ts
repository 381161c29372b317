import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'
import { assertCan } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { AppError, zodFieldErrors, type FieldError } from '../../core/errors.ts'
import { PartnerCreateInput, type Partner, type PartnerCreate, type PartnerListParams } from './partners.contract.ts'
import { domainOf, insertPartner, listPartners } from './partners.service.ts'

export type SheetFormat = 'csv' | 'xlsx'
export type RowError = FieldError & { row: number }

/** The columns of import and export files, in order; lists are separated by ";". */
export const columns = [
  'legalName', 'type', 'headquartersCountry', 'website', 'aliases', 'countries', 'services', 'gtmCategories', 'status', 'tier',
] as const
const listColumns = new Set(['aliases', 'countries', 'services', 'gtmCategories'])
const keyOf = (header: string) => columns.find((c) => c.toLowerCase() === header.replace(/[^a-z]/gi, '').toLowerCase())

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function formatOf(name: string, contentType = ''): SheetFormat | null {
  if (/\.xlsx$/i.test(name) || contentType.includes('spreadsheetml')) return 'xlsx'
  if (/\.csv$/i.test(name) || contentType.includes('csv') || contentType.startsWith('text/plain')) return 'csv'
  return null
}

/** Reads a sheet into records keyed by header; the first row holds the headers. */
async function readSheet(data: Buffer, format: SheetFormat): Promise<string[][]> {
  if (format === 'csv') {
    try {
      return parse(data, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][]
    } catch (e) {
      throw new AppError('IMPORT_INVALID', `The CSV file cannot be read: ${(e as Error).message}`, { errors: [] })
    }
  }
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer)
  } catch {
    throw new AppError('IMPORT_INVALID', 'The file is not a readable XLSX workbook', { errors: [] })
  }
  const sheet = wb.worksheets[0]
  const rows: string[][] = []
  sheet?.eachRow({ includeEmpty: false }, (row) => {
    const values = (row.values as unknown[]).slice(1)
    rows.push(values.map((v) => (v === null || v === undefined ? '' : typeof v === 'object' && 'text' in (v as object) ? String((v as { text: unknown }).text) : String(v))))
  })
  return rows
}

/** Parses and validates every row; throws with every bad row and field, or returns all rows valid. */
export async function parsePartnerFile(data: Buffer, format: SheetFormat): Promise<PartnerCreate[]> {
  const [header, ...body] = await readSheet(data, format)
  if (!header) throw new AppError('IMPORT_INVALID', 'The file is empty', { errors: [] })
  const keys = header.map((h) => keyOf(String(h)))
  // Export-only columns may come back in a round trip; they are ignored, anything else unknown is an error.
  const unknown = header.filter((h, i) => !keys[i] && !['id', 'partnermanager'].includes(String(h).toLowerCase()))
  const errors: RowError[] = unknown.map((h) => ({ row: 1, path: String(h), message: 'Unknown column' }))
  for (const required of ['legalName', 'type', 'headquartersCountry'] as const)
    if (!keys.includes(required)) errors.push({ row: 1, path: required, message: 'Missing column' })
  if (errors.length) throw new AppError('IMPORT_INVALID', 'The header row is not valid', { errors })
  const valid: PartnerCreate[] = []
  const seenDomains = new Map<string, number>()
  body.forEach((cells, i) => {
    const rowNumber = i + 2
    const record: Record<string, unknown> = {}
    keys.forEach((k, j) => {
      const cell = String(cells[j] ?? '').trim()
      if (!k || cell === '') return
      record[k] = listColumns.has(k) ? cell.split(/[;|]/).map((s) => s.trim()).filter(Boolean) : cell
    })
    const parsed = PartnerCreateInput.safeParse(record)
    if (!parsed.success) {
      errors.push(...zodFieldErrors(parsed.error).map((e) => ({ ...e, row: rowNumber })))
      return
    }
    const domain = domainOf(parsed.data.website)
    if (domain && seenDomains.has(domain))
      errors.push({ row: rowNumber, path: 'website', message: `Same domain as row ${seenDomains.get(domain)}` })
    else if (domain) seenDomains.set(domain, rowNumber)
    valid.push(parsed.data)
  })
  if (!body.length) throw new AppError('IMPORT_INVALID', 'The file has no data rows', { errors: [] })
  if (errors.length) throw new AppError('IMPORT_INVALID', `${new Set(errors.map((e) => e.row)).size} rows are invalid; nothing was imported`, { errors })
  return valid
}

/** Imports all rows in one transaction: any failure imports nothing. */
export async function importPartners(
  ctx: Ctx,
  rows: PartnerCreate[],
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ imported: number }> {
  assertCan(ctx.actor, 'partners:import')
  await inTx(ctx, async (sql) => {
    for (const [i, row] of rows.entries()) {
      try {
        await insertPartner(ctx, sql, row)
      } catch (e) {
        if (e instanceof AppError && e.details.errors)
          throw new AppError('IMPORT_INVALID', `Row ${i + 2} is invalid; nothing was imported`, {
            errors: e.details.errors.map((fe) => ({ ...fe, row: i + 2 })),
          })
        throw e
      }
      onProgress(i + 1, rows.length)
    }
  })
  return { imported: rows.length }
}

const cell = (p: Partner, c: (typeof columns)[number]): string => {
  const v = p[c]
  return Array.isArray(v) ? v.join('; ') : (v ?? '')
}

/** Every partner matching the filters the actor may see, as CSV or XLSX. */
export async function exportPartners(ctx: Ctx, filters: Omit<PartnerListParams, 'cursor' | 'limit'>, format: SheetFormat): Promise<Buffer> {
  assertCan(ctx.actor, 'partners:export')
  const all: Partner[] = []
  let cursor: string | undefined
  do {
    const page = await listPartners(ctx, { ...filters, limit: 100, cursor })
    all.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  const header = [...columns, 'partnerManager', 'id']
  const rows = all.map((p) => [...columns.map((c) => cell(p, c)), p.partnerManager?.email ?? '', p.id])
  if (format === 'csv') return Buffer.from(stringify([header, ...rows]))
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Partners')
  ws.addRow(header).font = { bold: true }
  rows.forEach((r) => ws.addRow(r))
  ws.columns.forEach((col) => (col.width = 24))
  return Buffer.from(await wb.xlsx.writeBuffer())
}
