import { z } from '@hono/zod-openapi'

export const WebhookId = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
})

const Url = z.string().trim().min(1, 'Required').max(2000).openapi({ example: 'https://crm.example.com/hooks/alliance' })
const Events = z
  .array(z.string().min(1).max(100))
  .min(1, 'Choose at least one event type')
  .max(100)
  .openapi({ description: 'Event types from the catalog (the OpenAPI document\'s "webhooks")', example: ['deal.approved'] })

export const WebhookSchema = z
  .object({
    id: z.string().uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    status: z.enum(['active', 'failing']).openapi({ description: 'failing: a delivery ran out of retries (the next success clears it)' }),
    failingSince: z.string().datetime().nullable(),
    partnerId: z
      .string()
      .uuid()
      .nullable()
      .openapi({ description: "The company whose events it receives (null: an administrator's, all events)" }),
    partner: z.string().nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi('WebhookSubscription')
export type Webhook = z.infer<typeof WebhookSchema>

export const WebhookList = z.object({ items: z.array(WebhookSchema) }).openapi('WebhookSubscriptionList')

export const WebhookCreateInput = z
  .object({
    url: Url,
    events: Events,
    description: z.string().trim().max(200).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .openapi('WebhookSubscriptionInput')
export type WebhookCreateInput = z.infer<typeof WebhookCreateInput>

export const WebhookPatchInput = z
  .object({
    url: Url.optional(),
    events: Events.optional(),
    description: z.string().trim().max(200).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .openapi('WebhookSubscriptionPatch')
export type WebhookPatchInput = z.infer<typeof WebhookPatchInput>

export const WebhookCreated = z
  .object({
    subscription: WebhookSchema,
    secret: z
      .string()
      .openapi({ description: 'The signing secret (whsec_…), shown this once only', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
  })
  .openapi('WebhookSubscriptionCreated')

export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const
export const DeliverySchema = z
  .object({
    id: z.string().uuid().openapi({ description: 'The webhook-id header: the same on every attempt and redelivery' }),
    subscriptionId: z.string().uuid(),
    eventId: z.string().uuid(),
    eventType: z.string(),
    status: z.enum(deliveryStatuses).openapi({ description: 'pending: waiting for an attempt or a retry; failed: out of retries' }),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    responseBody: z.string().nullable().openapi({ description: "The start of the receiver's last answer" }),
    lastError: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    createdAt: z.string().datetime(),
    lastAttemptAt: z.string().datetime().nullable(),
    nextAttemptAt: z.string().datetime().nullable(),
    deliveredAt: z.string().datetime().nullable(),
  })
  .openapi('WebhookDelivery')
export type Delivery = z.infer<typeof DeliverySchema>

export const DeliveryListQuery = z.object({
  status: z.enum(deliveryStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
})
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>
export const DeliveryList = z.object({ items: z.array(DeliverySchema), nextCursor: z.string().nullable() }).openapi('WebhookDeliveryList')
export type DeliveryList = z.infer<typeof DeliveryList>

export const DeliveryId = z.object({
  deliveryId: z
    .string()
    .uuid()
    .openapi({ param: { name: 'deliveryId', in: 'path' } }),
})

export const EventTypeList = z
  .object({ items: z.array(z.object({ type: z.string(), summary: z.string() })) })
  .openapi('WebhookEventTypes', { description: 'The event types you may subscribe to' })
