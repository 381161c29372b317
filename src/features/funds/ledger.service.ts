import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { writeSheet, type SheetFormat } from '../../core/sheets.ts'
import type { LedgerTransaction } from './funds.contract.ts'
import { verifyLedger, type LedgerVerification } from './ledger.ts'
import { mdfGate } from './mdf.service.ts'

type Row = {
  id: string
  kind: string
  partner_id: string
  partner_name: string
  fund: string
  program_year: number
  period: string
  source_type: string
  source_id: string
  memo: string
  reverses: string | null
  actor: string
  created_at: Date
  entries: { account: string; amount: string; currency: string }[]
}

/**
 * Ledger transactions with their entries, newest first: a partner's users see their own company's only;
 * staff see one partner's or every partner's, optionally one program year.
 */
export async function listLedger(ctx: Ctx, q: { partnerId?: string; programYear?: number; limit?: number }): Promise<LedgerTransaction[]> {
  assertCan(ctx.actor, 'funds:read')
  const partnerId = isExternal(ctx.actor) ? ctx.actor.partnerId : (q.partnerId ?? null)
  if (partnerId) await mdfGate(ctx, partnerId)
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<Row>(
      `SELECT t.id, t.kind, t.partner_id, p.legal_name AS partner_name, t.fund, t.program_year, t.period, t.source_type, t.source_id, t.memo,
         t.reverses, t.actor, t.created_at,
         (SELECT json_agg(json_build_object('account', e.account, 'amount', e.amount::text, 'currency', e.currency) ORDER BY e.id)
          FROM ledger_entries e WHERE e.transaction_id = t.id) AS entries
       FROM ledger_transactions t JOIN partners p ON p.id = t.partner_id
       WHERE ($1::uuid IS NULL OR t.partner_id = $1) AND ($2::int IS NULL OR t.program_year = $2)
       ORDER BY t.created_at DESC, t.id LIMIT $3`,
      [partnerId, q.programYear ?? null, q.limit ?? 200],
    )
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      partnerId: r.partner_id,
      partnerName: r.partner_name,
      fund: r.fund,
      programYear: r.program_year,
      period: r.period,
      source: `${r.source_type}:${r.source_id}`,
      memo: r.memo,
      reverses: r.reverses,
      actor: r.actor,
      createdAt: r.created_at.toISOString(),
      entries: (r.entries ?? []).map((e) => ({ account: e.account, amount: { amount: e.amount, currency: e.currency } })),
    }))
  })
}

/** The ledger as a sheet, one row per entry (CSV or XLSX through the one sheet writer). */
export async function exportLedger(ctx: Ctx, q: { partnerId?: string; programYear?: number }, format: SheetFormat): Promise<Buffer> {
  const items = await listLedger(ctx, { ...q, limit: 100_000 })
  const header = [
    'Date',
    'Transaction',
    'Kind',
    'Partner',
    'Fund',
    'Program year',
    'Period',
    'Account',
    'Amount',
    'Currency',
    'Memo',
    'Source',
    'Actor',
  ]
  const rows = items
    .slice()
    .reverse()
    .flatMap((t) =>
      t.entries.map((e) => [
        t.createdAt,
        t.id,
        t.kind,
        t.partnerName,
        t.fund,
        String(t.programYear),
        t.period,
        e.account,
        e.amount.amount,
        e.amount.currency,
        t.memo,
        t.source,
        t.actor,
      ]),
    )
  return writeSheet('Ledger', header, rows, format)
}

/** `alliance funds verify` and its route: the whole ledger, as the system sees it. */
export async function verify(ctx: Ctx): Promise<LedgerVerification> {
  assertCan(ctx.actor, 'funds:manage')
  return inTx(ctx, (sql) => verifyLedger(sql))
}
