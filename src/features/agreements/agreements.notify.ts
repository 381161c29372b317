import { audit } from '../../core/audit.ts'
import type { Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { emit, type EventDefinition } from '../../core/events.ts'
import { queueRendered, type RenderedMail } from '../../core/mail.ts'

/** Where an agreement opens in the app (the mail module makes it absolute). */
export const agreementPath = (id: string): string => `/agreements/${id}`

export type Recipients = { manager: string | null; ops: string | null; admins: string[] }

/** Who hears about a partner's agreements: its partner manager, its partner operations resource, its partner admins. */
export async function recipientsOf(sql: Sql, partnerId: string): Promise<Recipients> {
  const [staff] = await sql.query<{ manager: string | null; ops: string | null }>(
    `SELECT m.email AS manager, o.email AS ops FROM partners p LEFT JOIN staff m ON m.id = p.partner_manager_id
     LEFT JOIN staff o ON o.id = p.partner_ops_id WHERE p.id = $1`,
    [partnerId],
  )
  const admins = await sql.query<{ email: string }>(
    `SELECT email::text AS email FROM users WHERE partner_id = $1 AND role = 'partner_admin' AND status <> 'deactivated' ORDER BY email`,
    [partnerId],
  )
  return { manager: staff?.manager ?? null, ops: staff?.ops ?? null, admins: admins.map((a) => a.email) }
}

/** The staff who look after a partner: its partner manager and partner operations resource. */
export async function staffOf(sql: Sql, partnerId: string): Promise<{ managerId: string | null; opsId: string | null }> {
  const [p] = await sql.query<{ manager_id: string | null; ops_id: string | null }>(
    'SELECT partner_manager_id AS manager_id, partner_ops_id AS ops_id FROM partners WHERE id = $1',
    [partnerId],
  )
  return { managerId: p?.manager_id ?? null, opsId: p?.ops_id ?? null }
}

/**
 * Emits an agreement event (its audience's preferences decide in-app and email) and records each email
 * it queued (one entry for all) in the agreement's history (the audit log), inside the caller's transaction.
 */
export async function emitAgreementEvent<P>(
  ctx: Ctx,
  sql: Sql,
  agreement: { id: string; partnerId: string },
  event: EventDefinition<P>,
  payload: P,
): Promise<string[]> {
  const { mails, emailed } = await emit(ctx, sql, event, payload)
  const [m] = mails
  if (m)
    await audit(ctx, sql, {
      entity: 'agreement',
      entityId: agreement.id,
      action: 'notify',
      partnerId: agreement.partnerId,
      after: { template: m.template, to: emailed, subject: m.subject },
    })
  return emailed
}

/**
 * The one place an agreement email that is not an event (country extensions) leaves from, inside the caller's transaction: it is queued for
 * sending and recorded in the agreement's history (the audit log).
 */
export async function notifyAgreement(
  ctx: Ctx,
  sql: Sql,
  agreement: { id: string; partnerId: string },
  template: string,
  to: (string | null)[],
  mail: RenderedMail,
): Promise<void> {
  const recipients = [...new Set(to.filter((t): t is string => !!t))]
  if (!recipients.length) return
  await queueRendered(sql, template, mail, { to: recipients, partnerId: agreement.partnerId })
  await audit(ctx, sql, {
    entity: 'agreement',
    entityId: agreement.id,
    action: 'notify',
    partnerId: agreement.partnerId,
    after: { template, to: recipients, subject: mail.subject },
  })
}
