import { audit } from '../../core/audit.ts'
import type { Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { formatDecimal, parseDecimal, type Money } from '../../core/money.ts'

/**
 * The one ledger of partner money (decision 024). Accounts of a partner's MDF in one program year:
 * `mdf:funding` (the program's side: minus what it allocated), `mdf:available` (allocated, not yet
 * committed), `mdf:committed` (approved requests not yet claimed), `mdf:payable` (approved claims not yet
 * paid), `mdf:paid` and `mdf:expired`. Every transaction's entries sum to zero per currency.
 */
export const accounts = ['mdf:funding', 'mdf:available', 'mdf:committed', 'mdf:payable', 'mdf:paid', 'mdf:expired'] as const
export type Account = (typeof accounts)[number]
export type TransactionKind = 'allocation' | 'adjustment' | 'commitment' | 'claim' | 'payment' | 'release' | 'expiry' | 'reversal'

/** A signed decimal string (numeric text) as integer cents. */
export const signedCents = (s: string): bigint => (s.startsWith('-') ? -parseDecimal(s.slice(1)) : parseDecimal(s))
export const money = (cents: bigint, currency: string): Money => ({ amount: formatDecimal(cents), currency })

/** The calendar quarter of a moment (UTC), e.g. "2026Q4": the period a ledger transaction falls in. */
export const quarterOf = (d: Date): string => `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`

export type Posting = { account: Account; cents: bigint }
export type NewTransaction = {
  kind: TransactionKind
  partnerId: string
  programYear: number
  sourceType: 'allocation' | 'request' | 'claim' | 'transaction'
  sourceId: string
  memo: string
  currency: string
  postings: Posting[]
  reverses?: string
}

/**
 * The one write function of the ledger, inside the caller's transaction: a transaction and its entries
 * (zero amounts left out), with the audit record. Entries that do not sum to zero are a defect of the
 * caller; the database checks the same at commit (and that no MDF account falls below zero).
 */
export async function postTransaction(ctx: Ctx, sql: Sql, t: NewTransaction): Promise<string> {
  const postings = t.postings.filter((p) => p.cents !== 0n)
  const total = postings.reduce((s, p) => s + p.cents, 0n)
  if (total !== 0n) throw new Error(`Ledger transaction (${t.kind}) does not sum to zero: ${formatDecimal(total)} ${t.currency}`)
  if (!postings.length) throw new Error(`Ledger transaction (${t.kind}) has no amounts`)
  const at = ctx.now()
  const actor = ctx.actor
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO ledger_transactions (kind, partner_id, fund, program_year, period, source_type, source_id, memo, reverses, actor_id, actor, created_at)
     VALUES ($1, $2, 'mdf', $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      t.kind,
      t.partnerId,
      t.programYear,
      quarterOf(at),
      t.sourceType,
      t.sourceId,
      t.memo,
      t.reverses ?? null,
      actor?.userId || null,
      actor?.email ?? 'system',
      at,
    ],
  )
  const id = row!.id
  for (const p of postings)
    await sql.query(
      `INSERT INTO ledger_entries (transaction_id, account, partner_id, fund, program_year, period, amount, currency, created_at)
       VALUES ($1, $2, $3, 'mdf', $4, $5, $6, $7, $8)`,
      [id, p.account, t.partnerId, t.programYear, quarterOf(at), formatDecimal(p.cents), t.currency, at],
    )
  await audit(ctx, sql, {
    entity: 'ledger_transaction',
    entityId: id,
    action: t.kind,
    partnerId: t.partnerId,
    after: {
      kind: t.kind,
      programYear: t.programYear,
      source: `${t.sourceType}:${t.sourceId}`,
      memo: t.memo,
      currency: t.currency,
      entries: postings.map((p) => ({ account: p.account, amount: formatDecimal(p.cents) })),
      reverses: t.reverses ?? null,
    },
  })
  return id
}

/** One account's balance of a partner's fund in a program year and currency (a sum of entries). */
export async function accountBalance(
  sql: Sql,
  partnerId: string,
  programYear: number,
  account: Account,
  currency: string,
): Promise<bigint> {
  const [row] = await sql.query<{ total: string | null }>(
    `SELECT sum(amount)::text AS total FROM ledger_entries
     WHERE partner_id = $1 AND fund = 'mdf' AND program_year = $2 AND account = $3 AND currency = $4`,
    [partnerId, programYear, account, currency],
  )
  return row?.total ? signedCents(row.total) : 0n
}

