import { audit } from '../../core/audit.ts'
import type { Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { onPartnerServicesChanged, partnerServices } from '../partners/partners.service.ts'
import { assessPartners, type Assessment } from './safety.assess.ts'
import { todayOf } from '../../core/dates.ts'

/**
 * Brings the stored computed gaps in line with an assessment, in the caller's transaction: a new gap opens,
 * a gap whose cause is gone closes itself with a note (its row, owner and comments stay as history), an open
 * gap's wording follows its cause. Red flags are left alone.
 */
export async function syncGaps(ctx: Ctx, sql: Sql, assessments: Assessment[]): Promise<{ opened: number; closed: number }> {
  let opened = 0
  let closed = 0
  const ids = assessments.map((a) => a.partnerId)
  const open = await sql.query<{ id: string; partner_id: string; key: string; message: string }>(
    `SELECT id, partner_id, key, message FROM safety_gaps WHERE partner_id = ANY($1::uuid[]) AND source = 'computed' AND closed_at IS NULL FOR UPDATE`,
    [ids],
  )
  for (const a of assessments) {
    const current = new Map(a.gaps.map((g) => [g.key, g]))
    const stored = open.filter((g) => g.partner_id === a.partnerId)
    for (const s of stored) {
      const now = current.get(s.key)
      if (now) {
        if (now.message !== s.message)
          await sql.query('UPDATE safety_gaps SET message = $2, remedy = $3 WHERE id = $1', [s.id, now.message, now.remedy])
        continue
      }
      const note = a.risk.riskLevel === 'low' ? 'Closed by itself: the partner is low risk' : 'Closed by itself: its cause is gone'
      await sql.query('UPDATE safety_gaps SET closed_at = $2, close_note = $3 WHERE id = $1', [s.id, ctx.now(), note])
      await audit(ctx, sql, { entity: 'safety_gap', entityId: s.id, action: 'close', partnerId: a.partnerId, after: { note } })
      closed += 1
    }
    const storedKeys = new Set(stored.map((s) => s.key))
    for (const g of a.gaps.filter((g) => !storedKeys.has(g.key))) {
      const [row] = await sql.query<{ id: string }>(
        `INSERT INTO safety_gaps (partner_id, source, kind, key, message, remedy, opened_at) VALUES ($1, 'computed', $2, $3, $4, $5, $6) RETURNING id`,
        [a.partnerId, g.kind, g.key, g.message, g.remedy, ctx.now()],
      )
      if (row) await audit(ctx, sql, { entity: 'safety_gap', entityId: row.id, action: 'open', partnerId: a.partnerId, after: g })
      opened += 1
    }
  }
  return { opened, closed }
}

/** Re-assesses partners (all when `ids` is null) and syncs their gaps, in the caller's transaction. */
export async function reassess(ctx: Ctx, sql: Sql, ids: string[] | null): Promise<{ opened: number; closed: number }> {
  const partners = await partnerServices(sql, ids)
  return syncGaps(ctx, sql, await assessPartners(sql, partners, todayOf(ctx.now())))
}

// A partner's services decide its risk level: when they change, its gaps follow in the same transaction.
onPartnerServicesChanged((ctx, sql, ids) => reassess(ctx, sql, ids))
