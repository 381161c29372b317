import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { todayOf } from '../../core/dates.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { emit } from '../../core/events.ts'
import { getPartner } from '../partners/partners.service.ts'
import { entitlement } from '../program/benefits.service.ts'
import { programAccepted, programDeclined, programEnded, programInvited } from './marketing.events.ts'
import {
  programBenefit,
  programLabels,
  type InviteInput,
  type MarketingProgram,
  type Membership,
  type PartnerMarketing,
} from './programs.contract.ts'

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString())

type Row = {
  id: string
  program: MarketingProgram
  partner_id: string
  partner_name: string
  partner_tier: string | null
  status: Membership['status']
  message: string | null
  starts_on: string
  ends_on: string
  invited_by: string | null
  invited_by_name: string | null
  invited_at: Date
  responded_by: string | null
  responded_by_name: string | null
  responded_at: Date | null
  decline_reason: string | null
  ended_at: Date | null
  end_reason: string | null
}

const SELECT = `SELECT m.id, m.program, m.partner_id, p.legal_name AS partner_name, p.tier AS partner_tier, m.status, m.message,
  m.starts_on::text, m.ends_on::text, m.invited_by, iu.name AS invited_by_name, m.invited_at, m.responded_by,
  ru.name AS responded_by_name, m.responded_at, m.decline_reason, m.ended_at, m.end_reason
  FROM marketing_memberships m JOIN partners p ON p.id = m.partner_id
  LEFT JOIN users iu ON iu.id = m.invited_by LEFT JOIN users ru ON ru.id = m.responded_by`

/** A stored row as read: an accepted membership whose period is over reads as expired. */
function toMembership(r: Row, today: string, external: boolean): Membership {
  const status = r.status === 'active' && r.ends_on < today ? 'expired' : r.status
  // Partners see that marketing invited them, not which member of staff (nor the user names of staff).
  const person = (id: string | null, name: string | null) => (id && name ? { id, name } : null)
  return {
    id: r.id,
    program: r.program,
    partner: { id: r.partner_id, name: r.partner_name, tier: r.partner_tier },
    status,
    message: r.message,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    invitedBy: external ? null : person(r.invited_by, r.invited_by_name),
    invitedAt: iso(r.invited_at)!,
    respondedBy: person(r.responded_by, r.responded_by_name),
    respondedAt: iso(r.responded_at),
    declineReason: r.decline_reason,
    endedAt: iso(r.ended_at),
    endReason: r.end_reason,
  }
}

async function loadMembership(ctx: Ctx, sql: Sql, id: string): Promise<Row> {
  // Row-level security hides another company's memberships: the same 404 as an unknown id.
  const [row] = await sql.query<Row>(`${SELECT} WHERE m.id = $1`, [id])
  if (!row) throw new AppError('NOT_FOUND', 'Program membership not found')
  return row
}

export async function listMemberships(
  ctx: Ctx,
  q: { program?: MarketingProgram; status?: Membership['status']; partnerId?: string },
): Promise<Membership[]> {
  assertCan(ctx.actor, 'programs:read')
  const actor = ctx.actor
  const today = todayOf(ctx.now())
  const rows = await inTx(ctx, (sql) =>
    sql.query<Row>(
      `${SELECT} WHERE ($1::text IS NULL OR m.program = $1) AND ($2::uuid IS NULL OR m.partner_id = $2)
       ORDER BY m.invited_at DESC, m.id`,
      [q.program ?? null, q.partnerId ?? null],
    ),
  )
  return rows.map((r) => toMembership(r, today, isExternal(actor))).filter((m) => !q.status || m.status === q.status)
}

export async function getMembership(ctx: Ctx, id: string): Promise<Membership> {
  assertCan(ctx.actor, 'programs:read')
  const actor = ctx.actor
  return toMembership(await inTx(ctx, (sql) => loadMembership(ctx, sql, id)), todayOf(ctx.now()), isExternal(actor))
}

const payloadOf = (r: Row, reason?: string | null) => ({
  membershipId: r.id,
  partnerId: r.partner_id,
  partner: r.partner_name,
  program: r.program,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  reason: reason ?? null,
})

/** Refuses a partner whose tier's benefits do not offer the program (through the one entitlement gate). */
async function assertEligible(ctx: Ctx, partnerId: string, program: MarketingProgram): Promise<void> {
  const e = await entitlement(ctx, partnerId, programBenefit[program])
  if (!e.granted)
    throw new AppError('BENEFIT_NOT_INCLUDED', `The partner's tier does not offer the ${programLabels[program]} program (${e.text})`, {
      benefit: programBenefit[program],
    })
}

