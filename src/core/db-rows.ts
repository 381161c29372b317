import { AppError, type ErrorCode } from './errors.ts'

/**
 * The one row a single-row read must find. No row (not found, or hidden by row-level security: the same
 * answer) is a not-found `AppError` naming what is missing: `oneRow(rows, 'Partner', 'PARTNER_NOT_FOUND')`.
 */
export function oneRow<T>(rows: readonly T[], what: string, code: ErrorCode = 'NOT_FOUND'): T {
  const row = rows[0]
  if (row === undefined) throw new AppError(code, `${what} not found`)
  return row
}

/** The first row, or null when there is none: for reads where "none" is a normal answer. */
export function maybeRow<T>(rows: readonly T[]): T | null {
  return rows[0] ?? null
}
