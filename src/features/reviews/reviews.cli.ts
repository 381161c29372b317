import { Presets, SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import { parseOptions, withContext } from '../../cli/runtime.ts'
import { startReview } from './cycles.service.ts'
import { StartReviewInput } from './reviews.contract.ts'

const flags: Record<string, string> = { year: '--year', rule: '--rule', partnerIds: '--partners' }

export function reviewsCommands(program: Command) {
  const group = program.command('program').description('The partner program: tier reviews')
  group
    .command('review')
    .description(
      'Run a tier review: evaluates every active, onboarding and suspended partner (or only --partners) and records a recommendation ' +
        'each; running the annual review of a year again re-evaluates its open cycle and changes nothing that is unchanged',
    )
    .requiredOption('--year <year>', 'program year')
    .option('--partners <ids>', 'comma-separated partner ids: an ad hoc review of these partners only')
    .option('--rule <rule>', 'strict or holistic (default holistic)')
    .action(async (o: { year: string; partners?: string; rule?: string }) => {
      const partnerIds = o.partners
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      const input = parseOptions(
        StartReviewInput,
        { year: Number(o.year), kind: partnerIds ? 'ad_hoc' : 'annual', rule: o.rule, partnerIds },
        flags,
      )
      const bar = new SingleBar({ format: 'Reviewing [{bar}] {value}/{total} partners', stream: process.stderr }, Presets.shades_classic)
      bar.start(0, 0)
      try {
        const run = await withContext((ctx) =>
          startReview(ctx, input, (done, total) => {
            bar.setTotal(total)
            bar.update(done)
          }),
        )
        bar.stop()
        const c = run.counts
        console.log(
          `Review ${run.id} of ${run.year} (${run.kind === 'annual' ? 'annual' : 'ad hoc'}, ${run.rule} rule): ${run.evaluated} partners evaluated, ` +
            `${run.changed} recommendations written or changed. Promote ${c.promote}, keep ${c.keep}, demote ${c.demote}, new ${c.new}.`,
        )
      } catch (e) {
        bar.stop()
        throw e
      }
    })
}
