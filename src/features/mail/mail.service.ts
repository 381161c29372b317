import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { decodeCursor, encodeCursor } from '../../core/cursor.ts'
import { AppError } from '../../core/errors.ts'
import { MAIL_CHANNEL } from '../../core/mail.ts'
import { Where } from '../../core/where.ts'
import type { MailDetail, MailListQuery, MailMessage } from './mail.contract.ts'
import { oneRow } from '../../core/db-rows.ts'

type Row = {
  id: string
  template: string
  recipients: string[]
  subject: string
  status: MailMessage['status']
  attempts: number
  next_attempt_at: Date
  last_error: string | null
  partner_id: string | null
  created_at: Date
  sent_at: Date | null
  text_body?: string
  html_body?: string
  message_id?: string | null
}
const COLUMNS = 'id, template, recipients, subject, status, attempts, next_attempt_at, last_error, partner_id, created_at, sent_at'

const toMessage = (r: Row): MailMessage => ({
  id: r.id,
  template: r.template,
  to: r.recipients,
  subject: r.subject,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.status === 'queued' ? r.next_attempt_at.toISOString() : null,
  lastError: r.last_error,
  partnerId: r.partner_id,
  createdAt: r.created_at.toISOString(),
  sentAt: r.sent_at?.toISOString() ?? null,
})

/** The outbox, newest first: what is waiting, what went out, what failed. */
export async function listMail(ctx: Ctx, q: MailListQuery) {
  assertCan(ctx.actor, 'mail:read')
  const where = new Where()
  if (q.status) where.add('status = ?', q.status)
  if (q.q) where.add("(subject ILIKE ? OR array_to_string(recipients, ' ') ILIKE ?)", `%${q.q}%`, `%${q.q}%`)
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor)
    where.add('(created_at, id) < (?::timestamptz, ?::uuid)', at, id)
  }
  const limit = where.param(q.limit + 1)
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<Row>(
      `SELECT ${COLUMNS} FROM mail_outbox ${where} ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
      where.params,
    )
    const c = oneRow(
      await sql.query<Record<'queued' | 'sent' | 'failed', number>>(
        `SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued, count(*) FILTER (WHERE status = 'sent')::int AS sent,
                count(*) FILTER (WHERE status = 'failed')::int AS failed FROM mail_outbox`,
      ),
      'Outbox counts',
    )

    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    return {
      items: page.map(toMessage),
      nextCursor: rows.length > q.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
      counts: c,
      smtpConfigured: !!ctx.config.smtpUrl,
    }
  })
}

export async function getMail(ctx: Ctx, id: string): Promise<MailDetail> {
  assertCan(ctx.actor, 'mail:read')
  const [r] = await inTx(ctx, (sql) =>
    sql.query<Row>(`SELECT ${COLUMNS}, text_body, html_body, message_id FROM mail_outbox WHERE id = $1`, [id]),
  )
  if (!r) throw new AppError('MAIL_NOT_FOUND', 'Message not found')
  return { ...toMessage(r), text: r.text_body!, html: r.html_body!, messageId: r.message_id ?? null }
}

/** Sends a failed (or waiting) message again now, with a fresh set of attempts. */
export async function retryMail(ctx: Ctx, id: string): Promise<MailMessage> {
  assertCan(ctx.actor, 'mail:manage')
  return inTx(ctx, async (sql) => {
    const before = oneRow(await sql.query<Row>(`SELECT ${COLUMNS} FROM mail_outbox WHERE id = $1 FOR UPDATE`, [id]), 'Mail outbox')
    if (!before) throw new AppError('MAIL_NOT_FOUND', 'Message not found')
    if (before.status === 'sent') throw new AppError('INVALID_TRANSITION', 'This message was sent already')
    const row = oneRow(
      await sql.query<Row>(
        `UPDATE mail_outbox SET status = 'queued', attempts = 0, next_attempt_at = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, ctx.now()],
      ),
      'Mail outbox',
    )
    await sql.query('SELECT pg_notify($1, $2)', [MAIL_CHANNEL, id])
    const after = toMessage(row)
    await audit(ctx, sql, { entity: 'mail', entityId: id, action: 'retry', partnerId: row.partner_id, before: toMessage(before), after })
    return after
  })
}
