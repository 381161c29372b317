import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { AppError, type FieldError } from './errors.ts'

/** Spreadsheet files for imports and exports: CSV or XLSX, first row headers, one record per row. */
export type SheetFormat = 'csv' | 'xlsx'
export type RowError = FieldError & { row: number }
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function formatOf(name: string, contentType = ''): SheetFormat | null {
  if (/\.xlsx$/i.test(name) || contentType.includes('spreadsheetml')) return 'xlsx'
  if (/\.csv$/i.test(name) || contentType.includes('csv') || contentType.startsWith('text/plain')) return 'csv'
  return null
}

const cellText = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object' && 'text' in (v as object) ? String((v as { text: unknown }).text) : String(v)

async function readRows(data: Buffer, format: SheetFormat): Promise<string[][]> {
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
  const rows: string[][] = []
  wb.worksheets[0]?.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1).map(cellText)))
  return rows
}

/**
 * Reads a sheet into records keyed by the known columns (headers match case- and punctuation-
 * insensitively). Unknown or missing required columns are reported against row 1; `ignored`
 * columns (export-only ones) are skipped. Empty cells are left out of the record.
 */
export async function readRecords<K extends string>(
  data: Buffer,
  format: SheetFormat,
  spec: { columns: readonly K[]; required: readonly K[]; ignored?: readonly string[] },
): Promise<{ row: number; record: Partial<Record<K, string>> }[]> {
  const [header, ...body] = await readRows(data, format)
  if (!header) throw new AppError('IMPORT_INVALID', 'The file is empty', { errors: [] })
  const norm = (h: string) => h.replace(/[^a-z0-9]/gi, '').toLowerCase()
  const keys = header.map((h) => spec.columns.find((c) => norm(c) === norm(String(h))))
  const ignored = new Set((spec.ignored ?? []).map(norm))
  const errors: RowError[] = header
    .filter((h, i) => !keys[i] && !ignored.has(norm(String(h))))
    .map((h) => ({ row: 1, path: String(h), message: 'Unknown column' }))
  for (const c of spec.required) if (!keys.includes(c)) errors.push({ row: 1, path: c, message: 'Missing column' })
  if (errors.length) throw new AppError('IMPORT_INVALID', 'The header row is not valid', { errors })
  if (!body.length) throw new AppError('IMPORT_INVALID', 'The file has no data rows', { errors: [] })
  return body.map((cells, i) => {
    const record: Partial<Record<K, string>> = {}
    keys.forEach((k, j) => {
      const cell = String(cells[j] ?? '').trim()
      if (k && cell !== '') record[k] = cell
    })
    return { row: i + 2, record }
  })
}

/** Throws the one import error listing every bad row, when there is any. */
export function assertNoRowErrors(errors: RowError[]) {
  if (errors.length)
    throw new AppError('IMPORT_INVALID', `${new Set(errors.map((e) => e.row)).size} rows are invalid; nothing was imported`, { errors })
}

export const splitList = (cell: string | undefined): string[] | undefined =>
  cell === undefined
    ? undefined
    : cell
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter(Boolean)

/**
 * A CSV cell a spreadsheet will not run as a formula (OWASP's CSV injection rule): a cell starting with
 * `=`, `+`, `-`, `@`, tab or carriage return gets a leading single quote, so it shows as the text it is.
 * Every CSV export goes through writeSheet, which applies this to every cell, headers included.
 */
export const csvSafeCell = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)

/** The one writer of CSV and XLSX exports (XLSX cells are written as text, never as formulas). */
export async function writeSheet(name: string, header: string[], rows: string[][], format: SheetFormat): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(stringify([header, ...rows].map((r) => r.map(csvSafeCell))))
  // The streaming writer commits each row as it goes instead of keeping a model of the whole workbook:
  // a large export (a review board of 100,000 partners) takes a fraction of the time and memory.
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk)
      done()
    },
  })
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false })
  const ws = wb.addWorksheet(name)
  ws.columns = header.map(() => ({ width: 24 }))
  const head = ws.addRow(header)
  head.font = { bold: true }
  head.commit()
  for (const r of rows) ws.addRow(r).commit()
  await wb.commit()
  return Buffer.concat(chunks)
}

/** An uploaded file as sheet data, refused unless it is CSV or XLSX. */
export async function sheetOf(file: File): Promise<{ data: Buffer; format: SheetFormat }> {
  const format = formatOf(file.name, file.type)
  if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload a .csv or .xlsx file')
  return { data: Buffer.from(await file.arrayBuffer()), format }
}
