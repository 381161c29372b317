import { createRoute } from '@hono/zod-openapi'
import { errors, json, jsonBody, secretAnswer, security, type Api } from '../../server/api.ts'
import {
  DeliveryId,
  DeliveryList,
  DeliveryListQuery,
  DeliverySchema,
  EventTypeList,
  WebhookCreated,
  WebhookCreateInput,
  WebhookId,
  WebhookList,
  WebhookPatchInput,
  WebhookSchema,
} from './webhooks.contract.ts'
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  sendTestEvent,
  subscribableTypes,
  updateWebhook,
} from './webhooks.service.ts'
import { assertCan } from '../../core/auth/permissions.ts'

const tags = ['Webhooks']
const refused = {
  description: 'The URL is refused (errors[] names url): not https, or it resolves to a private, loopback, link-local or metadata address',
  content: errors[400].content,
}

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/webhooks',
    tags,
    security,
    summary: "Webhook subscriptions: an administrator's all, a partner admin's its company's",
    responses: { 200: json(WebhookList, 'The subscriptions'), ...errors },
  }),
  eventTypes: createRoute({
    method: 'get',
    path: '/api/webhooks/event-types',
    tags,
    security,
    summary: 'The event types you may subscribe to (partner admins: those of their own company)',
    responses: { 200: json(EventTypeList, 'The event types'), ...errors },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/webhooks',
    tags,
    security,
    summary: 'Subscribe a URL to event types; the answer holds the signing secret, shown this once',
    request: { body: jsonBody(WebhookCreateInput) },
    responses: { 201: json(WebhookCreated, 'Subscribed; keep the secret, it is not shown again'), ...errors, 422: refused },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/webhooks/{id}',
    tags,
    security,
    summary: 'One subscription',
    request: { params: WebhookId },
    responses: { 200: json(WebhookSchema, 'The subscription'), ...errors },
  }),
  patch: createRoute({
    method: 'patch',
    path: '/api/webhooks/{id}',
    tags,
    security,
    summary: 'Change the URL, event types, description, or enable/disable (a disabled subscription keeps its deliveries waiting)',
    request: { params: WebhookId, body: jsonBody(WebhookPatchInput) },
    responses: { 200: json(WebhookSchema, 'Changed'), ...errors, 422: refused },
  }),
  delete: createRoute({
    method: 'delete',
    path: '/api/webhooks/{id}',
    tags,
    security,
    summary: 'Delete a subscription with its secret and delivery log',
    request: { params: WebhookId },
    responses: { 204: { description: 'Deleted' }, ...errors },
  }),
  deliveries: createRoute({
    method: 'get',
    path: '/api/webhooks/{id}/deliveries',
    tags,
    security,
    summary: "A subscription's delivery log, newest first (status, response code, attempts, times)",
    request: { params: WebhookId, query: DeliveryListQuery },
    responses: { 200: json(DeliveryList, 'A page of deliveries'), ...errors },
  }),
  test: createRoute({
    method: 'post',
    path: '/api/webhooks/{id}/test',
    tags,
    security,
    summary: 'Send a webhook.test event to this subscription (signed like every delivery)',
    request: { params: WebhookId },
    responses: { 202: json(DeliverySchema, 'Queued; it goes out at once'), ...errors },
  }),
  redeliver: createRoute({
    method: 'post',
    path: '/api/webhooks/deliveries/{deliveryId}/redeliver',
    tags,
    security,
    summary: 'Send a delivery again (the same webhook-id and body, a new round of retries)',
    request: { params: DeliveryId },
    responses: { 202: json(DeliverySchema, 'Queued; it goes out at once'), ...errors },
  }),
}

export function webhooksRoutes(app: Api) {
  app.openapi(routes.list, async (c) => c.json(await listWebhooks(c.get('ctx')), 200))
  app.openapi(routes.eventTypes, (c) => {
    const ctx = c.get('ctx')
    assertCan(ctx.actor, 'webhooks:manage')
    return c.json({ items: subscribableTypes(ctx.actor).map((e) => ({ type: e.type, summary: e.summary })) }, 200)
  })
  app.openapi(routes.create, async (c) => {
    const created = await createWebhook(c.get('ctx'), c.req.valid('json'))
    secretAnswer(c)
    return c.json(created, 201)
  })
  app.openapi(routes.get, async (c) => c.json(await getWebhook(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.patch, async (c) => c.json(await updateWebhook(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))
  app.openapi(routes.delete, async (c) => {
    await deleteWebhook(c.get('ctx'), c.req.valid('param').id)
    return c.body(null, 204)
  })
  app.openapi(routes.deliveries, async (c) =>
    c.json(await listDeliveries(c.get('ctx'), c.req.valid('param').id, c.req.valid('query')), 200),
  )
  app.openapi(routes.test, async (c) => c.json(await sendTestEvent(c.get('ctx'), c.req.valid('param').id), 202))
  app.openapi(routes.redeliver, async (c) => c.json(await redeliver(c.get('ctx'), c.req.valid('param').deliveryId), 202))
}
