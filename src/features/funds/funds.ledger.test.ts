import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTx } from '../../core/context.ts'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { makePartner, sys } from '../../../tests/factories/index.ts'
import { balancesOf, postTransaction, verifyLedger } from './ledger.ts'
import { convert, importRates, parseEcbCsv, setRate, toUsd } from './fx.service.ts'
import { actorCtx } from './funds.test-helpers.ts'

let db: Database
let partner: string

beforeAll(async () => {
  db = await createTestDb()
  partner = (await makePartner(db, { legalName: 'Ledger Co', status: 'active', tier: 'strategic' })).id
})
afterAll(() => db.close())

const post = (amounts: [string, bigint][], currency = 'USD') =>
  inTx(sys(db), (sql) =>
    postTransaction(sys(db), sql, {
      kind: 'allocation',
      partnerId: partner,
      programYear: 2027,
      sourceType: 'allocation',
      sourceId: partner,
      memo: 'test',
      currency,
      postings: amounts.map(([account, cents]) => ({ account: account as never, cents })),
    }),
  )

describe('the ledger', () => {
  it('keeps a balanced transaction, derives balances from entries and records the write in the audit log', async () => {
    const id = await post([
      ['mdf:funding', -1_000_00n],
      ['mdf:available', 1_000_00n],
    ])
    const [b] = await inTx(sys(db), (sql) => balancesOf(sql, [partner]))
    expect(b!.balances['mdf:available']).toBe(100000n)
    expect(b!.balances['mdf:funding']).toBe(-100000n)
    const audit = await db.owner.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'ledger_transaction' AND entity_id = $1`,
      [id],
    )
    expect(audit.map((a) => a.action)).toEqual(['allocation'])
  })

  it('refuses a transaction that does not sum to zero, in the write function and in the database at commit', async () => {
    await expect(post([['mdf:available', 5n]])).rejects.toThrow(/does not sum to zero/)
    const before = await db.owner.query('SELECT count(*)::int AS n FROM ledger_transactions')
    await expect(
      db.transaction({ userId: null, partnerId: null, internal: true }, async (sql) => {
        const [t] = await sql.query<{ id: string }>(
          `INSERT INTO ledger_transactions (kind, partner_id, fund, program_year, period, source_type, source_id, memo, actor, created_at)
           VALUES ('allocation', $1, 'mdf', 2027, '2027Q1', 'allocation', $1, 'raw', 'test', now()) RETURNING id`,
          [partner],
        )
        await sql.query(
          `INSERT INTO ledger_entries (transaction_id, account, partner_id, fund, program_year, period, amount, currency, created_at)
           VALUES ($1, 'mdf:available', $2, 'mdf', 2027, '2027Q1', 10, 'USD', now()), ($1, 'mdf:funding', $2, 'mdf', 2027, '2027Q1', -9, 'USD', now())`,
          [t!.id, partner],
        )
      }),
    ).rejects.toThrow(/does not sum to zero/)
    expect(await db.owner.query('SELECT count(*)::int AS n FROM ledger_transactions')).toEqual(before)
  })

  it('refuses a transaction that takes an MDF account below zero', async () => {
    await expect(
      post([
        ['mdf:available', -2_000_00n],
        ['mdf:committed', 2_000_00n],
      ]),
    ).rejects.toThrow(/below zero/)
  })

  it('never updates or deletes an entry or a transaction, even for the owner', async () => {
    await expect(db.owner.query(`UPDATE ledger_entries SET amount = amount * 2`)).rejects.toThrow(/never changed or deleted/)
    await expect(db.owner.query(`DELETE FROM ledger_entries`)).rejects.toThrow(/never changed or deleted/)
    await expect(db.owner.query(`DELETE FROM ledger_transactions`)).rejects.toThrow(/never changed or deleted/)
  })

  it('verify passes a balanced ledger and names the first transaction that does not sum to zero', async () => {
    expect((await inTx(sys(db), (sql) => verifyLedger(sql))).ok).toBe(true)
    // Entries written around the checks (as a damaged restore or a hand edit could) are found by verify.
    const [t] = await db.owner.query<{ id: string }>(
      `INSERT INTO ledger_transactions (kind, partner_id, fund, program_year, period, source_type, source_id, memo, actor, created_at)
       VALUES ('allocation', $1, 'mdf', 2027, '2027Q1', 'allocation', $1, 'bad', 'test', now() + interval '1 hour') RETURNING id`,
      [partner],
    )
    await db.owner.exec(`BEGIN; ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_balanced;
      INSERT INTO ledger_entries (transaction_id, account, partner_id, fund, program_year, period, amount, currency, created_at)
      VALUES ('${t!.id}', 'mdf:available', '${partner}', 'mdf', 2027, '2027Q1', 7.25, 'USD', now());
      ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_balanced; COMMIT;`)
    const r = await inTx(sys(db), (sql) => verifyLedger(sql))
    expect(r.ok).toBe(false)
    expect(r.first).toEqual({ transactionId: t!.id, problem: 'its entries in USD sum to 7.25, not zero' })
  })
})

describe('exchange rates', () => {
  const ecb = 'Date,USD,JPY,GBP,\n2027-03-05,1.0850,160.12,0.8571,\n2027-03-04,1.0800,N/A,0.8600,\n'

  it('reads an ECB-style CSV and names every bad row and column', () => {
    expect(parseEcbCsv(ecb).rates).toHaveLength(5)
    const bad = parseEcbCsv('Date,USD,XXQ\n2027-02-30,1.1,2\n2027-03-01,abc,1\n')
    expect(bad.errors).toEqual([
      { row: 1, path: 'XXQ', message: '"XXQ" is not an ISO 4217 currency code (other than EUR)' },
      { row: 2, path: 'Date', message: '"2027-02-30" is not a date (2026-12-07 or 07 December 2026)' },
      { row: 3, path: 'USD', message: '"abc" is not a positive rate with at most 8 decimals' },
    ])
    expect(parseEcbCsv('Date, USD\n05 March 2027, 1.0850\n').rates).toEqual([{ currency: 'USD', date: '2027-03-05', perEur: '1.08500000' }])
  })

  it('imports all rows or none, and a re-import changes nothing', async () => {
    const admin = await actorCtx(db, 'incentives')
    await expect(importRates(admin, 'Date,USD\n2027-03-05,x\n')).rejects.toMatchObject({ code: 'IMPORT_INVALID' })
    expect(await db.owner.query('SELECT * FROM fx_rates')).toEqual([])
    expect(await importRates(admin, ecb)).toEqual({ rates: 5, changed: 5, days: 2 })
    expect(await importRates(admin, ecb)).toEqual({ rates: 5, changed: 0, days: 2 })
  })

  it('converts to USD exactly with the rates of the day (or the latest earlier day), naming them', async () => {
    const c = await inTx(sys(db), (sql) => toUsd(sql, { amount: '1000.00', currency: 'GBP' }, '2027-03-05'))
    // 1000 GBP × 1.0850 / 0.8571 = 1265.8966… → 1265.90
    expect(c.usd).toEqual({ amount: '1265.90', currency: 'USD' })
    expect(c.description).toBe('GBP→USD at 0.85710000 GBP per EUR (2027-03-05) and 1.08500000 USD per EUR (2027-03-05)')
    const weekend = await inTx(sys(db), (sql) => toUsd(sql, { amount: '100.00', currency: 'EUR' }, '2027-03-07'))
    expect(weekend.usd.amount).toBe('108.50')
    expect(weekend.rates[0]!.date).toBe('2027-03-05')
  })

  it('refuses a conversion without a rate, naming the currency and the date (never a silent 1.0)', async () => {
    const reader = await actorCtx(db, 'partner_user', partner)
    await expect(convert(reader, { amount: '10.00', currency: 'JPY', date: '2027-03-04' })).rejects.toMatchObject({
      code: 'FX_RATE_MISSING',
      message: 'No exchange rate for JPY on 2027-03-04 (nor in the 6 days before)',
    })
    await expect(convert(reader, { amount: '10.00', currency: 'CHF', date: '2027-03-05' })).rejects.toMatchObject({
      code: 'FX_RATE_MISSING',
      details: { currency: 'CHF', date: '2027-03-05' },
    })
    await setRate(await actorCtx(db, 'admin'), { currency: 'CHF', date: '2027-03-05', perEur: '0.95' })
    expect((await convert(reader, { amount: '95.00', currency: 'CHF', date: '2027-03-05' })).usd.amount).toBe('108.50')
  })
})
