import { parse } from 'csv-parse/sync'
import * as currencyCodes from 'currency-codes'
import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError, type FieldError } from '../../core/errors.ts'
import { formatDecimal, parseDecimal, type Money } from '../../core/money.ts'

/**
 * Exchange rates are data (decision 024): units of a currency per one euro on a day, as the ECB reference
 * rates give them, imported from their CSV or entered by hand. A conversion to USD uses the rates of the
 * amount's day, or of the latest earlier day within `FX_LOOKBACK_DAYS` (no rates are published on weekends
 * and holidays), and names the rates it used. A missing rate is an error naming the currency and the date.
 */
export const FX_LOOKBACK_DAYS = 7
const SCALE = 8

export type FxRate = { currency: string; date: string; perEur: string; source: 'import' | 'manual' }
export type Conversion = {
  from: Money
  usd: Money
  date: string
  /** The rates used: the amount's currency and USD, each per one euro, with the day it was published. */
  rates: FxRate[]
  description: string
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/** "2026-12-07" or the ECB daily file's "07 December 2026" as an ISO date, or null. */
function parseRateDate(text: string): string | null {
  const s = text.trim()
  let y: number, m: number, d: number
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  const long = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(s)
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
  else if (long) [y, m, d] = [Number(long[3]), MONTHS.indexOf(long[2]!.toLowerCase()) + 1, Number(long[1])]
  else return null
  const date = new Date(Date.UTC(y, m - 1, d))
  if (m < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return date.toISOString().slice(0, 10)
}

const fieldError = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path, message }] })

function checkCurrency(code: string, path: string): string {
  const c = code.trim().toUpperCase()
  if (!currencyCodes.code(c)) throw fieldError(path, `"${code}" is not an ISO 4217 currency code`)
  if (c === 'EUR') throw fieldError(path, 'Rates are per one euro; the euro itself needs no rate')
  return c
}

export type ParsedRates = { rates: { currency: string; date: string; perEur: string }[]; errors: (FieldError & { row: number })[] }

/**
 * Reads an ECB-style reference-rate CSV: a header "Date,USD,JPY,…" (a trailing empty column and spaces are
 * allowed), then one row per day; "N/A" or an empty cell means no rate that day. Every bad cell is named by
 * row (the header is row 1) and column.
 */
export function parseEcbCsv(text: string): ParsedRates {
  let records: string[][]
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][]
  } catch (e) {
    return { rates: [], errors: [{ row: 0, path: 'file', message: `Not a CSV file: ${(e as Error).message}` }] }
  }
  const errors: ParsedRates['errors'] = []
  const header = records[0]
  if (!header || header[0]?.toLowerCase() !== 'date')
    return { rates: [], errors: [{ row: 1, path: 'Date', message: 'The first column must be "Date", then one column per currency' }] }
  const columns = header.slice(1).map((h, i) => {
    if (!h) return null
    const c = h.toUpperCase()
    if (!currencyCodes.code(c) || c === 'EUR') {
      errors.push({ row: 1, path: h, message: `"${h}" is not an ISO 4217 currency code (other than EUR)` })
      return null
    }
    return { currency: c, index: i + 1 }
  })
  if (!columns.some(Boolean)) errors.push({ row: 1, path: 'header', message: 'No currency columns' })
  const rates: ParsedRates['rates'] = []
  const seen = new Set<string>()
  records.slice(1).forEach((r, i) => {
    const row = i + 2
    const date = parseRateDate(r[0] ?? '')
    if (!date) return errors.push({ row, path: 'Date', message: `"${r[0] ?? ''}" is not a date (2026-12-07 or 07 December 2026)` })
    if (seen.has(date)) return errors.push({ row, path: 'Date', message: `${date} appears twice` })
    seen.add(date)
    for (const col of columns) {
      if (!col) continue
      const cell = (r[col.index] ?? '').trim()
      if (!cell || cell.toUpperCase() === 'N/A') continue
      if (!/^\d{1,11}(\.\d{1,8})?$/.test(cell) || parseDecimal(cell, SCALE) === 0n) {
        errors.push({ row, path: col.currency, message: `"${cell}" is not a positive rate with at most 8 decimals` })
        continue
      }
      rates.push({ currency: col.currency, date, perEur: formatDecimal(parseDecimal(cell, SCALE), SCALE) })
    }
    return undefined
  })
  return { rates, errors }
}

async function upsertRates(ctx: Ctx, sql: Sql, rates: ParsedRates['rates'], source: 'import' | 'manual'): Promise<number> {
  let changed = 0
  for (const r of rates) {
    const res = await sql.query<{ currency: string }>(
      `INSERT INTO fx_rates (currency, rate_date, per_eur, source, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (currency, rate_date) DO UPDATE SET per_eur = EXCLUDED.per_eur, source = EXCLUDED.source,
         entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at
       WHERE fx_rates.per_eur <> EXCLUDED.per_eur RETURNING currency`,
      [r.currency, r.date, r.perEur, source, ctx.actor?.userId || null, ctx.now()],
    )
    changed += res.length
  }
  return changed
}

