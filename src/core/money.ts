import { z } from '@hono/zod-openapi'
import * as currencyCodes from 'currency-codes'

/** A decimal string of major units with at most two decimals, e.g. "2500000.00". */
const Amount = z
  .string()
  .trim()
  .min(1, { message: 'Required', abort: true })
  .refine((s) => !s.startsWith('-'), 'Must not be negative')
  .refine((s) => s.startsWith('-') || /^\d{1,16}(\.\d{1,2})?$/.test(s), 'An amount with at most two decimals, e.g. 2500000.00')

/** Money in any ISO 4217 currency: `{ amount: "2500000.00", currency: "USD" }`. Never a float. */
export const Money = z
  .strictObject({
    amount: Amount,
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .refine((c) => !!currencyCodes.code(c), 'Not an ISO 4217 currency code'),
  })
  .openapi('Money', { example: { amount: '2500000.00', currency: 'USD' } })
export type Money = { amount: string; currency: string }

/** Money that must be in US dollars (the program's thresholds are in USD). */
export const UsdMoney = z
  .strictObject({
    amount: Amount,
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .refine((c) => c === 'USD', 'Only USD is accepted'),
  })
  .openapi('UsdMoney', { example: { amount: '2500000.00', currency: 'USD' } })

const DECIMAL = /^(\d+)(?:\.(\d+))?$/
const CENTS = /^\d+\.\d\d$/

/** Parses a non-negative decimal string into an integer at `scale` decimals; refuses extra precision. */
export function parseDecimal(value: string | number, scale = 2): bigint {
  // The common case, PostgreSQL's numeric(…, 2) text: no match arrays or padding (reviews parse millions).
  if (scale === 2 && typeof value === 'string' && CENTS.test(value)) return BigInt(value.slice(0, -3) + value.slice(-2))
  const s = typeof value === 'number' ? numberText(value) : value.trim()
  const m = DECIMAL.exec(s)
  if (!m || (m[2] ?? '').length > scale) throw new RangeError(`Not a non-negative decimal with at most ${scale} decimals: ${s}`)
  return BigInt(m[1] + (m[2] ?? '').padEnd(scale, '0'))
}

/** Formats an integer at `scale` decimals as a decimal string, e.g. 250000000n → "2500000.00". */
export function formatDecimal(value: bigint, scale = 2): string {
  const neg = value < 0n
  const digits = (neg ? -value : value).toString().padStart(scale + 1, '0')
  const int = digits.slice(0, digits.length - scale)
  return (neg ? '-' : '') + (scale ? `${int}.${digits.slice(-scale)}` : int)
}

/** A JS number as plain decimal text (no exponent), for numbers that came from JSON. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Not a finite number: ${n}`)
  return Number.isInteger(n) ? BigInt(n).toString() : String(n)
}

export const toCents = (amount: string): bigint => parseDecimal(amount, 2)
export type Usd = { amount: string; currency: 'USD' }
export const usd = (cents: bigint): Usd => ({ amount: formatDecimal(cents, 2), currency: 'USD' })

/** Integer division rounding up, for non-negative operands. */
export const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b

/**
 * Short US-dollar wording for people: $12.5M, $120K, $950. Rounds up (a gap of $12,500,001 reads
 * "$12.51M"), so that adding the stated amount is always enough.
 */
export function formatUsdShort(cents: bigint): string {
  const units: [bigint, string][] = [
    [100_000_000_000n, 'B'],
    [100_000_000n, 'M'],
    [100_000n, 'K'],
  ]
  for (const [size, suffix] of units) {
    if (cents >= size) return `$${trim(formatDecimal(ceilDiv(cents * 100n, size), 2))}${suffix}`
  }
  return `$${trim(formatDecimal(cents, 2))}`
}

const trim = (s: string) => s.replace(/\.?0+$/, '')
