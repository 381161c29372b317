import nodemailer, { type Transporter } from 'nodemailer'
import type { Ctx } from './context.ts'
import { systemScope } from './db.ts'
import { revealSecrets } from './mail.ts'

/** Attempts before a message is given up as failed; the waits between them double from one minute. */
export const MAX_ATTEMPTS = 5
const FIRST_RETRY_MS = 60_000
const BATCH = 20

/** The wait after the n-th failed attempt: 1, 2, 4, 8 minutes. */
export const backoffMs = (attempts: number): number => FIRST_RETRY_MS * 2 ** (attempts - 1)

type Claimed = {
  id: string
  recipients: string[]
  subject: string
  text_body: string
  html_body: string
  attempts: number
  calendar: string | null
  secret_values: Record<string, string> | null
}
export type DeliveryResult = { sent: number; retrying: number; failed: number }

const transports = new Map<string, Transporter>()
function transportFor(url: string): Transporter {
  let t = transports.get(url)
  if (!t) transports.set(url, (t = nodemailer.createTransport(url)))
  return t
}

/**
 * Claims due messages (skipping any another sweep holds) and leases them for the send, with the secrets
 * they wait for (only the system reads those: decision 012).
 */
async function claim(ctx: Ctx): Promise<Claimed[]> {
  const now = ctx.now()
  return ctx.db.transaction(systemScope, (sql) =>
    sql.query<Claimed>(
      `WITH claimed AS (
         UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $2
         WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING id, recipients, subject, text_body, html_body, attempts, calendar)
       SELECT c.*, s.secret_values FROM claimed c LEFT JOIN mail_secrets s ON s.mail_id = c.id`,
      // A claimed message is due again once its lease runs out: a process that dies mid-send leaves it to be retried.
      [now, new Date(now.getTime() + ctx.config.mailLeaseMs)],
    ),
  )
}

async function record(ctx: Ctx, m: Claimed, outcome: { messageId: string } | { error: string }): Promise<keyof DeliveryResult> {
  const now = ctx.now()
  if ('messageId' in outcome) {
    await ctx.db.transaction(systemScope, async (sql) => {
      await sql.query(
        `UPDATE mail_outbox SET status = 'sent', sent_at = $2, message_id = $3, last_error = NULL WHERE id = $1 AND status = 'queued'`,
        [m.id, now, outcome.messageId],
      )
      // Delivered: the secrets it carried are kept nowhere any longer.
      await sql.query('DELETE FROM mail_secrets WHERE mail_id = $1', [m.id])
    })
    return 'sent'
  }
  const failed = m.attempts >= MAX_ATTEMPTS
  await ctx.db.transaction(systemScope, (sql) =>
    // Only while this attempt still holds the message: a later attempt's outcome is its own to record.
    sql.query(
      `UPDATE mail_outbox SET status = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1 AND attempts = $5 AND status = 'queued'`,
      [m.id, failed ? 'failed' : 'queued', new Date(now.getTime() + backoffMs(m.attempts)), outcome.error.slice(0, 2000), m.attempts],
    ),
  )
  ctx.log.warn({ mailId: m.id, attempts: m.attempts, failed, error: outcome.error }, 'sending mail failed')
  return failed ? 'failed' : 'retrying'
}

/**
 * Renews a claimed message's lease just before it is sent, if this attempt still holds it (its attempt number is the
 * fencing token): a batch that took longer than the lease does not send a message another sweep has taken over since.
 */
async function renew(ctx: Ctx, m: Claimed): Promise<boolean> {
  const rows = await ctx.db.transaction(systemScope, (sql) =>
    sql.query(`UPDATE mail_outbox SET next_attempt_at = $3 WHERE id = $1 AND attempts = $2 AND status = 'queued' RETURNING id`, [
      m.id,
      m.attempts,
      new Date(ctx.now().getTime() + ctx.config.mailLeaseMs),
    ]),
  )
  return rows.length > 0
}

/**
 * The idempotency key of a message: a Message-ID derived from its outbox row, the same on every attempt. A server
 * killed after the mail server took a message but before the outbox recorded it sends it again once its lease runs
 * out; the recipient's mail server and mail program see the same Message-ID and keep one (RFC 5322 §3.6.4).
 */
export function outboxMessageId(ctx: Ctx, id: string): string {
  const address = /<([^>]+)>/.exec(ctx.config.mailFrom)?.[1] ?? ctx.config.mailFrom
  const domain = address.split('@')[1]?.trim() || new URL(ctx.config.publicUrl).hostname
  return `<outbox.${id}@${domain}>`
}

/**
 * Sends every message that is due over SMTP. Without SMTP_URL nothing is sent: mail waits in the
 * outbox, visible to administrators, until a server with SMTP sweeps it.
 */
export async function deliverDueMail(ctx: Ctx): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 }
  const url = ctx.config.smtpUrl
  if (!url) return result
  const transport = transportFor(url)
  for (;;) {
    const batch = await claim(ctx)
    for (const m of batch) {
      if (!(await renew(ctx, m))) continue
      try {
        const body = revealSecrets({ text: m.text_body, html: m.html_body }, m.secret_values ?? {})
        const messageId = outboxMessageId(ctx, m.id)
        await transport.sendMail({
          from: ctx.config.mailFrom,
          to: m.recipients,
          subject: m.subject,
          messageId,
          ...body,
          // An event invitation or update: calendars read the METHOD inside the object.
          ...(m.calendar ? { icalEvent: { method: /^METHOD:(\w+)/m.exec(m.calendar)?.[1] ?? 'REQUEST', content: m.calendar } } : {}),
        })
        result[await record(ctx, m, { messageId })]++
      } catch (e) {
        result[await record(ctx, m, { error: (e as Error).message })]++
      }
    }
    if (batch.length < BATCH) return result
  }
}
