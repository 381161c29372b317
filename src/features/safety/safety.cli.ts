import fs from 'node:fs'
import type { Command } from 'commander'
import { withContext } from '../../cli/runtime.ts'
import { systemActor } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { formatOf } from '../../core/sheets.ts'
import { listExpiring } from './dashboard.service.ts'
import { listGaps } from './gaps.service.ts'
import { importSubscriptions } from './import.service.ts'

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n))
// The command line acts as the safety team: it runs where the database is, for whoever operates the server.
const asSafety = <T>(fn: (ctx: Ctx) => Promise<T>) => withContext((ctx) => fn({ ...ctx, actor: { ...systemActor, role: 'safety' } }))

export function safetyCommands(program: Command) {
  const group = program.command('safety').description('Partner Safety Program')
  group
    .command('import')
    .description("Import a compliance provider's export (CSV/XLSX) into partners' subscriptions, with the remembered column mapping")
    .argument('<file>', '.csv or .xlsx file')
    .option('--provider <key>', 'provider key (default: the default provider)')
    .option('--good-rows-only', 'import the good rows of a file with bad ones')
    .action(async (file: string, o: { provider?: string; goodRowsOnly?: boolean }) => {
      const format = formatOf(file)
      if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The file must end in .csv or .xlsx')
      if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `No such file: ${file}`)
      const r = await asSafety((ctx) =>
        importSubscriptions(ctx, { data: fs.readFileSync(file), format }, { providerKey: o.provider, goodRowsOnly: !!o.goodRowsOnly }),
      )
      for (const e of r.errors) console.error(`row ${e.row}: ${e.path}: ${e.message}`)
      console.log(`Imported ${r.imported}, unchanged ${r.unchanged}, skipped ${r.skipped} rows.`)
    })
  group
    .command('expiring')
    .description('List accepted safety evidence expiring within the next N days, soonest first')
    .requiredOption('--days <n>', 'days from today (1–3650)')
    .action(async (o: { days: string }) => {
      const days = Number(o.days)
      if (!/^\d+$/.test(o.days) || days < 1 || days > 3650)
        throw new AppError('VALIDATION_FAILED', 'Invalid options', {
          errors: [{ path: '--days', message: 'A whole number of days from 1 to 3650' }],
        })
      const items = await asSafety((ctx) => listExpiring(ctx, days))
      if (!items.length) return console.log(`No safety evidence expires within ${days} days.`)
      console.log(`${pad('EXPIRES', 11)} ${pad('DAYS', 5)} ${pad('PARTNER', 32)} EVIDENCE`)
      for (const e of items) console.log(`${pad(e.expiryDate, 11)} ${pad(String(e.daysLeft), 5)} ${pad(e.partnerName, 32)} ${e.what}`)
      console.log(`${items.length} item${items.length === 1 ? '' : 's'} expiring within ${days} days.`)
    })
  group
    .command('gaps')
    .description('List open safety gaps and red flags, oldest first')
    .action(async () => {
      const items = await asSafety((ctx) => listGaps(ctx, { open: 'true' }))
      if (!items.length) return console.log('No open safety gaps.')
      console.log(`${pad('OPENED', 11)} ${pad('PARTNER', 32)} ${pad('KIND', 28)} WHAT`)
      for (const g of items) console.log(`${pad(g.openedAt.slice(0, 10), 11)} ${pad(g.partnerName, 32)} ${pad(g.kind, 28)} ${g.message}`)
      console.log(`${items.length} open gap${items.length === 1 ? '' : 's'}.`)
    })
}
