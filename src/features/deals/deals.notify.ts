import type { Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { emit } from '../../core/events.ts'
import { usd } from '../../core/money.ts'
import { dealEvents, isInternalDealEvent, type DealEventData } from './deals.events.ts'
import type { DealMailData, DealMailName } from './deals.mail.ts'
import { addEvent, type DealRow } from './deals.queries.ts'

/**
 * The one place deal notifications leave from: emits the template's event (the audience's preferences
 * decide in-app and email) and records who was emailed in the deal's history (internal for the reviewer
 * and lead events).
 */
export async function notify(ctx: Ctx, sql: Sql, template: DealMailName, d: DealRow, extra: Partial<DealMailData> = {}): Promise<void> {
  const event = dealEvents[template]
  const internal = isInternalDealEvent(template)
  const payload: DealEventData = {
    dealId: d.id,
    partnerId: d.partner_id,
    partner: d.partner_name,
    customer: d.customer_name,
    value: usd(BigInt(d.value_cents)),
    registeredBy: d.registered_by,
    expectedDecisionDate: d.status === 'submitted' ? d.review_due : null,
    protectionUntil: extra.protectionUntil ?? d.protection_until,
    dueDate: extra.dueDate ?? d.review_due,
    reason: extra.reason ?? null,
    question: extra.question ?? null,
    ...(internal ? { reviewerId: d.reviewer_id, leadEmail: ctx.config.deals.escalationEmail } : {}),
  }
  const { emailed } = await emit(ctx, sql, event, payload)
  await addEvent(
    sql,
    ctx.actor,
    { id: d.id, partner_id: d.partner_id },
    { kind: 'notified', note: event.describe(payload, { internal }).title, internal, data: { template, to: emailed } },
    ctx.now(),
  )
}
