import { AppError } from './errors.ts'

/**
 * A database refusal caused by the input, as the client's error instead of a 500: a value the column's
 * type cannot hold (SQLSTATE class 22: bad text for a uuid, date or number, a NUL byte, an overflow, a
 * string too long), a row that breaks a constraint (class 23), or a value too large to index (54000).
 * The transaction is already rolled back, so nothing changed. Anything else stays an internal error.
 */
export function fromDatabaseError(err: unknown): AppError | null {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null
  // The ledger's own check at commit (migration 0080): an MDF account would fall below zero.
  if (code === '23514' && (err as { constraint?: unknown }).constraint === 'ledger_not_overspent')
    return new AppError('FUNDS_INSUFFICIENT', 'Not enough funds left for this')
  if (code.startsWith('22') || code === '23502' || code === '23514' || code === '54000')
    return new AppError('VALIDATION_FAILED', 'A value is malformed, out of range or too long for its field')
  if (code === '23505' || code === '23P01') return new AppError('CONFLICT', 'Conflicts with an existing record')
  if (code === '23503') return new AppError('CONFLICT', 'Refers to a record that does not exist, or is still referred to')
  return null
}
