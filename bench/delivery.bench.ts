import type { Actor } from '../src/core/auth/permissions.ts'
import type { Ctx } from '../src/core/context.ts'
import { openPostgres } from '../src/core/db.ts'
import { migrate } from '../src/core/migrate.ts'
import { submitInvoice } from '../src/features/delivery/invoices.service.ts'
import { makePartner, makeUser, sys } from '../tests/factories/index.ts'
import { seedOpenPo } from '../tests/factories/delivery.ts'
import { createBenchDatabase } from './lib/database.ts'
import { fixed, type Row } from './lib/table.ts'

const ROUNDS = Number(process.env.BENCH_DELIVERY_ROUNDS ?? 200)
const CONCURRENT = 50
const target = 0.3

/**
 * 50 simultaneous invoices against one PO line, repeated: with the balance rule (the trigger locks the line;
 * the line holds half of them) against the same submissions with the rule switched off, in the same run.
 * Reported: accepted invoices per second of each and their ratio; the remaining balance is checked every round.
 */
export default async function delivery(): Promise<Row[]> {
  const db = await openPostgres(await createBenchDatabase('delivery'), { max: 10 })
  try {
    await migrate(db)
    const partnerId = (await makePartner(db, { legalName: 'Bench Services', type: 'service', status: 'active' })).id
    const ownerId = (await makeUser(db, 'partner_ops')).id
    const u = await makeUser(db, 'partner_user', partnerId)
    const actor: Actor = { userId: u.id, email: u.email, name: u.name, role: 'partner_user', partnerId, via: 'session' }
    const ctx: Ctx = { ...sys(db), actor }
    let n = 0
    const run = async (withRule: boolean) => {
      await db.owner.query(`ALTER TABLE delivery_invoice_lines ${withRule ? 'ENABLE' : 'DISABLE'} TRIGGER delivery_invoice_line_within_po`)
      let accepted = 0
      let negative = 0
      let ms = 0
      for (let round = 0; round < ROUNDS; round++) {
        const { poId, lineIds } = await seedOpenPo(db.owner, { partnerId, ownerId, amounts: [`${(CONCURRENT / 2) * 10}.00`] })
        const started = performance.now()
        const results = await Promise.allSettled(
          Array.from({ length: CONCURRENT }, () =>
            submitInvoice(ctx, {
              poId,
              number: `B-${++n}`,
              invoiceDate: '2026-12-01',
              currency: 'USD',
              tax: '0.00',
              lines: [{ poLineId: lineIds[0]!, amount: '10.00' }],
            }),
          ),
        )
        ms += performance.now() - started
        accepted += results.filter((r) => r.status === 'fulfilled').length
        const [left] = await db.owner.query<{ remaining: string }>(
          `SELECT (l.amount - coalesce(sum(il.amount), 0))::text AS remaining FROM delivery_po_lines l
           LEFT JOIN delivery_invoice_lines il ON il.po_line_id = l.id WHERE l.id = $1 GROUP BY l.id`,
          [lineIds[0]],
        )
        if (Number(left!.remaining) < 0) negative++
      }
      return { accepted, perSecond: accepted / (ms / 1000), negative }
    }
    const bare = await run(false)
    const ruled = await run(true)
    const ratio = ruled.perSecond / bare.perSecond
    const label = `${CONCURRENT} concurrent invoices × ${ROUNDS} POs`
    return [
      {
        benchmark: `invoices without the balance rule (${label})`,
        'req/s': `${fixed(bare.perSecond)} accepted/s (${bare.accepted} accepted)`,
      },
      {
        benchmark: `invoices with the balance rule (${label})`,
        'req/s': `${fixed(ruled.perSecond)} accepted/s (${ruled.accepted} accepted, ${ruled.negative} negative balances)`,
      },
      {
        benchmark: 'accepted throughput with / without the rule',
        'req/s': `${fixed(ratio, 2)}× ${ratio >= target && ruled.negative === 0 ? 'pass' : 'MISS'} (≥ ${target}×, never negative)`,
      },
    ]
  } finally {
    await db.owner.query('ALTER TABLE delivery_invoice_lines ENABLE TRIGGER delivery_invoice_line_within_po').catch(() => {})
    await db.close()
  }
}