/** Marketing invites a partner to JAM or JEM for a period; its tier must offer the program. */
export async function invite(ctx: Ctx, input: InviteInput): Promise<Membership> {
  assertCan(ctx.actor, 'programs:manage')
  const actor = ctx.actor
  const partner = await getPartner(ctx, input.partnerId)
  if (partner.status !== 'active')
    throw new AppError('INVALID_TRANSITION', 'Only an active partner can be invited', {
      errors: [{ path: 'partnerId', message: 'The partner is not active' }],
    })
  await assertEligible(ctx, input.partnerId, input.program)
  const today = todayOf(ctx.now())
  if (input.endsOn < today)
    throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path: 'endsOn', message: 'The period is over' }] })
  const id = await inTx(ctx, async (sql) => {
    // A membership whose period is over is closed first, so a new one can begin.
    await sql.query(
      `UPDATE marketing_memberships SET status = 'ended', ended_at = $3, end_reason = 'The period ended', version = version + 1
       WHERE partner_id = $1 AND program = $2 AND status = 'active' AND ends_on < $4::date`,
      [input.partnerId, input.program, ctx.now(), today],
    )
    const open = await sql.query<{ status: string }>(
      `SELECT status FROM marketing_memberships WHERE partner_id = $1 AND program = $2 AND status IN ('invited', 'active')`,
      [input.partnerId, input.program],
    )
    if (open[0])
      throw new AppError('CONFLICT', open[0].status === 'active' ? 'The partner is already a member' : 'An invitation is already open', {
        errors: [{ path: 'partnerId', message: open[0].status === 'active' ? 'Already a member' : 'Already invited' }],
      })
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO marketing_memberships (program, partner_id, status, message, starts_on, ends_on, invited_by, invited_at)
       VALUES ($1, $2, 'invited', $3, $4, $5, $6, $7) RETURNING id`,
      [input.program, input.partnerId, input.message || null, input.startsOn, input.endsOn, actor.userId || null, ctx.now()],
    )
    const m = await loadMembership(ctx, sql, row!.id)
    await audit(ctx, sql, { entity: 'program_membership', entityId: m.id, action: 'invite', partnerId: m.partner_id, after: input })
    await emit(ctx, sql, programInvited, payloadOf(m))
    return m.id
  })
  return getMembership(ctx, id)
}

/** The partner admin of the invited company answers; acceptance checks the tier again (it may have changed). */
export async function respond(ctx: Ctx, id: string, answer: { accept: true } | { accept: false; reason?: string }): Promise<Membership> {
  assertCan(ctx.actor, 'programs:respond')
  const actor = ctx.actor
  const before = await inTx(ctx, (sql) => loadMembership(ctx, sql, id))
  if (actor.partnerId !== before.partner_id) throw new AppError('NOT_FOUND', 'Program membership not found')
  if (before.status !== 'invited') throw new AppError('INVALID_TRANSITION', `The invitation is ${before.status}, not open`)
  if (answer.accept) await assertEligible(ctx, before.partner_id, before.program)
  await inTx(ctx, async (sql) => {
    const reason = answer.accept ? null : (answer.reason ?? null)
    const updated = await sql.query(
      `UPDATE marketing_memberships SET status = $2, responded_by = $3, responded_at = $4, decline_reason = $5, version = version + 1
       WHERE id = $1 AND status = 'invited' RETURNING id`,
      [id, answer.accept ? 'active' : 'declined', actor.userId, ctx.now(), reason],
    )
    if (!updated.length) throw new AppError('INVALID_TRANSITION', 'The invitation was answered meanwhile')
    await audit(ctx, sql, {
      entity: 'program_membership',
      entityId: id,
      action: answer.accept ? 'accept' : 'decline',
      partnerId: before.partner_id,
      before: { status: 'invited' },
      after: { status: answer.accept ? 'active' : 'declined', reason },
    })
    await emit(ctx, sql, answer.accept ? programAccepted : programDeclined, payloadOf(before, reason))
  })
  return getMembership(ctx, id)
}

/** Marketing ends a membership before its period is over, or withdraws an open invitation. */
export async function endMembership(ctx: Ctx, id: string, reason: string): Promise<Membership> {
  assertCan(ctx.actor, 'programs:manage')
  const actor = ctx.actor
  await inTx(ctx, async (sql) => {
    const before = await loadMembership(ctx, sql, id)
    const next = before.status === 'invited' ? 'withdrawn' : before.status === 'active' ? 'ended' : null
    if (!next) throw new AppError('INVALID_TRANSITION', `The membership is ${before.status}; nothing to end`)
    await sql.query(
      `UPDATE marketing_memberships SET status = $2, ended_by = $3, ended_at = $4, end_reason = $5, version = version + 1 WHERE id = $1`,
      [id, next, actor.userId || null, ctx.now(), reason],
    )
    await audit(ctx, sql, {
      entity: 'program_membership',
      entityId: id,
      action: 'end',
      partnerId: before.partner_id,
      before: { status: before.status },
      after: { status: next, reason },
    })
    await emit(ctx, sql, programEnded, payloadOf(before, reason))
  })
  return getMembership(ctx, id)
}

/** The membership in force today (accepted, within its period), if any. */
export async function activeMembership(sql: Sql, partnerId: string, program: MarketingProgram, today: string): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(
    `SELECT id FROM marketing_memberships WHERE partner_id = $1 AND program = $2 AND status = 'active' AND $3::date BETWEEN starts_on AND ends_on`,
    [partnerId, program, today],
  )
  return row?.id ?? null
}

/**
 * A partner's standing in the marketing programs: which its tier offers, its current (or latest)
 * membership of each, and its partner page level — enhanced while it is a JAM member in its period,
 * basic when its tier includes a platform page, else none.
 */
export async function partnerMarketing(ctx: Ctx, partnerId: string): Promise<PartnerMarketing> {
  assertCan(ctx.actor, 'programs:read')
  const actor = ctx.actor
  await getPartner(ctx, partnerId) // 404 for another company's partner
  const [jam, jem, page] = await Promise.all([
    entitlement(ctx, partnerId, 'jamProgram'),
    entitlement(ctx, partnerId, 'jemProgram'),
    entitlement(ctx, partnerId, 'platformPartnerPage'),
  ])
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<Row>(
      `${SELECT} WHERE m.partner_id = $1 ORDER BY (m.status IN ('invited', 'active')) DESC, m.invited_at DESC, m.id`,
      [partnerId],
    )
    const latest = (program: MarketingProgram) => {
      const r = rows.find((x) => x.program === program)
      return r ? toMembership(r, today, isExternal(actor)) : null
    }
    const inJam = (await activeMembership(sql, partnerId, 'jam', today)) !== null
    return {
      partnerId,
      eligible: { jam: jam.granted, jem: jem.granted },
      jam: latest('jam'),
      jem: latest('jem'),
      pageLevel: inJam ? 'enhanced' : page.granted ? 'basic' : 'none',
    }
  })
}

type CampaignRow = {
  id: string
  membership_id: string
  kind: 'campaign' | 'joint_event'
  title: string
  starts_on: string | null
  ends_on: string | null
  mdf_reference: string | null
  created_at: Date
}
const toCampaign = (r: CampaignRow) => ({
  id: r.id,
  membershipId: r.membership_id,
  kind: r.kind,
  title: r.title,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  mdfReference: r.mdf_reference,
  createdAt: iso(r.created_at)!,
})
const CAMPAIGN = `SELECT id, membership_id, kind, title, starts_on::text, ends_on::text, mdf_reference, created_at FROM marketing_campaigns`

export async function listCampaigns(ctx: Ctx, membershipId: string) {
  assertCan(ctx.actor, 'programs:read')
  return inTx(ctx, async (sql) => {
    await loadMembership(ctx, sql, membershipId)
    const rows = await sql.query<CampaignRow>(`${CAMPAIGN} WHERE membership_id = $1 ORDER BY created_at, id`, [membershipId])
    return rows.map(toCampaign)
  })
}

/** Marketing records a campaign or joint event of an active membership, with the MDF request it draws on. */
export async function addCampaign(
  ctx: Ctx,
  membershipId: string,
  input: { kind: 'campaign' | 'joint_event'; title: string; startsOn?: string; endsOn?: string; mdfReference?: string },
) {
  assertCan(ctx.actor, 'programs:manage')
  const actor = ctx.actor
  const today = todayOf(ctx.now())
  return inTx(ctx, async (sql) => {
    const m = await loadMembership(ctx, sql, membershipId)
    if (toMembership(m, today, false).status !== 'active')
      throw new AppError('INVALID_TRANSITION', 'Campaigns belong to an active membership')
    const [row] = await sql.query<CampaignRow>(
      `INSERT INTO marketing_campaigns (membership_id, partner_id, kind, title, starts_on, ends_on, mdf_reference, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING id, membership_id, kind, title, starts_on::text, ends_on::text, mdf_reference, created_at`,
      [
        membershipId,
        m.partner_id,
        input.kind,
        input.title,
        input.startsOn ?? null,
        input.endsOn ?? null,
        input.mdfReference ?? null,
        actor.userId || null,
        ctx.now(),
      ],
    )
    await audit(ctx, sql, { entity: 'program_campaign', entityId: row!.id, action: 'create', partnerId: m.partner_id, after: input })
    return toCampaign(row!)
  })
}
