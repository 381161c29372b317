import fs from 'node:fs'
import type { Command } from 'commander'
import { withContext } from '../../cli/runtime.ts'
import { systemActor } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { importRates } from './fx.service.ts'
import { verify } from './ledger.service.ts'
import { runMdfDaily } from './mdf.service.ts'

// The command line acts as the system: it runs where the database is, for whoever operates the server.
const asSystem = <T>(fn: (ctx: Ctx) => Promise<T>) => withContext((ctx) => fn({ ...ctx, actor: systemActor }))

export function fundsCommands(program: Command) {
  const funds = program.command('funds').description('Partner funds on the ledger')
  funds
    .command('verify')
    .description(
      'Check that every ledger transaction sums to zero (and each allocation matches its entries); exits 1 naming the first that does not',
    )
    .action(async () => {
      const r = await asSystem((ctx) => verify(ctx))
      if (r.ok) console.log(`Ledger balanced: ${r.transactions} transactions verified.`)
      else {
        console.error(`Ledger transaction ${r.first!.transactionId} is wrong: ${r.first!.problem}.`)
        process.exitCode = 1
      }
    })
  funds
    .command('expire')
    .description(
      'Close MDF requests whose claim window has passed and expire allocations past their year, as ledger entries (a re-run writes nothing)',
    )
    .action(async () => {
      const r = await asSystem((ctx) => runMdfDaily(ctx))
      console.log(`Closed ${r.closed} requests, expired ${r.expired} allocations, sent ${r.reminders} claim-window reminders.`)
    })
  const fx = program.command('fx').description('Exchange rates')
  fx.command('import')
    .description('Import an ECB-style reference-rate CSV (Date, then one column per currency, units per one euro); all rows or none')
    .argument('<file>', '.csv file')
    .action(async (file: string) => {
      if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `No such file: ${file}`)
      const r = await asSystem((ctx) => importRates(ctx, fs.readFileSync(file, 'utf8')))
      console.log(`Imported ${r.rates} rates over ${r.days} days (${r.changed} new or changed).`)
    })
}
