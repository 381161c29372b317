import { z } from '@hono/zod-openapi'
import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { writeSheet, type SheetFormat } from '../../core/sheets.ts'
import { partnerServices } from '../partners/partners.service.ts'
import { insuranceLabels, type InsuranceType } from './safety.contract.ts'
import { assessPartners } from './safety.assess.ts'
import { subscriptionsOf } from './safety.queries.ts'
import { todayOf } from '../../core/dates.ts'

export const ExpiringSchema = z
  .object({
    evidenceId: z.string().uuid(),
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    what: z.string(),
    expiryDate: z.string(),
    daysLeft: z.number().int(),
  })
  .openapi('SafetyExpiring')
export type Expiring = z.infer<typeof ExpiringSchema>
const programStatuses = ['clear', 'blocked', 'overridden'] as const
export const DashboardRowSchema = z
  .object({
    partnerId: z.string().uuid(),
    partnerName: z.string(),
    status: z.enum(programStatuses),
    subscriptionStatus: z.string(),
    grade: z.string().nullable(),
    openGaps: z.number().int(),
  })
  .openapi('SafetyDashboardRow')
export const DashboardSchema = z
  .object({
    highRisk: z.array(DashboardRowSchema),
    byStatus: z.record(z.string(), z.number().int()),
    gapsByKind: z.array(
      z.object({
        kind: z.string(),
        open: z.number().int(),
        under30Days: z.number().int(),
        days30to90: z.number().int(),
        over90Days: z.number().int(),
      }),
    ),
    expiring: z.array(ExpiringSchema),
  })
  .openapi('SafetyDashboard')
export type Dashboard = z.infer<typeof DashboardSchema>

/** Accepted evidence expiring within `days` (from today, UTC), soonest first; a partner's users see their own. */
export async function listExpiring(ctx: Ctx, days: number): Promise<Expiring[]> {
  assertCan(ctx.actor, 'safety:read')
  const actor = ctx.actor
  const today = todayOf(ctx.now())
  const rows = await inTx(ctx, (sql) =>
    sql.query<{
      id: string
      partner_id: string
      partner_name: string
      kind: string
      insurance_type: string | null
      title: string | null
      expiry_date: string
      days_left: number
    }>(
      `SELECT e.id, e.partner_id, p.legal_name AS partner_name, e.kind, e.insurance_type, e.title, e.expiry_date::text,
         (e.expiry_date - $1::date)::int AS days_left
       FROM safety_evidence e JOIN partners p ON p.id = e.partner_id
       WHERE e.status = 'accepted' AND e.expiry_date BETWEEN $1::date AND $1::date + $2::int AND ($3::uuid IS NULL OR e.partner_id = $3)
       ORDER BY e.expiry_date, p.legal_name, e.id`,
      [today, days, isExternal(actor) ? actor.partnerId : null],
    ),
  )
  return rows.map((r) => ({
    evidenceId: r.id,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    what:
      r.kind === 'insurance'
        ? `${insuranceLabels[r.insurance_type as InsuranceType]} certificate`
        : r.kind === 'statistics'
          ? 'safety statistics'
          : `${r.kind} "${r.title}"`,
    expiryDate: r.expiry_date,
    daysLeft: r.days_left,
  }))
}

/** The safety team's dashboard: high-risk partners by program status, open gaps by kind and age, expiries in 90 days. */
export async function getDashboard(ctx: Ctx): Promise<Dashboard> {
  assertCan(ctx.actor, 'safety:read')
  const today = todayOf(ctx.now())
  const { highRisk, gaps } = await inTx(ctx, async (sql) => {
    const partners = await partnerServices(sql, null)
    const assessed = (await assessPartners(sql, partners, today)).filter((a) => a.risk.riskLevel === 'high')
    const ids = assessed.map((a) => a.partnerId)
    const subs = await subscriptionsOf(sql, ids)
    const names = new Map(partners.map((p) => [p.id, p.legalName]))
    const gaps = await sql.query<{ kind: string; partner_id: string; age: number }>(
      `SELECT kind, partner_id, ($1::date - opened_at::date)::int AS age FROM safety_gaps WHERE closed_at IS NULL`,
      [today],
    )
    const highRisk = assessed.map((a) => ({
      partnerId: a.partnerId,
      partnerName: names.get(a.partnerId) ?? '',
      status: (!a.clearance.clear
        ? 'blocked'
        : a.clearance.reasons.some((r) => r.code === 'CLEARANCE_OVERRIDE')
          ? 'overridden'
          : 'clear') as (typeof programStatuses)[number],
      subscriptionStatus: subs.get(a.partnerId)?.status ?? 'none',
      grade: subs.get(a.partnerId)?.grade ?? subs.get(a.partnerId)?.score ?? null,
      openGaps: gaps.filter((g) => g.partner_id === a.partnerId).length,
    }))
    return { highRisk, gaps }
  })
  const kinds = [...new Set(gaps.map((g) => g.kind))].sort()
  return {
    highRisk,
    byStatus: Object.fromEntries(programStatuses.map((s) => [s, highRisk.filter((h) => h.status === s).length])),
    gapsByKind: kinds.map((kind) => {
      const of = gaps.filter((g) => g.kind === kind)
      return {
        kind,
        open: of.length,
        under30Days: of.filter((g) => g.age < 30).length,
        days30to90: of.filter((g) => g.age >= 30 && g.age <= 90).length,
        over90Days: of.filter((g) => g.age > 90).length,
      }
    }),
    expiring: await listExpiring(ctx, 90),
  }
}

export async function exportDashboard(ctx: Ctx, format: SheetFormat): Promise<Buffer> {
  const d = await getDashboard(ctx)
  const next = new Map<string, string>()
  for (const e of d.expiring) if (!next.has(e.partnerId)) next.set(e.partnerId, `${e.what} ${e.expiryDate}`)
  return writeSheet(
    'Safety compliance',
    ['partner', 'status', 'subscription', 'grade', 'open gaps', 'next expiry in 90 days'],
    d.highRisk.map((h) => [h.partnerName, h.status, h.subscriptionStatus, h.grade ?? '', String(h.openGaps), next.get(h.partnerId) ?? '']),
    format,
  )
}
