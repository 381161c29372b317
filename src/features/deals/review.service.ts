import { assertCan, type Actor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import type { Deal, DealStatus } from './deals.contract.ts'
import { protectionKeys } from './deals.match.ts'
import { notify } from './deals.notify.ts'
import { addEvent, findDealRow, toDeal, type DealRow } from './deals.queries.ts'
import { protectionEnd, resumeDue } from './deals.sla.ts'
import { approveCurrentValue, hasPendingValue, nothingToApprove } from './deals.values.ts'
import { dayOf } from '../../core/dates.ts'

const UNIQUE_VIOLATION = '23505'

/**
 * Sales review only the registrations routed to them; the Partner Incentives team and admins review any.
 * Nobody reviews a registration they registered themselves (separation of duties).
 */
function assertReviewer(actor: Actor, d: DealRow) {
  if (d.registered_by && d.registered_by === actor.userId)
    throw new AppError('FORBIDDEN', 'You registered this deal; someone else must review it')
  if (actor.role === 'sales' && d.reviewer_id !== actor.userId)
    throw new AppError('FORBIDDEN', 'This registration is reviewed by the Partner Incentives team or its account owner')
}

function assertStatus(d: DealRow, allowed: DealStatus[], doing: string) {
  if (!allowed.includes(d.status))
    throw new AppError('INVALID_TRANSITION', `Cannot ${doing} a registration that is ${d.status.replace('_', ' ')}`)
}

type Step = (
  sql: Sql,
  d: DealRow,
  now: Date,
) => Promise<{ kind: string; note: string; mail?: Parameters<typeof notify>[2]; extra?: Record<string, string> }>

/** One review step on one deal, locked, in one transaction: change, history, audit, email. */
async function step(ctx: Ctx, id: string, permission: 'deals:review' | 'deals:update', fn: Step): Promise<Deal> {
  assertCan(ctx.actor, permission)
  const actor = ctx.actor
  const now = ctx.now()
  return inTx(ctx, async (sql) => {
    const before = await findDealRow(sql, id, true)
    if (permission === 'deals:review') assertReviewer(actor, before)
    const e = await fn(sql, before, now)
    await sql.query('UPDATE deals SET version = version + 1, updated_at = $2 WHERE id = $1', [id, now])
    const row = await findDealRow(sql, id)
    await addEvent(sql, actor, row, { kind: e.kind, note: e.note }, now)
    const today = dayOf(now)
    await audit(ctx, sql, {
      entity: 'deal',
      entityId: id,
      action: e.kind,
      partnerId: row.partner_id,
      before: toDeal(before, today),
      after: toDeal(row, today),
    })
    if (e.mail) await notify(ctx, sql, e.mail, row, e.extra)
    return toDeal(row, today)
  })
}

/**
 * Approves a registration with a protection period. The customer's keys and product lines go into
 * `deal_protections`, whose primary key refuses a second approved registration of the same customer and
 * product line — also when two are approved at the same moment.
 */
export function approveDeal(ctx: Ctx, id: string, input: { protectionDays?: number; note?: string }): Promise<Deal> {
  return step(ctx, id, 'deals:review', async (sql, d, now) => {
    if (d.status === 'approved') {
      // An approved registration whose value moved beyond the tolerance: approving it makes that value count.
      if (!(await hasPendingValue(sql, id))) throw nothingToApprove()
      await approveCurrentValue(sql, d, ctx.actor!, now)
      return { kind: 'value-approved', note: `Value approved${input.note ? ` — ${input.note}` : ''}` }
    }
    assertStatus(d, ['submitted', 'info_requested'], 'approve')
    const until = protectionEnd(dayOf(now), input.protectionDays ?? ctx.config.deals.protectionDays)
    await sql.query(
      `UPDATE deals SET status = 'approved', decided_at = $2, decided_by = $3, protection_until = $4, paused_at = NULL WHERE id = $1`,
      [id, now, ctx.actor!.userId || null, until],
    )
    try {
      await sql.query('SAVEPOINT protect')
      await sql.query(
        `INSERT INTO deal_protections (customer_key, product_line, deal_id, partner_id) SELECT k, l, $1, $4 FROM unnest($2::text[]) k, unnest($3::text[]) l`,
        [id, protectionKeys(d.customer_key, d.customer_domain), d.product_lines, d.partner_id],
      )
    } catch (e) {
      if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e
      await sql.query('ROLLBACK TO SAVEPOINT protect')
      const [other] = await sql.query<{ deal_id: string }>(
        'SELECT deal_id FROM deal_protections WHERE customer_key = ANY($1) AND product_line = ANY($2) LIMIT 1',
        [protectionKeys(d.customer_key, d.customer_domain), d.product_lines],
      )
      throw new AppError('DEAL_CONFLICT', 'Another approved registration protects this customer and product line', {
        conflictingDealId: other?.deal_id ?? null,
      })
    }
    await approveCurrentValue(sql, d, ctx.actor!, now)
    return { kind: 'approved', note: `Approved; protected until ${until}${input.note ? ` — ${input.note}` : ''}`, mail: 'deal-approved' }
  })
}

export function rejectDeal(ctx: Ctx, id: string, reason: string): Promise<Deal> {
  return step(ctx, id, 'deals:review', async (sql, d, now) => {
    assertStatus(d, ['submitted', 'info_requested'], 'reject')
    await sql.query(
      `UPDATE deals SET status = 'rejected', decided_at = $2, decided_by = $3, rejection_reason = $4, paused_at = NULL WHERE id = $1`,
      [id, now, ctx.actor!.userId || null, reason],
    )
    return { kind: 'rejected', note: `Rejected: ${reason}`, mail: 'deal-rejected', extra: { reason } }
  })
}

/** Asks the partner for more information; the review clock pauses until the partner answers. */
export function requestInfo(ctx: Ctx, id: string, question: string): Promise<Deal> {
  return step(ctx, id, 'deals:review', async (sql, d, now) => {
    assertStatus(d, ['submitted'], 'ask for information on')
    await sql.query(`UPDATE deals SET status = 'info_requested', paused_at = $2 WHERE id = $1`, [id, now])
    return { kind: 'info_requested', note: question, mail: 'deal-info-requested', extra: { question } }
  })
}

/** The partner answers a request for information: the clock runs again, its due day moved by the business days it was paused. */
export function respondToRequest(ctx: Ctx, id: string, answer: string): Promise<Deal> {
  return step(ctx, id, 'deals:update', async (sql, d, now) => {
    assertStatus(d, ['info_requested'], 'answer for')
    const due = resumeDue(d.review_due!, dayOf(d.paused_at!), dayOf(now))
    await sql.query(`UPDATE deals SET status = 'submitted', paused_at = NULL, review_due = $2 WHERE id = $1`, [id, due])
    return { kind: 'answered', note: answer, mail: 'deal-answered', extra: { reason: answer, dueDate: due } }
  })
}

/** The partner asks for a longer protection period of an approved registration. */
export function requestExtension(ctx: Ctx, id: string, reason: string): Promise<Deal> {
  return step(ctx, id, 'deals:update', async (sql, d, now) => {
    assertStatus(d, ['approved'], 'request an extension of')
    if (d.extension_requested_at) throw new AppError('INVALID_TRANSITION', 'An extension is requested already')
    await sql.query('UPDATE deals SET extension_requested_at = $2 WHERE id = $1', [id, now])
    return { kind: 'extension_requested', note: reason, mail: 'deal-extension-requested', extra: { reason } }
  })
}

/** Extends the protection period of an approved registration by a number of days. */
export function extendDeal(ctx: Ctx, id: string, days: number): Promise<Deal> {
  return step(ctx, id, 'deals:review', async (sql, d) => {
    assertStatus(d, ['approved'], 'extend')
    const until = protectionEnd(d.protection_until!, days)
    await sql.query('UPDATE deals SET protection_until = $2, extension_requested_at = NULL WHERE id = $1', [id, until])
    return {
      kind: 'extended',
      note: `Protection extended by ${days} days, until ${until}`,
      mail: 'deal-extended',
      extra: { protectionUntil: until },
    }
  })
}
