import { defineJob, type JobDefinition } from '../core/jobs.ts'
import { MAIL_CHANNEL } from '../core/mail.ts'
import { deliverDueMail } from '../core/mail-delivery.ts'
import { pruneInquiryAttempts } from '../features/inquiries/inquiries.public.ts'
import { runAgreementExpiry } from '../features/agreements/agreements.expiry.ts'
import { escalateOverdueReviews, expireDeals, snapshotLastQuarterPipeline } from '../features/deals/deals.jobs.ts'
import { runSafetyDaily } from '../features/safety/safety.jobs.ts'
import { applyDueTierChanges } from '../features/reviews/decisions.service.ts'

/** Every job the server runs, in one list. */
export const jobs: JobDefinition[] = [
  // Approved tier decisions whose effective date has come take effect on start, then hourly.
  defineJob({
    name: 'apply-due-tier-changes',
    cron: '0 * * * *',
    runOnStart: true,
    run: async (ctx) => {
      const applied = await applyDueTierChanges(ctx)
      if (applied) ctx.log.info({ applied }, 'tier changes applied')
    },
  }),
  // Mail goes out as soon as the transaction that queued it commits; the sweep each minute catches
  // retries that came due and anything queued while no server (or no SMTP) was running.
  defineJob({
    name: 'mail-outbox',
    cron: '* * * * *',
    runOnStart: true,
    notify: MAIL_CHANNEL,
    run: async (ctx) => {
      const r = await deliverDueMail(ctx)
      if (r.sent + r.retrying + r.failed) ctx.log.info(r, 'mail outbox swept')
    },
  }),
  // Rate-limit bookkeeping of the public Contact Us form is only needed for the length of its windows.
  defineJob({
    name: 'prune-inquiry-attempts',
    cron: '17 3 * * *',
    run: async (ctx) => {
      const removed = await pruneInquiryAttempts(ctx)
      if (removed) ctx.log.info({ removed }, 'old inquiry attempts removed')
    },
  }),
  // Agreements past their expiry date are marked expired; partner managers and admins are reminded
  // 90, 30 and 7 days ahead. Daily at 06:00 UTC, and on start so a server that was down catches up.
  defineJob({
    name: 'agreement-expiry',
    cron: '0 6 * * *',
    runOnStart: true,
    run: async (ctx) => {
      const r = await runAgreementExpiry(ctx)
      ctx.log.info(r, 'agreement expiry run')
    },
  }),
  // Approved deal registrations whose protection period ended expire (the partner is told); reviews past
  // their service-level date are escalated to the team lead. Hourly, and on start.
  defineJob({
    name: 'deal-registrations',
    cron: '15 * * * *',
    runOnStart: true,
    run: async (ctx) => {
      const expired = await expireDeals(ctx)
      const escalated = await escalateOverdueReviews(ctx)
      if (expired.expired + escalated.escalated) ctx.log.info({ ...expired, ...escalated }, 'deal registrations swept')
    },
  }),
  // Once a quarter has ended, each partner's open approved registered pipeline at its last day is kept as a
  // snapshot, which the tier evaluation's average pipeline uses over the reported figure. Daily just after
  // midnight UTC (and on start) the last ended quarter is snapshotted if it has no snapshot yet.
  defineJob({
    name: 'pipeline-snapshot',
    cron: '5 0 * * *',
    runOnStart: true,
    run: async (ctx) => {
      const r = await snapshotLastQuarterPipeline(ctx)
      if (r.taken) ctx.log.info(r, 'quarter-end pipeline snapshotted')
    },
  }),
  // The safety program: gaps open and close as evidence expires, and expiry reminders go to partner admins and
  // the safety team 90, 30 and 7 days ahead. Daily at 06:10 UTC, and on start so a server that was down catches up.
  defineJob({
    name: 'safety-daily',
    cron: '10 6 * * *',
    runOnStart: true,
    run: async (ctx) => {
      const r = await runSafetyDaily(ctx)
      ctx.log.info(r, 'safety program run')
    },
  }),
]
