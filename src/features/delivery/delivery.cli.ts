import fs from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { withContext } from '../../cli/runtime.ts'
import { systemActor } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { exportInvoiceCxml, invoiceCxml, listInvoices } from './invoices.service.ts'
import { listPos } from './pos.service.ts'
import { listScreenings } from './resources.service.ts'

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n))
// The command line acts as partner operations: it runs where the database is, for whoever operates the server.
const asOps = <T>(fn: (ctx: Ctx) => Promise<T>) => withContext((ctx) => fn({ ...ctx, actor: { ...systemActor, role: 'partner_ops' } }))
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_')

export function deliveryCommands(program: Command) {
  program
    .command('po')
    .description('Purchase orders of service partners')
    .command('list')
    .description('List purchase orders with their balance (ordered, invoiced, remaining)')
    .option('--open', 'only open purchase orders')
    .action(async (o: { open?: boolean }) => {
      const pos = await asOps((ctx) => listPos(ctx, o.open ? { status: 'open' } : {}))
      if (!pos.length) return console.log(o.open ? 'No open purchase orders.' : 'No purchase orders.')
      console.log(
        `${pad('NUMBER', 16)} ${pad('STATUS', 10)} ${pad('PARTNER', 28)} ${pad('CLIENT', 24)} ${pad('ORDERED', 16)} ${pad('INVOICED', 16)} REMAINING`,
      )
      for (const p of pos)
        console.log(
          `${pad(p.number, 16)} ${pad(p.status, 10)} ${pad(p.partnerName, 28)} ${pad(p.clientName, 24)} ` +
            `${pad(`${p.balance.ordered.amount} ${p.currency}`, 16)} ${pad(`${p.balance.invoiced.amount} ${p.currency}`, 16)} ${p.balance.remaining.amount} ${p.currency}`,
        )
      console.log(`${pos.length} purchase order${pos.length === 1 ? '' : 's'}.`)
    })

  program
    .command('invoices')
    .description('Service partner invoices')
    .command('export-cxml')
    .description(
      'Write the cXML InvoiceDetailRequest of every approved invoice to DIR (exporting, validating and keeping those not exported yet)',
    )
    .requiredOption('--approved', 'the approved invoices (the only ones exported)')
    .requiredOption('--out <dir>', 'directory to write the .xml files to')
    .action(async (o: { approved: boolean; out: string }) => {
      if (!fs.existsSync(o.out) || !fs.statSync(o.out).isDirectory())
        throw new AppError('VALIDATION_FAILED', 'Invalid options', { errors: [{ path: '--out', message: `Not a directory: ${o.out}` }] })
      const written = await asOps(async (ctx) => {
        const out: string[] = []
        for (const inv of await listInvoices(ctx, { status: 'approved' })) {
          const doc = inv.exports.length ? await invoiceCxml(ctx, inv.id) : await exportInvoiceCxml(ctx, inv.id)
          const file = path.join(o.out, `${fileSafe(inv.poNumber)}_${fileSafe(inv.number)}.xml`)
          fs.writeFileSync(file, doc.document)
          out.push(`${file}  sha256 ${doc.sha256}`)
        }
        return out
      })
      for (const line of written) console.log(line)
      console.log(`${written.length} approved invoice${written.length === 1 ? '' : 's'} written to ${o.out}.`)
    })

  program
    .command('screenings')
    .description('Technical screenings of partner resources')
    .command('due')
    .description('List screenings still to hold (invited, accepted, another slot asked), soonest first')
    .action(async () => {
      const items = await asOps((ctx) => listScreenings(ctx, { due: true }))
      if (!items.length) return console.log('No screenings due.')
      console.log(
        `${pad('STARTS (UTC)', 17)} ${pad('TIME ZONE', 20)} ${pad('STATUS', 21)} ${pad('RESOURCE', 24)} ${pad('PARTNER', 28)} ASSESSOR`,
      )
      for (const s of items)
        console.log(
          `${pad(s.startsAt.slice(0, 16).replace('T', ' '), 17)} ${pad(s.timeZone, 20)} ${pad(s.status.replace('_', ' '), 21)} ` +
            `${pad(s.resourceName, 24)} ${pad(s.partnerName, 28)} ${s.assessor.name ?? ''}`,
        )
      console.log(`${items.length} screening${items.length === 1 ? '' : 's'} due.`)
    })
}
