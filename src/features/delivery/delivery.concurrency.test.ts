import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import type { Database } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { seedOpenPo } from '../../../tests/factories/delivery.ts'
import { createTestDb, usingPostgres } from '../../../tests/setup/db.ts'
import { getPo, listPos } from './pos.service.ts'
import { submitInvoice } from './invoices.service.ts'

// The balance rule is kept by the database: concurrent invoices never take a PO line (or the PO) past its amount.

let db: Database
let ctx: Ctx
let partnerId: string
let ownerId: string

beforeAll(async () => {
  db = await createTestDb()
  partnerId = (await makePartner(db, { type: 'service', status: 'active' })).id
  ownerId = (await makeUser(db, 'partner_ops')).id
  const u = await makeUser(db, 'partner_user', partnerId)
  const actor: Actor = { userId: u.id, email: u.email, name: u.name, role: 'partner_user', partnerId, via: 'session' }
  ctx = { ...sys(db), actor }
})
afterAll(() => db.close())

const invoice = (poId: string, lineId: string, n: number, amount: string) => ({
  poId,
  number: `C-${n}`,
  invoiceDate: new Date().toISOString().slice(0, 10),
  currency: 'USD',
  tax: '0.00',
  lines: [{ poLineId: lineId, amount }],
})

describe('invoices against one PO under concurrency', () => {
  it(`30 simultaneous invoices of 150.00 against a 1000.00 line: exactly 6 pass, the rest are refused naming the line (${usingPostgres ? 'PostgreSQL' : 'embedded'})`, async () => {
    const { poId, lineIds } = await seedOpenPo(db.owner, { partnerId, ownerId, amounts: ['1000.00'] })
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, n) => submitInvoice(ctx, invoice(poId, lineIds[0]!, n, '150.00'))),
    )
    const accepted = results.filter((r) => r.status === 'fulfilled')
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []))
    expect(accepted).toHaveLength(6)
    expect(refused).toHaveLength(24)
    for (const e of refused) {
      expect(e).toBeInstanceOf(AppError)
      expect(e.code).toBe('PO_BALANCE_EXCEEDED')
      expect(e.message).toContain('PO line 1')
    }
    const po = await getPo(ctx, poId)
    expect(po.balance.invoiced.amount).toBe('900.00')
    expect(po.balance.remaining.amount).toBe('100.00')
  })

  it('many invoices over two lines at once: no line and no PO ever goes past its amount', async () => {
    const { poId, lineIds } = await seedOpenPo(db.owner, { partnerId, ownerId, amounts: ['500.00', '300.00'] })
    const amounts = ['70.00', '130.00', '55.55', '99.99', '10.01', '200.00', '45.00', '80.00']
    await Promise.allSettled(
      Array.from({ length: 40 }, (_, n) => submitInvoice(ctx, invoice(poId, lineIds[n % 2]!, 100 + n, amounts[n % amounts.length]!))),
    )
    const [po] = (await listPos(ctx, {})).filter((p) => p.id === poId)
    for (const l of po!.lines) expect(Number(l.balance.remaining.amount)).toBeGreaterThanOrEqual(0)
    expect(Number(po!.balance.remaining.amount)).toBeGreaterThanOrEqual(0)
    const [row] = await db.owner.query<{ over: number }>(
      `SELECT count(*)::int AS over FROM delivery_po_lines l WHERE l.po_id = $1
         AND l.amount < (SELECT coalesce(sum(il.amount), 0) FROM delivery_invoice_lines il WHERE il.po_line_id = l.id)`,
      [poId],
    )
    expect(row!.over).toBe(0)
  })

  it('the database refuses an over-balance line whoever writes it, even the owner bypassing the service', async () => {
    const { poId, lineIds } = await seedOpenPo(db.owner, { partnerId, ownerId, amounts: ['100.00'] })
    const [inv] = await db.owner.query<{ id: string }>(
      `INSERT INTO delivery_invoices (partner_id, po_id, number, invoice_date, currency, submitted_at) VALUES ($1, $2, 'RAW-1', current_date, 'USD', now()) RETURNING id`,
      [partnerId, poId],
    )
    await db.owner.query(
      `INSERT INTO delivery_invoice_lines (invoice_id, partner_id, po_line_id, invoice_line_number, amount) VALUES ($1, $2, $3, 1, 60)`,
      [inv!.id, partnerId, lineIds[0]],
    )
    await expect(
      db.owner.query(
        `INSERT INTO delivery_invoice_lines (invoice_id, partner_id, po_line_id, invoice_line_number, amount) VALUES ($1, $2, $3, 2, 40.01)`,
        [inv!.id, partnerId, lineIds[0]],
      ),
    ).rejects.toMatchObject({ code: 'P0001' })
    // A disputed invoice frees its amount; it does not come back.
    await db.owner.query(`UPDATE delivery_invoices SET status = 'disputed' WHERE id = $1`, [inv!.id])
    await expect(db.owner.query(`UPDATE delivery_invoices SET status = 'approved' WHERE id = $1`, [inv!.id])).rejects.toMatchObject({
      code: '23514',
    })
    const po = await getPo(ctx, poId)
    expect(po.balance.remaining.amount).toBe('100.00')
  })

  it('the tolerance rule (data) lets a small overage through, flagged for approval, and nothing beyond it', async () => {
    await db.owner.query('UPDATE delivery_settings SET invoice_tolerance_percent = 5, invoice_tolerance_max = 20')
    try {
      const { poId, lineIds } = await seedOpenPo(db.owner, { partnerId, ownerId, amounts: ['1000.00'] })
      const first = await submitInvoice(ctx, invoice(poId, lineIds[0]!, 900, '1000.00'))
      expect(first.overTolerance).toBe(false)
      await expect(submitInvoice(ctx, invoice(poId, lineIds[0]!, 901, '20.01'))).rejects.toMatchObject({ code: 'PO_BALANCE_EXCEEDED' })
      const within = await submitInvoice(ctx, invoice(poId, lineIds[0]!, 902, '20.00'))
      expect(within.overTolerance).toBe(true)
    } finally {
      await db.owner.query('UPDATE delivery_settings SET invoice_tolerance_percent = 0, invoice_tolerance_max = 0')
    }
  })
})
