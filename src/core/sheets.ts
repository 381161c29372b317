import { stringify } from 'csv-stringify/sync'
import { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { AppError } from './errors.ts'

/** Spreadsheet files for imports and exports: CSV or XLSX, first row headers, one record per row (reading: sheet-reader.ts). */
export type SheetFormat = 'csv' | 'xlsx'
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function formatOf(name: string, contentType = ''): SheetFormat | null {
  if (/\.xlsx$/i.test(name) || contentType.includes('spreadsheetml')) return 'xlsx'
  if (/\.csv$/i.test(name) || contentType.includes('csv') || contentType.startsWith('text/plain')) return 'csv'
  return null
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
