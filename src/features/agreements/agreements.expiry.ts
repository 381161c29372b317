import { systemActor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { reminderDays } from './agreements.contract.ts'
import { agreementExpiringEvent } from './agreements.events.ts'
import { emitAgreementEvent, staffOf } from './agreements.notify.ts'
import { daysBetween, todayOf } from '../../core/dates.ts'

export type ExpiryResult = { expired: number; reminders: number }

type DueRow = { id: string; partner_id: string; partner_name: string; title: string; expiry_date: string }

/**
 * The daily agreement job: marks agreements whose expiry date has passed as expired, and reminds the partner
 * manager and partner admins 90, 30 and 7 days before expiry. Each reminder goes once per expiry date; a run
 * that starts late sends only the most urgent one due (no 90-day notice after the 30-day one).
 */
export async function runAgreementExpiry(ctx: Ctx): Promise<ExpiryResult> {
  const sys: Ctx = { ...ctx, actor: systemActor }
  const today = todayOf(ctx.now())
  return inTx(sys, async (sql) => {
    const lapsed = await sql.query<{ id: string; partner_id: string; status: string }>(
      `UPDATE agreements a SET status = 'expired', version = version + 1, updated_at = $2
       FROM (SELECT id, status FROM agreements WHERE status IN ('active', 'out_for_signature') AND expiry_date < $1::date FOR UPDATE SKIP LOCKED) old
       WHERE a.id = old.id RETURNING a.id, a.partner_id, old.status`,
      [today, ctx.now()],
    )
    for (const a of lapsed)
      await audit(sys, sql, {
        entity: 'agreement',
        entityId: a.id,
        action: 'expire',
        partnerId: a.partner_id,
        before: { status: a.status },
        after: { status: 'expired' },
      })

    const due = await sql.query<DueRow>(
      `SELECT a.id, a.partner_id, p.legal_name AS partner_name, a.title, a.expiry_date::text FROM agreements a JOIN partners p ON p.id = a.partner_id
       WHERE a.status = 'active' AND a.expiry_date >= $1::date AND a.expiry_date <= $1::date + $2::int ORDER BY a.expiry_date, a.id`,
      [today, Math.max(...reminderDays)],
    )
    let reminders = 0
    for (const a of due) {
      const daysLeft = daysBetween(today, a.expiry_date)
      const threshold = Math.min(...reminderDays.filter((d) => daysLeft <= d))
      const [sent] = await sql.query(
        'SELECT 1 FROM agreement_reminders WHERE agreement_id = $1 AND expiry_date = $2 AND days_before <= $3',
        [a.id, a.expiry_date, threshold],
      )
      if (sent) continue
      const to = await emitAgreementEvent(sys, sql, { id: a.id, partnerId: a.partner_id }, agreementExpiringEvent, {
        agreementId: a.id,
        partnerId: a.partner_id,
        partner: a.partner_name,
        title: a.title,
        expiryDate: a.expiry_date,
        daysLeft,
        reminder: threshold,
        managerId: (await staffOf(sql, a.partner_id)).managerId,
      })
      await sql.query(
        'INSERT INTO agreement_reminders (agreement_id, expiry_date, days_before, sent_at, recipients) VALUES ($1, $2, $3, $4, $5)',
        [a.id, a.expiry_date, threshold, ctx.now(), to],
      )
      reminders += 1
    }
    return { expired: lapsed.length, reminders }
  })
}
