import type { Command } from 'commander'
import { withContext } from '../../cli/runtime.ts'
import { AppError } from '../../core/errors.ts'
import { escalateOverdueReviews, expireDeals, snapshotPipeline } from './deals.jobs.ts'
import { IsoDate } from '../../core/dates.ts'

/** The clock of a command: now, or the end of the working day of --at (to catch up, or to rehearse). */
function clockOf(at: string | undefined): () => Date {
  if (at === undefined) return () => new Date()
  const parsed = IsoDate.safeParse(at)
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', 'Invalid options', { errors: [{ path: '--at', message: 'A date as YYYY-MM-DD' }] })
  return () => new Date(`${parsed.data}T18:00:00Z`)
}

export function dealsCommands(program: Command) {
  const group = program.command('deals').description('Deal registration: the scheduled work, run by hand')
  group
    .command('expire')
    .description('Expire approved registrations whose protection period has ended, and tell their partners')
    .option('--at <date>', 'run as of this day (YYYY-MM-DD) instead of today')
    .action(async (o: { at?: string }) => {
      const now = clockOf(o.at)
      const { expired } = await withContext((ctx) => expireDeals({ ...ctx, now }))
      console.log(`Expired ${expired} registration${expired === 1 ? '' : 's'}.`)
    })
  group
    .command('escalate')
    .description('Escalate reviews past their due day (once each) to the team lead')
    .option('--at <date>', 'run as of this day (YYYY-MM-DD) instead of today')
    .action(async (o: { at?: string }) => {
      const now = clockOf(o.at)
      const { escalated } = await withContext((ctx) => escalateOverdueReviews({ ...ctx, now }))
      console.log(`Escalated ${escalated} overdue review${escalated === 1 ? '' : 's'}.`)
    })
  group
    .command('snapshot-pipeline')
    .description(
      "Snapshot every partner's open approved registered pipeline at the end of an ended quarter (again if taken: amounts that moved " +
        "are updated); the tier evaluation uses it as that quarter's pipeline",
    )
    .requiredOption('--year <year>', 'the year of the quarter')
    .requiredOption('--quarter <quarter>', 'the quarter, 1 to 4; it must have ended')
    .action(async (o: { year: string; quarter: string }) => {
      const number = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : NaN)
      const r = await withContext((ctx) => snapshotPipeline(ctx, { year: number(o.year), quarter: number(o.quarter) })).catch(
        (e: unknown) => {
          // Name the options as typed.
          if (e instanceof AppError && Array.isArray(e.details.errors))
            for (const fe of e.details.errors as { path: string }[]) fe.path = `--${fe.path}`
          throw e
        },
      )
      console.log(
        `Pipeline of ${r.year} Q${r.quarter} as at ${r.asOf}: ${r.partners} partner${r.partners === 1 ? '' : 's'} with registered deals, ` +
          `${r.changed} snapshot${r.changed === 1 ? '' : 's'} written or changed.`,
      )
    })
}
