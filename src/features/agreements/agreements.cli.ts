import type { Command } from 'commander'
import { withContext } from '../../cli/runtime.ts'
import { AppError } from '../../core/errors.ts'
import { AgreementListQuery } from './agreements.contract.ts'
import { listAgreements } from './agreements.service.ts'

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n))

export function agreementsCommands(program: Command) {
  const group = program.command('agreements').description('Partner agreements')
  group
    .command('expiring')
    .description('List signed agreements expiring within the next N days, soonest first')
    .requiredOption('--days <n>', 'days from today (1–3650)')
    .action(async (o: { days: string }) => {
      const parsed = AgreementListQuery.safeParse({ expiringWithinDays: o.days, limit: 500 })
      if (!parsed.success || !/^\d+$/.test(o.days))
        throw new AppError('VALIDATION_FAILED', 'Invalid options', {
          errors: [{ path: '--days', message: 'A whole number of days from 1 to 3650' }],
        })
      const items = await withContext((ctx) => listAgreements(ctx, parsed.data))
      if (!items.length) return console.log(`No agreement expires within ${parsed.data.expiringWithinDays} days.`)
      console.log(`${pad('EXPIRES', 11)} ${pad('DAYS', 5)} ${pad('PARTNER', 32)} ${pad('AGREEMENT', 40)} COUNTRIES`)
      for (const a of items)
        console.log(
          `${pad(a.expiryDate ?? '', 11)} ${pad(String(a.daysToExpiry), 5)} ${pad(a.partnerName, 32)} ${pad(a.title, 40)} ${a.countries.join(',') || '—'}`,
        )
      console.log(`${items.length} agreement${items.length === 1 ? '' : 's'} expiring within ${parsed.data.expiringWithinDays} days.`)
    })
}
