import { pruneRateLimitHits, RATE_LIMIT_RETENTION_MS } from '../core/rate-limit.ts'
import { defineJob, type JobDefinition } from '../core/jobs.ts'
import { MAIL_CHANNEL } from '../core/mail.ts'
import { deliverDueMail } from '../core/mail-delivery.ts'
import { runAgreementExpiry } from '../features/agreements/agreements.expiry.ts'
import { escalateOverdueReviews, expireDeals, snapshotLastQuarterPipeline } from '../features/deals/deals.jobs.ts'
import { runSafetyDaily } from '../features/safety/safety.jobs.ts'
import { runMdfDaily } from '../features/funds/mdf.service.ts'
import { applyDueTierChanges } from '../features/reviews/decisions.service.ts'
import { pruneNotifications, sendDigests } from '../features/notifications/notifications.jobs.ts'
import { EVENTS_CHANNEL } from '../core/events.ts'
import { deliveryLeaseMs, runWebhooks } from '../features/webhooks/webhooks.delivery.ts'
import { WEBHOOKS_CHANNEL } from '../features/webhooks/webhooks.service.ts'

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
    // A sweep killed with its server is run again once the messages it held are due again.
    expireInSeconds: (config) => Math.ceil(config.mailLeaseMs / 1000),
    run: async (ctx) => {
      const r = await deliverDueMail(ctx)
      if (r.sent + r.retrying + r.failed) ctx.log.info(r, 'mail outbox swept')
    },
  }),
  // Rate-limit bookkeeping (Contact Us, the deal conflict check) is only needed for the length of its windows.
  defineJob({
    name: 'prune-rate-limit-hits',
    cron: '17 3 * * *',
    run: async (ctx) => {
      const removed = await pruneRateLimitHits(ctx, RATE_LIMIT_RETENTION_MS)
      if (removed) ctx.log.info({ removed }, 'old rate-limit hits removed')
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
  // In-app notifications older than NOTIFICATION_RETENTION_DAYS are deleted daily.
  defineJob({
    name: 'prune-notifications',
    cron: '40 3 * * *',
    run: async (ctx) => {
      const r = await pruneNotifications(ctx)
      if (r.notifications + r.events) ctx.log.info(r, 'old notifications removed')
    },
  }),
  // Users who chose the daily digest for an event type get one email a day with what waited for it.
  defineJob({
    name: 'notification-digest',
    cron: '0 7 * * *',
    run: async (ctx) => {
      const r = await sendDigests(ctx)
      if (r.users) ctx.log.info(r, 'notification digests queued')
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
  // Webhooks: each committed event is fanned out to the subscriptions that chose it and delivered at once;
  // the sweep each minute makes the retries that came due and catches up after downtime (decision 021).
  defineJob({
    name: 'webhooks',
    cron: '* * * * *',
    runOnStart: true,
    notify: [EVENTS_CHANNEL, WEBHOOKS_CHANNEL],
    // A run killed with its server is run again once the deliveries it had claimed are due again (their lease),
    // not after the default 15 minutes during which no delivery is made.
    expireInSeconds: (config) => Math.ceil(deliveryLeaseMs(config) / 1000),
    run: async (ctx) => {
      const r = await runWebhooks(ctx)
      if (r.deliveries + r.succeeded + r.retrying + r.failed) ctx.log.info(r, 'webhooks delivered')
    },
  }),
  // MDF: requests whose claim window has passed are closed (the unclaimed part released on the ledger),
  // allocations past their year expire (the available balance moves to expired), and partners are reminded
  // 14 and 3 days before a claim window closes. Daily at 00:20 UTC, and on start.
  defineJob({
    name: 'mdf-daily',
    cron: '20 0 * * *',
    runOnStart: true,
    run: async (ctx) => {
      const r = await runMdfDaily(ctx)
      if (r.closed + r.expired + r.reminders) ctx.log.info(r, 'MDF claim windows and allocations swept')
    },
  }),
]