export type Balances = Record<Account, bigint>
export type BalanceRow = { partnerId: string; fund: 'mdf'; programYear: number; currency: string; balances: Balances }

/** Every balance of the partners given (or all), by fund, program year and currency: sums of entries, nothing stored. */
export async function balancesOf(sql: Sql, partnerIds: string[] | null): Promise<BalanceRow[]> {
  const rows = await sql.query<{ partner_id: string; program_year: number; currency: string; account: Account; total: string }>(
    `SELECT partner_id, program_year, currency, account, sum(amount)::text AS total FROM ledger_entries
     WHERE fund = 'mdf' AND ($1::uuid[] IS NULL OR partner_id = ANY($1::uuid[]))
     GROUP BY partner_id, program_year, currency, account ORDER BY partner_id, program_year, currency, account`,
    [partnerIds],
  )
  const out = new Map<string, BalanceRow>()
  for (const r of rows) {
    const key = `${r.partner_id}|${r.program_year}|${r.currency}`
    let b = out.get(key)
    if (!b) {
      b = {
        partnerId: r.partner_id,
        fund: 'mdf',
        programYear: r.program_year,
        currency: r.currency,
        balances: Object.fromEntries(accounts.map((a) => [a, 0n])) as Balances,
      }
      out.set(key, b)
    }
    b.balances[r.account] = signedCents(r.total)
  }
  return [...out.values()]
}

export type VerifyFinding = { transactionId: string; problem: string }
export type LedgerVerification = { ok: boolean; transactions: number; first: VerifyFinding | null }

/**
 * Checks the whole ledger: every transaction has entries that sum to zero in each currency, and each
 * allocation's amount (the one cached figure) equals what its funding entries say. Reports the first
 * transaction that fails, oldest first.
 */
export async function verifyLedger(sql: Sql): Promise<LedgerVerification> {
  const [count] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_transactions')
  const [bad] = await sql.query<{ id: string; currency: string | null; total: string | null }>(
    `SELECT t.id, s.currency, s.total::text AS total FROM ledger_transactions t
     LEFT JOIN (SELECT transaction_id, currency, sum(amount) AS total FROM ledger_entries GROUP BY transaction_id, currency) s
       ON s.transaction_id = t.id
     WHERE s.transaction_id IS NULL OR s.total <> 0
     ORDER BY t.created_at, t.id LIMIT 1`,
  )
  if (bad)
    return {
      ok: false,
      transactions: count!.n,
      first: {
        transactionId: bad.id,
        problem: bad.currency ? `its entries in ${bad.currency} sum to ${bad.total}, not zero` : 'it has no entries',
      },
    }
  const [cached] = await sql.query<{ id: string; partner_id: string; program_year: number; amount: string; ledger: string }>(
    `SELECT a.id, a.partner_id, a.program_year, a.amount::text AS amount, coalesce(-sum(e.amount), 0)::text AS ledger
     FROM mdf_allocations a LEFT JOIN ledger_entries e
       ON e.partner_id = a.partner_id AND e.program_year = a.program_year AND e.account = 'mdf:funding' AND e.currency = a.currency
     GROUP BY a.id HAVING a.amount <> coalesce(-sum(e.amount), 0) ORDER BY a.id LIMIT 1`,
  )
  if (cached) {
    const [t] = await sql.query<{ id: string }>(
      `SELECT id FROM ledger_transactions WHERE partner_id = $1 AND program_year = $2 AND kind IN ('allocation', 'adjustment', 'reversal')
       ORDER BY created_at DESC, id LIMIT 1`,
      [cached.partner_id, cached.program_year],
    )
    return {
      ok: false,
      transactions: count!.n,
      first: {
        transactionId: t?.id ?? cached.id,
        problem: `allocation ${cached.id} says ${cached.amount} but its funding entries say ${cached.ledger}`,
      },
    }
  }
  return { ok: true, transactions: count!.n, first: null }
}
