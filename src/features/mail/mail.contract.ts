import { z } from '@hono/zod-openapi'

export const mailStatuses = ['queued', 'sent', 'failed'] as const
export const MailStatus = z.enum(mailStatuses).openapi('MailStatus', {
  description: 'queued: waiting to be sent (or to be retried); sent: accepted by the SMTP server; failed: every attempt failed',
})

export const MailMessageSchema = z
  .object({
    id: z.string().uuid(),
    template: z.string(),
    to: z.array(z.string()),
    subject: z.string(),
    status: MailStatus,
    attempts: z.number().int(),
    nextAttemptAt: z.string().datetime().nullable().openapi({ description: 'When a queued message is next tried' }),
    lastError: z.string().nullable(),
    partnerId: z.string().uuid().nullable(),
    createdAt: z.string().datetime(),
    sentAt: z.string().datetime().nullable(),
  })
  .openapi('MailMessage')
export type MailMessage = z.infer<typeof MailMessageSchema>

export const MailDetailSchema = MailMessageSchema.extend({ text: z.string(), html: z.string(), messageId: z.string().nullable() }).openapi(
  'MailDetail',
)
export type MailDetail = z.infer<typeof MailDetailSchema>

export const MailListQuery = z.object({
  status: MailStatus.optional(),
  q: z.string().trim().max(200).optional().openapi({ description: 'Recipient or subject contains' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type MailListQuery = z.infer<typeof MailListQuery>

export const MailList = z
  .object({
    items: z.array(MailMessageSchema),
    nextCursor: z.string().nullable(),
    counts: z.object({ queued: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
    smtpConfigured: z.boolean().openapi({ description: 'Without SMTP, mail waits here until a server with SMTP_URL sends it' }),
  })
  .openapi('MailList')
