import type { Matrix } from './harness.ts'
import { db } from './harness.ts'

// Administrators manage every subscription; a partner admin its own company's (another company's are not
// found); nobody else manages webhooks.
const managers = ['admin' as const, 'partner_admin' as const]
const url = 'https://93.184.215.14/hooks/alliance'

/** A subscription of company A, made directly in the database. */
const subscriptionOf = async (partnerId: string) => {
  const [row] = await db.owner.query<{ id: string }>(
    `INSERT INTO webhook_subscriptions (partner_id, url, events) VALUES ($1, $2, '{deal.approved}') RETURNING id`,
    [partnerId, url],
  )
  await db.owner.query(`INSERT INTO webhook_secrets (subscription_id, secret) VALUES ($1, 'whsec_dGVzdHRlc3R0ZXN0dGVzdA==')`, [row!.id])
  return row!.id
}
const deliveryOf = async (partnerId: string) => {
  const subscription = await subscriptionOf(partnerId)
  const [row] = await db.owner.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (subscription_id, partner_id, event_id, event_type, body, status)
     VALUES ($1, $2, gen_random_uuid(), 'deal.approved', '{}', 'failed') RETURNING id`,
    [subscription, partnerId],
  )
  return row!.id
}

export const matrix: Matrix = {
  'GET /api/webhooks': {
    allow: managers,
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/webhooks' }),
  },
  'GET /api/webhooks/event-types': {
    allow: managers,
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/webhooks/event-types' }),
  },
  'POST /api/webhooks': {
    allow: managers,
    ok: 201,
    otherTenant: 201,
    call: () => ({ method: 'POST', path: '/api/webhooks', json: { url, events: ['deal.approved'] } }),
  },
  'GET /api/webhooks/:id': {
    allow: managers,
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/webhooks/${await subscriptionOf(f.partnerA)}` }),
  },
  'PATCH /api/webhooks/:id': {
    allow: managers,
    ok: 200,
    call: async (f) => ({ method: 'PATCH', path: `/api/webhooks/${await subscriptionOf(f.partnerA)}`, json: { enabled: false } }),
  },
  'DELETE /api/webhooks/:id': {
    allow: managers,
    ok: 204,
    call: async (f) => ({ method: 'DELETE', path: `/api/webhooks/${await subscriptionOf(f.partnerA)}` }),
  },
  'GET /api/webhooks/:id/deliveries': {
    allow: managers,
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/webhooks/${await subscriptionOf(f.partnerA)}/deliveries` }),
  },
  'POST /api/webhooks/:id/test': {
    allow: managers,
    ok: 202,
    call: async (f) => ({ method: 'POST', path: `/api/webhooks/${await subscriptionOf(f.partnerA)}/test` }),
  },
  'POST /api/webhooks/deliveries/:deliveryId/redeliver': {
    allow: managers,
    ok: 202,
    call: async (f) => ({ method: 'POST', path: `/api/webhooks/deliveries/${await deliveryOf(f.partnerA)}/redeliver` }),
  },
}
