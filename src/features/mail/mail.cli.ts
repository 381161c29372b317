import type { Command } from 'commander'
import { withContext } from '../../cli/runtime.ts'
import { AppError } from '../../core/errors.ts'
import { deliverDueMail } from '../../core/mail-delivery.ts'
import { oneRow } from '../../core/db-rows.ts'

export function mailCommands(program: Command) {
  const group = program.command('mail').description('Outgoing mail')
  group
    .command('send-pending')
    .description('Send every message in the outbox that is due now over SMTP (SMTP_URL); failures are retried later with backoff')
    .action(async () => {
      const r = await withContext(async (ctx) => {
        if (!ctx.config.smtpUrl) {
          const w = oneRow(
            await ctx.db.owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'queued'`),
            'Mail outbox',
          )
          throw new AppError('BAD_REQUEST', `SMTP_URL is not set: nothing can be sent; ${w.n} message(s) wait in the outbox`)
        }
        return deliverDueMail(ctx)
      })
      console.log(`Sent ${r.sent}; ${r.retrying} failed and will be retried; ${r.failed} failed for good.`)
    })
}
