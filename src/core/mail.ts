import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Sql } from './db.ts'
import { AppError } from './errors.ts'
import { escapeHtml, html, type RenderedMail, type SafeHtml } from './html.ts'

export type { RenderedMail }

export interface MailTemplate<D> {
  name: string
  render(data: D): RenderedMail
  /** Fields of the data that are secrets (an invitation link): never stored in the outbox (decision 012). */
  secrets: readonly (keyof D & string)[]
}

/** NOTIFY channel: a queued message is announced when its transaction commits, and sent at once. */
export const MAIL_CHANNEL = 'alliance_mail'

/**
 * A template: a name (shown in the outbox) and a pure render from data to subject, text and HTML. Fields
 * named in `secrets` (strings: a link with a token) are rendered as a placeholder that staff reading the
 * outbox see; the sender puts the value in only when it hands the message to the SMTP server.
 */
export function defineMailTemplate<D>(
  name: string,
  render: (data: D) => RenderedMail,
  options: { secrets?: readonly (keyof D & string)[] } = {},
): MailTemplate<D> {
  return { name, render, secrets: options.secrets ?? [] }
}

/** What the outbox holds in place of a secret field's value. */
export const secretPlaceholder = (field: string): string => `⟦${field}: sent only to the recipient⟧`

/** Puts the secrets back into a stored message, at send time only (HTML-escaped in the HTML body). */
export function revealSecrets(mail: { text: string; html: string }, values: Record<string, string>): { text: string; html: string } {
  let { text, html: body } = mail
  for (const [field, value] of Object.entries(values)) {
    const mark = secretPlaceholder(field)
    text = text.split(mark).join(value)
    body = body.split(escapeHtml(mark)).join(escapeHtml(value))
  }
  return { text, html: body }
}

/** The one frame every message is drawn in: a heading, the body, the program's signature. */
export function mailLayout(heading: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html>
      <body style="font-family:Arial,Helvetica,sans-serif;color:#1a1b1e;max-width:600px;margin:0 auto;padding:16px">
        <h2 style="color:#364fc7;margin:0 0 16px">${heading}</h2>
        ${body}
        <p style="color:#868e96;font-size:12px;margin-top:32px">Alliance Partner Program</p>
      </body>
    </html>`.value
}

const Recipients = z.array(z.string().trim().toLowerCase().email('Not an email address')).min(1, 'At least one recipient').max(50)

/** Adds a message to the outbox inside the caller's transaction (sql is the Sql handle services get from inTx); it is sent after commit. */
export async function queueMail<D>(
  sql: Sql,
  template: MailTemplate<D>,
  message: { to: string | string[]; data: D; partnerId?: string | null },
): Promise<{ id: string }> {
  const parsed = Recipients.safeParse(Array.isArray(message.to) ? message.to : [message.to])
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', 'Invalid mail recipients', {
      errors: parsed.error.issues.map((i) => ({ path: ['to', ...i.path].join('.'), message: i.message })),
    })
  const secrets: Record<string, string> = {}
  const data = { ...message.data }
  for (const field of template.secrets) {
    secrets[field] = String(message.data[field])
    ;(data as Record<string, unknown>)[field] = secretPlaceholder(field)
  }
  const queued = await queueRendered(sql, template.name, template.render(data), { to: parsed.data, partnerId: message.partnerId })
  if (template.secrets.length)
    await sql.query('INSERT INTO mail_secrets (mail_id, secret_values) VALUES ($1, $2)', [queued.id, JSON.stringify(secrets)])
  return queued
}

/**
 * Adds an already rendered message to the outbox (named as its template), inside the caller's transaction;
 * `ical` is a calendar invitation (an iCalendar document with METHOD:REQUEST) sent along with it.
 */
export async function queueRendered(
  sql: Sql,
  name: string,
  mail: RenderedMail,
  message: { to: string[]; partnerId?: string | null; ical?: string },
): Promise<{ id: string }> {
  const id = randomUUID()
  await sql.query(
    `INSERT INTO mail_outbox (id, template, recipients, subject, text_body, html_body, partner_id, ical) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, name, [...new Set(message.to)], mail.subject, mail.text, mail.html, message.partnerId ?? null, message.ical ?? null],
  )
  await sql.query('SELECT pg_notify($1, $2)', [MAIL_CHANNEL, id])
  return { id }
}

/** A link into the app for an email: the public base URL and an app path. */
export const appUrl = (ctx: { config: { publicUrl: string } }, path: string): string => `${ctx.config.publicUrl}${path}`
