import { z } from '@hono/zod-openapi'
import { channels } from '../../core/events.ts'

export const Channel = z.enum(channels).openapi('NotificationChannel', {
  description: 'in_app; email; both; digest: in the app and in one daily digest email; none',
})

export const NotificationSchema = z
  .object({
    id: z.string().uuid(),
    type: z.string().openapi({ description: 'The event type, e.g. deal.approved' }),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().openapi({ description: 'Where the record opens in the app (a path)' }),
    createdAt: z.string().datetime(),
    readAt: z.string().datetime().nullable(),
  })
  .openapi('Notification')
export type Notification = z.infer<typeof NotificationSchema>

export const NotificationListQuery = z.object({
  unread: z.enum(['true', 'false']).optional().openapi({ description: 'true: only unread ones' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
})
export type NotificationListQuery = z.infer<typeof NotificationListQuery>

export const NotificationList = z
  .object({
    items: z.array(NotificationSchema),
    nextCursor: z.string().nullable(),
    unread: z.number().int().openapi({ description: 'How many of your notifications are unread' }),
  })
  .openapi('NotificationList')
export type NotificationList = z.infer<typeof NotificationList>

export const MarkReadInput = z
  .object({
    ids: z.array(z.string().uuid()).min(1).max(500).optional().openapi({ description: 'These notifications (one or some)' }),
    all: z.literal(true).optional().openapi({ description: 'Every notification of yours' }),
  })
  .refine((v) => !!v.ids !== !!v.all, { message: 'Give either ids or all: true', path: ['ids'] })
  .openapi('MarkNotificationsRead')
export type MarkReadInput = z.infer<typeof MarkReadInput>

export const MarkReadResult = z.object({ marked: z.number().int(), unread: z.number().int() }).openapi('MarkNotificationsReadResult')

export const PreferenceSchema = z
  .object({
    type: z.string(),
    summary: z.string(),
    channel: Channel.openapi({ description: 'What applies now' }),
    source: z
      .enum(['user', 'company', 'role'])
      .openapi({ description: 'Whose choice it is: yours, your company default, or your role default' }),
  })
  .openapi('NotificationPreference')
export const Preferences = z
  .object({
    items: z.array(PreferenceSchema),
    transactional: z.string().openapi({ description: 'Mail that always goes, whatever the preferences' }),
  })
  .openapi('NotificationPreferences')
export type Preferences = z.infer<typeof Preferences>

export const PreferencesInput = z
  .object({
    preferences: z
      .array(
        z.object({
          type: z.string().min(1).max(100),
          channel: z.enum([...channels, 'default']).openapi({ description: 'default: back to the default' }),
        }),
      )
      .max(200),
  })
  .openapi('NotificationPreferencesInput')
export type PreferencesInput = z.infer<typeof PreferencesInput>

export const CompanyDefaults = z
  .object({ items: z.array(z.object({ type: z.string(), summary: z.string(), channel: z.enum(channels).nullable() })) })
  .openapi('NotificationCompanyDefaults')
export type CompanyDefaults = z.infer<typeof CompanyDefaults>
