import type { Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { appUrl, queueRendered } from '../../core/mail.ts'
import { formatUsdShort } from '../../core/money.ts'
import { dealMails, type DealMailData, type DealMailName } from './deals.mail.ts'
import { addEvent, type DealRow } from './deals.queries.ts'

type Audience = 'partner' | 'reviewer' | 'lead'
const audienceOf: Record<DealMailName, Audience> = {
  'deal-submitted': 'partner',
  'deal-approved': 'partner',
  'deal-rejected': 'partner',
  'deal-info-requested': 'partner',
  'deal-extended': 'partner',
  'deal-expired': 'partner',
  'deal-assigned': 'reviewer',
  'deal-answered': 'reviewer',
  'deal-extension-requested': 'reviewer',
  'deal-escalated': 'lead',
  'deal-big-deal': 'lead',
}

const emails = async (sql: Sql, text: string, params: unknown[]) => (await sql.query<{ email: string }>(text, params)).map((r) => r.email)

/** Who an email goes to: the partner (its registrant and admins), the reviewer (or the incentives team), or the team lead. */
async function recipients(ctx: Ctx, sql: Sql, audience: Audience, d: DealRow): Promise<string[]> {
  if (audience === 'partner')
    return emails(
      sql,
      `SELECT email::text FROM users WHERE status = 'active' AND (id = $1 OR (partner_id = $2 AND role = 'partner_admin')) ORDER BY email`,
      [d.registered_by, d.partner_id],
    )
  if (audience === 'reviewer' && d.reviewer_id) return emails(sql, 'SELECT email FROM staff WHERE id = $1', [d.reviewer_id])
  if (audience === 'lead' && ctx.config.deals.escalationEmail) return [ctx.config.deals.escalationEmail]
  return emails(sql, 'SELECT email FROM staff_with_role($1)', ['incentives'])
}

/**
 * The one place deal emails leave from: renders the template, queues it in the mail outbox and records
 * the notification in the deal's history (internal for the reviewer and lead mails).
 */
export async function notify(ctx: Ctx, sql: Sql, template: DealMailName, d: DealRow, extra: Partial<DealMailData> = {}): Promise<void> {
  const audience = audienceOf[template]
  const to = await recipients(ctx, sql, audience, d)
  const data: DealMailData = {
    customer: d.customer_name,
    partner: d.partner_name,
    value: formatUsdShort(BigInt(d.value_cents)),
    link: appUrl(ctx, `/deals/${d.id}`),
    expectedDecisionDate: d.status === 'submitted' ? d.review_due : null,
    protectionUntil: d.protection_until,
    dueDate: d.review_due,
    ...extra,
  }
  const mail = dealMails[template](data)
  if (to.length) await queueRendered(sql, template, mail, { to, partnerId: audience === 'partner' ? d.partner_id : null })
  await addEvent(
    sql,
    ctx.actor,
    { id: d.id, partner_id: d.partner_id },
    {
      kind: 'notified',
      note: mail.subject,
      internal: audience !== 'partner',
      data: { template, to },
    },
    ctx.now(),
  )
}
