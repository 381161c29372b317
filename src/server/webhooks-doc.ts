import { z } from '@hono/zod-openapi'
import { eventCatalog } from '../core/events.ts'
import type { Api } from './api.ts'
import './events.ts'

/**
 * The OpenAPI document's top-level `webhooks`: every event type of the catalog with its payload, as a
 * subscriber receives it (Standard Webhooks headers: webhook-id, webhook-timestamp, webhook-signature).
 */
export function registerWebhookDocs(app: Api) {
  for (const event of eventCatalog()) {
    const envelope = z.object({
      id: z.string().uuid().openapi({ description: 'The event id' }),
      type: z.literal(event.type),
      timestamp: z.string().datetime(),
      data: event.payload as z.ZodType,
    })
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: event.type,
      summary: event.summary,
      description: event.staffOnly ? 'Administrators only: partner admins cannot subscribe to it.' : undefined,
      request: { body: { required: true, content: { 'application/json': { schema: envelope } } } },
      responses: { 200: { description: 'Any 2xx acknowledges the delivery; anything else is retried' } },
    })
  }
}
