import type { Command } from 'commander'
import { withContext } from '../../cli/runtime.ts'
import { AppError } from '../../core/errors.ts'
import { CaseListQuery } from './onboarding.contract.ts'
import { listCases } from './onboarding.service.ts'

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n))

export function onboardingCommands(program: Command) {
  const group = program.command('onboarding').description('Onboarding cases')
  group
    .command('list')
    .description('List onboarding cases: open ones first by due date, with path, status, owner and checklist progress')
    .option('--status <status>', 'requested, in_progress, completed or cancelled')
    .action(async (o: { status?: string }) => {
      const parsed = CaseListQuery.safeParse({ status: o.status })
      if (!parsed.success)
        throw new AppError('VALIDATION_FAILED', 'Invalid options', {
          errors: [{ path: '--status', message: parsed.error.issues[0]?.message ?? 'Invalid status' }],
        })
      const cases = await withContext((ctx) => listCases(ctx, parsed.data))
      if (!cases.length) return console.log('No onboarding cases.')
      console.log(`${pad('COMPANY', 32)} ${pad('PATH', 16)} ${pad('STATUS', 12)} ${pad('DUE', 12)} ${pad('OWNER', 20)} CHECKLIST`)
      for (const c of cases) {
        const done = c.checklist.filter((i) => i.done).length
        const path = `${c.path}/${c.agreementType}`
        const due = `${c.dueDate}${c.overdue ? '!' : ''}`
        console.log(
          `${pad(c.legalName, 32)} ${pad(path, 16)} ${pad(c.status, 12)} ${pad(due, 12)} ${pad(c.owner?.name ?? '—', 20)} ${done}/${c.checklist.length}`,
        )
      }
      console.log(`${cases.length} case${cases.length === 1 ? '' : 's'}${cases.some((c) => c.overdue) ? ' (! = overdue)' : ''}.`)
    })
}
