import { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { parse } from 'csv-parse'
import ExcelJS from 'exceljs'
import { Unzip, UnzipInflate } from 'fflate'
import { AppError, type FieldError } from './errors.ts'
import type { SheetFormat } from './sheets.ts'

/**
 * How much one import may hold. Every limit is checked while the file streams in, so a small upload that
 * unpacks to a huge one is refused before it is built in memory, and parsing gives the event loop a turn
 * every few hundred rows, so an import never holds up other requests.
 */
export type ImportLimits = { unpackedBytes: number; rows: number; cells: number; cellChars: number; errors: number }
export type RowError = FieldError & { row: number }

const YIELD_EVERY_ROWS = 200
const ZIP_SLICE_BYTES = 16_384

const tooLarge = (message: string) => new AppError('IMPORT_TOO_LARGE', message, { errors: [] })

/** Row errors of one import: keeps the first `max` for the answer and counts all of them. */
export class RowErrors {
  readonly list: RowError[] = []
  total = 0
  private readonly rows = new Set<number>()
  constructor(private readonly max: number) {}
  add(...errors: RowError[]) {
    for (const e of errors) {
      this.total++
      this.rows.add(e.row)
      if (this.list.length < this.max) this.list.push(e)
    }
  }
  /** Throws the one import error: its message counts every bad row, errors[] lists the first ones. */
  throwIfAny(message = 'nothing was imported') {
    if (!this.total) return
    const shown = this.total > this.list.length ? ` (the first ${this.list.length} of ${this.total} errors are listed)` : ''
    throw new AppError('IMPORT_INVALID', `${this.rows.size} rows are invalid${shown}; ${message}`, {
      errors: this.list,
      errorCount: this.total,
    })
  }
}

/** Inflates every entry of an XLSX (a zip) in small slices, counting the bytes, and stops past the limit. */
async function checkUnpackedSize(data: Buffer, limit: number) {
  let unpacked = 0
  let broken = false
  const unzip = new Unzip((file) => {
    file.ondata = (err, chunk) => {
      if (err) broken = true
      unpacked += chunk?.length ?? 0
      if (unpacked > limit) file.terminate()
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  for (let at = 0; at < data.length; at += ZIP_SLICE_BYTES) {
    try {
      unzip.push(data.subarray(at, at + ZIP_SLICE_BYTES), at + ZIP_SLICE_BYTES >= data.length)
    } catch {
      broken = true
    }
    if (unpacked > limit) throw tooLarge(`The file unpacks to more than ${limit} bytes; split it into smaller files`)
    if (broken) throw new AppError('IMPORT_INVALID', 'The file is not a readable XLSX workbook', { errors: [] })
    if ((at / ZIP_SLICE_BYTES) % 16 === 15) await nextTurn()
  }
}

const cellText = (v: unknown): string => {
  if (v === null || v === undefined) return ''
  if (typeof v !== 'object') return String(v)
  if (v instanceof Date) return v.toISOString()
  if ('text' in v) return String((v as { text: unknown }).text)
  if ('richText' in v) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('')
  if ('result' in v) return cellText((v as { result: unknown }).result)
  return String(v)
}

async function* xlsxRows(data: Buffer, limits: ImportLimits): AsyncGenerator<string[]> {
  await checkUnpackedSize(data, limits.unpackedBytes)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  })
  let rows: AsyncIterable<ExcelJS.Row> | undefined
  try {
    for await (const sheet of reader) {
      rows = sheet as unknown as AsyncIterable<ExcelJS.Row>
      break
    }
  } catch {
    throw new AppError('IMPORT_INVALID', 'The file is not a readable XLSX workbook', { errors: [] })
  }
  if (!rows) return
  for await (const row of rows) {
    const values = Array.isArray(row.values) ? row.values.slice(1) : []
    if (values.some((v) => v !== null && v !== undefined)) yield Array.from(values, cellText)
  }
}

async function* csvRows(data: Buffer, limits: ImportLimits): AsyncGenerator<string[]> {
  const parser = Readable.from(slices(data)).pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: limits.cellChars + 1 }),
  )
  try {
    for await (const record of parser) yield record as string[]
  } catch (e) {
    if ((e as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') throw tooLarge(`A cell is longer than ${limits.cellChars} characters`)
    throw new AppError('IMPORT_INVALID', `The CSV file cannot be read: ${(e as Error).message}`, { errors: [] })
  }
}

function* slices(data: Buffer) {
  for (let at = 0; at < data.length; at += 65_536) yield data.subarray(at, at + 65_536)
}

/** The rows of a sheet as cell texts, each checked against the row, cell and cell-length limits. */
async function* limitedRows(data: Buffer, format: SheetFormat, limits: ImportLimits): AsyncGenerator<string[]> {
  let rows = 0
  let cells = 0
  for await (const row of format === 'csv' ? csvRows(data, limits) : xlsxRows(data, limits)) {
    if (++rows > limits.rows + 1) throw tooLarge(`The file has more than ${limits.rows} data rows; split it into smaller files`)
    cells += row.length
    if (cells > limits.cells) throw tooLarge(`The file has more than ${limits.cells} cells; split it into smaller files`)
    const long = row.findIndex((c) => c.length > limits.cellChars)
    if (long >= 0) throw tooLarge(`Row ${rows}, column ${long + 1}: a cell is longer than ${limits.cellChars} characters`)
    if (rows % YIELD_EVERY_ROWS === 0) await nextTurn()
    yield row
  }
}

// `ignoreUnknown`: a third party's export, of which only the mapped columns matter.
type Spec<K extends string> = { columns: readonly K[]; required: readonly K[]; ignored?: readonly string[]; ignoreUnknown?: boolean }

/**
 * Reads a sheet row by row into records keyed by the known columns (headers match case- and punctuation-
 * insensitively) and hands each to `parseRow`, which returns the row's value or adds its errors. Unknown or
 * missing required columns are reported against row 1; `ignored` columns (export-only ones) are skipped;
 * empty cells are left out of the record. Throws the capped list of row errors, or returns every row's value.
 */
export async function parseSheet<K extends string, T>(
  data: Buffer,
  format: SheetFormat,
  spec: Spec<K>,
  limits: ImportLimits,
  parseRow: (record: Partial<Record<K, string>>, row: number, errors: RowErrors) => T | undefined,
): Promise<T[]> {
  const norm = (h: string) => h.replace(/[^a-z0-9]/gi, '').toLowerCase()
  const errors = new RowErrors(limits.errors)
  const values: T[] = []
  let keys: (K | undefined)[] | undefined
  let row = 0
  for await (const cells of limitedRows(data, format, limits)) {
    row++
    if (!keys) {
      keys = cells.map((h) => spec.columns.find((c) => norm(c) === norm(h)))
      const ignored = new Set((spec.ignored ?? []).map(norm))
      cells.forEach(
        (h, i) => !keys?.[i] && !ignored.has(norm(h)) && !spec.ignoreUnknown && errors.add({ row: 1, path: h, message: 'Unknown column' }),
      )
      for (const c of spec.required) if (!keys.includes(c)) errors.add({ row: 1, path: c, message: 'Missing column' })
      if (errors.total) throw new AppError('IMPORT_INVALID', 'The header row is not valid', { errors: errors.list })
      continue
    }
    const record: Partial<Record<K, string>> = {}
    keys.forEach((k, j) => {
      const cell = (cells[j] ?? '').trim()
      if (k && cell !== '') record[k] = cell
    })
    const value = parseRow(record, row, errors)
    if (value !== undefined) values.push(value)
  }
  if (!keys) throw new AppError('IMPORT_INVALID', 'The file is empty', { errors: [] })
  if (row < 2) throw new AppError('IMPORT_INVALID', 'The file has no data rows', { errors: [] })
  errors.throwIfAny()
  return values
}