/** Imports an ECB-style CSV: all rows or nothing (422 naming each bad row and column); a re-import of the same file changes nothing. */
export async function importRates(ctx: Ctx, text: string): Promise<{ rates: number; changed: number; days: number }> {
  assertCan(ctx.actor, 'fx:manage')
  const parsed = parseEcbCsv(text)
  if (parsed.errors.length)
    throw new AppError('IMPORT_INVALID', `${parsed.errors.length} cells are invalid; nothing was imported`, {
      errors: parsed.errors.slice(0, ctx.config.imports.errors),
    })
  if (!parsed.rates.length)
    throw new AppError('IMPORT_INVALID', 'The file holds no rates', { errors: [{ path: 'file', message: 'No rates' }] })
  return inTx(ctx, async (sql) => {
    const changed = await upsertRates(ctx, sql, parsed.rates, 'import')
    const days = new Set(parsed.rates.map((r) => r.date)).size
    await audit(ctx, sql, {
      entity: 'fx_rates',
      entityId: 'import',
      action: 'import',
      after: { rates: parsed.rates.length, changed, days },
    })
    return { rates: parsed.rates.length, changed, days }
  })
}

/** Enters one rate by hand (units of the currency per one euro on the day). */
export async function setRate(ctx: Ctx, input: { currency: string; date: string; perEur: string }): Promise<FxRate> {
  assertCan(ctx.actor, 'fx:manage')
  const currency = checkCurrency(input.currency, 'currency')
  const date = parseRateDate(input.date)
  if (!date) throw fieldError('date', 'A date such as 2026-12-07')
  if (!/^\d{1,11}(\.\d{1,8})?$/.test(input.perEur.trim()) || parseDecimal(input.perEur.trim(), SCALE) === 0n)
    throw fieldError('perEur', 'A positive rate with at most 8 decimals, e.g. 1.0523')
  const perEur = formatDecimal(parseDecimal(input.perEur.trim(), SCALE), SCALE)
  return inTx(ctx, async (sql) => {
    await upsertRates(ctx, sql, [{ currency, date, perEur }], 'manual')
    await audit(ctx, sql, { entity: 'fx_rates', entityId: `${currency}:${date}`, action: 'set', after: { currency, date, perEur } })
    return { currency, date, perEur, source: 'manual' }
  })
}

/** Rates on file, newest day first (optionally one currency). */
export async function listRates(ctx: Ctx, q: { currency?: string; limit?: number }): Promise<FxRate[]> {
  assertCan(ctx.actor, 'funds:read')
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<{ currency: string; rate_date: string; per_eur: string; source: FxRate['source'] }>(
      `SELECT currency, rate_date::text, per_eur::text, source FROM fx_rates WHERE ($1::text IS NULL OR currency = $1)
       ORDER BY rate_date DESC, currency LIMIT $2`,
      [q.currency?.toUpperCase() ?? null, q.limit ?? 200],
    )
    return rows.map((r) => ({ currency: r.currency, date: r.rate_date, perEur: r.per_eur, source: r.source }))
  })
}

async function rateOn(sql: Sql, currency: string, date: string): Promise<FxRate> {
  if (currency === 'EUR') return { currency, date, perEur: formatDecimal(10n ** BigInt(SCALE), SCALE), source: 'import' }
  const [r] = await sql.query<{ rate_date: string; per_eur: string; source: FxRate['source'] }>(
    `SELECT rate_date::text, per_eur::text, source FROM fx_rates
     WHERE currency = $1 AND rate_date <= $2::date AND rate_date > $2::date - $3::int ORDER BY rate_date DESC LIMIT 1`,
    [currency, date, FX_LOOKBACK_DAYS],
  )
  if (!r)
    throw new AppError('FX_RATE_MISSING', `No exchange rate for ${currency} on ${date} (nor in the ${FX_LOOKBACK_DAYS - 1} days before)`, {
      currency,
      date,
    })
  return { currency, date: r.rate_date, perEur: r.per_eur, source: r.source }
}

/**
 * Converts an amount to US dollars at the rates of `date` (rounded half up to the cent), naming the rates
 * used. US dollars convert to themselves. A missing rate throws FX_RATE_MISSING naming currency and date.
 */
export async function toUsd(sql: Sql, amount: Money, date: string): Promise<Conversion> {
  const cents = parseDecimal(amount.amount)
  if (amount.currency === 'USD') return { from: amount, usd: amount, date, rates: [], description: 'Already in USD: no conversion' }
  const from = await rateOn(sql, amount.currency, date)
  const usdRate = await rateOn(sql, 'USD', date)
  const num = cents * parseDecimal(usdRate.perEur, SCALE)
  const den = parseDecimal(from.perEur, SCALE)
  const usdCents = (2n * num + den) / (2n * den)
  const rates = amount.currency === 'EUR' ? [usdRate] : [from, usdRate]
  const description =
    amount.currency === 'EUR'
      ? `EUR→USD at ${usdRate.perEur} USD per EUR (${usdRate.date})`
      : `${amount.currency}→USD at ${from.perEur} ${amount.currency} per EUR (${from.date}) and ${usdRate.perEur} USD per EUR (${usdRate.date})`
  return { from: amount, usd: { amount: formatDecimal(usdCents), currency: 'USD' }, date, rates, description }
}

/** The conversion route's service: checks the input and converts in a read transaction. */
export async function convert(ctx: Ctx, q: { amount: string; currency: string; date: string }): Promise<Conversion> {
  assertCan(ctx.actor, 'funds:read')
  const date = parseRateDate(q.date)
  if (!date) throw fieldError('date', 'A date such as 2026-12-07')
  const currency = q.currency.trim().toUpperCase()
  if (!currencyCodes.code(currency)) throw fieldError('currency', `"${q.currency}" is not an ISO 4217 currency code`)
  return inTx(ctx, (sql) => toUsd(sql, { amount: q.amount, currency }, date))
}
