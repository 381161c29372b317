import { z } from '@hono/zod-openapi'
import { defineEvent } from '../../core/events.ts'

// The events of webhooks themselves.

const FailingPayload = z.object({
  subscriptionId: z.string().uuid(),
  partnerId: z.string().uuid().nullable(),
  url: z.string(),
  eventType: z.string().openapi({ description: 'The type of the delivery that ran out of retries' }),
  lastError: z.string().nullable(),
  createdBy: z.string().uuid().nullable(),
})

/**
 * A delivery ran out of retries (about a day): the subscription is marked failing and its owners hear of it
 * — a company's subscription its partner admins, an administrator's the administrators (and whoever made it).
 */
export const webhookFailing = defineEvent('webhook.failing', {
  summary: 'A webhook subscription is failing: a delivery ran out of retries',
  payload: FailingPayload,
  audience: (p) =>
    p.partnerId
      ? { partnerId: p.partnerId, partnerRoles: ['partner_admin'], users: [p.createdBy] }
      : { roles: ['admin'], users: [p.createdBy] },
  describe: (p) => ({
    title: 'A webhook subscription is failing',
    body: `Deliveries to ${p.url} failed for about a day (${p.eventType}${p.lastError ? `: ${p.lastError}` : ''}). Check the receiver, then redeliver from the delivery log.`,
    link: `/webhooks?subscription=${p.subscriptionId}`,
  }),
  defaults: { admin: 'both', partner_admin: 'both' },
})
