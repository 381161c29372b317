import { systemActor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { emit } from '../../core/events.ts'
import { partnerServices } from '../partners/partners.service.ts'
import { insuranceLabels, reminderDays, type InsuranceType } from './safety.contract.ts'
import { reassess } from './gaps.sync.ts'
import { safetyEvidenceExpiring } from './safety.events.ts'
import { assessPartners } from './safety.assess.ts'
import { daysBetween, todayOf } from '../../core/dates.ts'

type DueRow = {
  id: string
  partner_id: string
  partner_name: string
  kind: string
  insurance_type: string | null
  title: string | null
  expiry_date: string
}

/**
 * The daily safety job: re-assesses every partner (gaps open and close as evidence expires), and reminds
 * the partner's admins and the safety team 90, 30 and 7 days before accepted evidence of a high-risk partner
 * expires, unless newer accepted evidence of the same kind replaces it. Each reminder goes once per expiry
 * date; a run that starts late sends only the most urgent one due.
 */
export async function runSafetyDaily(ctx: Ctx): Promise<{ reminders: number; opened: number; closed: number }> {
  const sys: Ctx = { ...ctx, actor: systemActor }
  const today = todayOf(ctx.now())
  return inTx(sys, async (sql) => {
    const synced = await reassess(sys, sql, null)
    const due = await sql.query<DueRow>(
      `SELECT e.id, e.partner_id, p.legal_name AS partner_name, e.kind, e.insurance_type, e.title, e.expiry_date::text
       FROM safety_evidence e JOIN partners p ON p.id = e.partner_id
       WHERE e.status = 'accepted' AND e.expiry_date >= $1::date AND e.expiry_date <= $1::date + $2::int
         AND NOT EXISTS (SELECT 1 FROM safety_evidence n WHERE n.partner_id = e.partner_id AND n.status = 'accepted' AND n.kind = e.kind
           AND n.insurance_type IS NOT DISTINCT FROM e.insurance_type AND lower(coalesce(n.title, '')) = lower(coalesce(e.title, ''))
           AND n.expiry_date > e.expiry_date)
       ORDER BY e.expiry_date, e.id`,
      [today, Math.max(...reminderDays)],
    )
    const ids = [...new Set(due.map((d) => d.partner_id))]
    const high = new Set(
      (await assessPartners(sql, await partnerServices(sql, ids), today))
        .filter((a) => a.risk.riskLevel === 'high')
        .map((a) => a.partnerId),
    )
    let reminders = 0
    for (const e of due.filter((d) => high.has(d.partner_id))) {
      const daysLeft = daysBetween(today, e.expiry_date)
      const threshold = Math.min(...reminderDays.filter((d) => daysLeft <= d))
      const [already] = await sql.query(
        'SELECT 1 FROM safety_reminders WHERE evidence_id = $1 AND expiry_date = $2 AND days_before <= $3',
        [e.id, e.expiry_date, threshold],
      )
      if (already) continue
      // Claimed first: a second run at the same moment waits on this row and then sends nothing.
      const claimed = await sql.query(
        `INSERT INTO safety_reminders (evidence_id, expiry_date, days_before, sent_at, recipients) VALUES ($1, $2, $3, $4, '{}')
         ON CONFLICT DO NOTHING RETURNING 1`,
        [e.id, e.expiry_date, threshold, ctx.now()],
      )
      if (!claimed.length) continue
      const what =
        e.kind === 'insurance'
          ? `${insuranceLabels[e.insurance_type as InsuranceType]} certificate`
          : `${e.kind === 'program' ? 'written safety program' : 'licence'} "${e.title}"`
      // Through the event catalog: each recipient's notification preferences decide in-app and email.
      const sent = await emit(sys, sql, safetyEvidenceExpiring, {
        evidenceId: e.id,
        partnerId: e.partner_id,
        partner: e.partner_name,
        what,
        expiryDate: e.expiry_date,
        daysLeft,
        reminder: threshold,
      })
      const to = sent.emailed
      await sql.query('UPDATE safety_reminders SET recipients = $4 WHERE evidence_id = $1 AND expiry_date = $2 AND days_before = $3', [
        e.id,
        e.expiry_date,
        threshold,
        to,
      ])
      await audit(sys, sql, {
        entity: 'safety_evidence',
        entityId: e.id,
        action: 'notify',
        partnerId: e.partner_id,
        after: { days: threshold, event: sent.id, notified: sent.notified.length, to },
      })
      reminders += 1
    }
    return { reminders, ...synced }
  })
}
