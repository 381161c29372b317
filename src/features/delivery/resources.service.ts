import { addMonths, formatISO } from 'date-fns'
import ical, { ICalCalendarMethod, ICalAttendeeRole, ICalAttendeeStatus } from 'ical-generator'
import { z } from 'zod'
import { assertCan, isExternal, type Actor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { oneRow } from '../../core/db-rows.ts'
import { AppError } from '../../core/errors.ts'
import { html } from '../../core/html.ts'
import { appUrl, mailLayout, queueRendered } from '../../core/mail.ts'
import type { Resource, ResourceInput, Screening, ScreeningInvite, ScreeningResponse, ScreeningResult } from './delivery.contract.ts'
import { deliverySettings, todayOf, whoOf } from './delivery.queries.ts'

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path, message }] })

type ScreeningRow = {
  id: string
  resource_id: string
  resource_name: string
  resource_email: string
  partner_id: string
  partner_name: string
  assessor: { id: string | null; name: string | null }
  assessor_id: string
  starts_at: Date
  time_zone: string
  duration_minutes: number
  meeting_url: string
  status: Screening['status']
  reschedule_note: string | null
  scores: Record<string, number> | null
  notes: string | null
  valid_until: string | null
  recorded_at: Date | null
}
const SELECT_SCREENINGS = `SELECT s.id, s.resource_id, r.name AS resource_name, r.email::text AS resource_email, s.partner_id, p.legal_name AS partner_name,
  ${whoOf('s.assessor_id')} AS assessor, s.assessor_id, s.starts_at, s.time_zone, s.duration_minutes, s.meeting_url, s.status, s.reschedule_note,
  s.scores, s.notes, s.valid_until::text, s.recorded_at
  FROM delivery_screenings s JOIN delivery_resources r ON r.id = s.resource_id JOIN partners p ON p.id = s.partner_id`

const toScreening = (r: ScreeningRow): Screening => ({
  id: r.id,
  resourceId: r.resource_id,
  resourceName: r.resource_name,
  partnerId: r.partner_id,
  partnerName: r.partner_name,
  assessor: r.assessor,
  startsAt: r.starts_at.toISOString(),
  timeZone: r.time_zone,
  durationMinutes: r.duration_minutes,
  meetingUrl: r.meeting_url,
  status: r.status,
  rescheduleNote: r.reschedule_note,
  scores: r.scores,
  notes: r.notes,
  validUntil: r.valid_until,
  recordedAt: r.recorded_at?.toISOString() ?? null,
})

type ResourceRow = {
  id: string
  partner_id: string
  partner_name: string
  name: string
  email: string
  country: string
  skills: string[]
  certifications: Resource['certifications']
  available_from: string | null
  hours_per_week: number | null
}
const SELECT_RESOURCES = `SELECT r.id, r.partner_id, p.legal_name AS partner_name, r.name, r.email::text AS email, r.country, r.skills, r.certifications,
  r.available_from::text, r.hours_per_week FROM delivery_resources r JOIN partners p ON p.id = r.partner_id`

/** Where a resource stands: the newest screening with an outcome decides, a pass only until it expires. */
export function screeningState(screenings: Screening[], today: string): Resource['screening'] {
  const pass = screenings.find((s) => s.status === 'passed')
  const open = screenings.find((s) => ['invited', 'accepted', 'reschedule_requested'].includes(s.status))
  if (pass?.validUntil && pass.validUntil >= today)
    return { state: 'valid', validUntil: pass.validUntil, message: `Screening passed; valid until ${pass.validUntil}` }
  if (open)
    return { state: 'scheduled', validUntil: null, message: `Screening ${open.status.replace('_', ' ')} for ${open.startsAt.slice(0, 10)}` }
  if (pass?.validUntil)
    return { state: 'expired', validUntil: pass.validUntil, message: `The screening pass expired on ${pass.validUntil}` }
  const last = screenings.find((s) => s.status === 'failed' || s.status === 'no_show')
  if (last?.status === 'failed') return { state: 'failed', validUntil: null, message: 'The last screening was not passed' }
  if (last?.status === 'no_show') return { state: 'no_show', validUntil: null, message: 'The resource did not attend the screening' }
  return { state: 'not_screened', validUntil: null, message: 'Not screened yet' }
}

async function screeningsOf(sql: Sql, resourceIds: string[]): Promise<Map<string, Screening[]>> {
  const rows = await sql.query<ScreeningRow>(
    `${SELECT_SCREENINGS} WHERE s.resource_id = ANY($1::uuid[]) ORDER BY s.created_at DESC, s.id`,
    [resourceIds],
  )
  const by = new Map<string, Screening[]>()
  for (const r of rows) by.set(r.resource_id, [...(by.get(r.resource_id) ?? []), toScreening(r)])
  return by
}

async function toResources(sql: Sql, rows: ResourceRow[], today: string): Promise<Resource[]> {
  const screenings = await screeningsOf(
    sql,
    rows.map((r) => r.id),
  )
  return rows.map((r) => {
    const list = screenings.get(r.id) ?? []
    return {
      id: r.id,
      partnerId: r.partner_id,
      partnerName: r.partner_name,
      name: r.name,
      email: r.email,
      country: r.country,
      skills: r.skills,
      certifications: r.certifications,
      availableFrom: r.available_from,
      hoursPerWeek: r.hours_per_week,
      screening: screeningState(list, today),
      screenings: list,
    }
  })
}

/**
 * Which resources an actor sees: a partner's users their own company's (row-level security says the same);
 * partner operations and administrators all; a Solutions assessor those waiting for a first screening and
 * those they screen.
 */
function visibility(actor: Actor): { clause: string; params: unknown[] } {
  if (actor.role === 'solutions')
    return {
      clause: `(NOT EXISTS (SELECT 1 FROM delivery_screenings x WHERE x.resource_id = r.id)
        OR EXISTS (SELECT 1 FROM delivery_screenings x WHERE x.resource_id = r.id AND x.assessor_id = $1))`,
      params: [actor.userId],
    }
  if (isExternal(actor)) return { clause: 'r.partner_id = $1', params: [actor.partnerId] }
  return { clause: '$1::uuid IS NULL', params: [null] }
}

export async function listResources(ctx: Ctx, q: { partnerId?: string } = {}): Promise<Resource[]> {
  assertCan(ctx.actor, 'delivery:read')
  const v = visibility(ctx.actor)
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<ResourceRow>(
      `${SELECT_RESOURCES} WHERE ${v.clause} AND ($2::uuid IS NULL OR r.partner_id = $2) ORDER BY p.legal_name, r.name, r.id`,
      [...v.params, q.partnerId ?? null],
    )
    return toResources(sql, rows, todayOf(ctx.now()))
  })
}

export async function findResource(ctx: Ctx, sql: Sql, id: string, lock = false): Promise<Resource> {
  const v = visibility(ctx.actor!)
  const rows = await sql.query<ResourceRow>(`${SELECT_RESOURCES} WHERE r.id = $2 AND ${v.clause}${lock ? ' FOR UPDATE OF r' : ''}`, [
    ...v.params,
    id,
  ])
  const [resource] = await toResources(sql, [oneRow(rows, 'Resource', 'RESOURCE_NOT_FOUND')], todayOf(ctx.now()))
  return resource!
}

export async function getResource(ctx: Ctx, id: string): Promise<Resource> {
  assertCan(ctx.actor, 'delivery:read')
  return inTx(ctx, (sql) => findResource(ctx, sql, id))
}

async function checkSkills(sql: Sql, skills: string[]) {
  const known = new Set((await sql.query<{ key: string }>('SELECT key FROM delivery_skills')).map((r) => r.key))
  const unknown = skills.filter((s) => !known.has(s))
  if (unknown.length) throw invalid('skills', `Not on the skills list: ${unknown.join(', ')}`)
}

export async function listSkills(ctx: Ctx): Promise<{ key: string; name: string }[]> {
  assertCan(ctx.actor, 'delivery:read')
  return inTx(ctx, (sql) => sql.query<{ key: string; name: string }>('SELECT key, name FROM delivery_skills ORDER BY name'))
}

/** A partner admin adds its own company's people; partner operations may add them for a partner. */
export async function createResource(ctx: Ctx, input: ResourceInput): Promise<Resource> {
  assertCan(ctx.actor, 'resources:manage')
  const actor = ctx.actor
  // A partner admin adds its own company's people only; another company's id does not exist for it.
  if (isExternal(actor) && input.partnerId && input.partnerId !== actor.partnerId)
    throw new AppError('PARTNER_NOT_FOUND', 'Partner not found')
  const partnerId = isExternal(actor) ? actor.partnerId! : input.partnerId
  if (!partnerId) throw invalid('partnerId', 'Required: the partner company the resource works for')
  return inTx(ctx, async (sql) => {
    if (!(await sql.query('SELECT 1 FROM partners WHERE id = $1', [partnerId])).length) throw invalid('partnerId', 'No such partner')
    const skills = [...new Set(input.skills)]
    await checkSkills(sql, skills)
    const taken = await sql.query('SELECT 1 FROM delivery_resources WHERE partner_id = $1 AND email = $2', [partnerId, input.email])
    if (taken.length)
      throw new AppError('CONFLICT', 'A resource with this email exists', { errors: [{ path: 'email', message: 'Already listed' }] })
    const { id } = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO delivery_resources (partner_id, name, email, country, skills, certifications, available_from, hours_per_week, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
        [
          partnerId,
          input.name,
          input.email,
          input.country,
          skills,
          JSON.stringify(input.certifications),
          input.availableFrom ?? null,
          input.hoursPerWeek ?? null,
          actor.userId || null,
          ctx.now(),
        ],
      ),
      'Resource',
    )
    const resource = await findResource(ctx, sql, id)
    await audit(ctx, sql, { entity: 'delivery_resource', entityId: id, action: 'create', partnerId, after: input })
    return resource
  })
}

export async function updateResource(ctx: Ctx, id: string, input: ResourceInput): Promise<Resource> {
  assertCan(ctx.actor, 'resources:manage')
  return inTx(ctx, async (sql) => {
    const before = await findResource(ctx, sql, id, true)
    const skills = [...new Set(input.skills)]
    await checkSkills(sql, skills)
    await sql.query(
      `UPDATE delivery_resources SET name = $2, email = $3, country = $4, skills = $5, certifications = $6, available_from = $7,
         hours_per_week = $8, updated_at = $9 WHERE id = $1`,
      [
        id,
        input.name,
        input.email,
        input.country,
        skills,
        JSON.stringify(input.certifications),
        input.availableFrom ?? null,
        input.hoursPerWeek ?? null,
        ctx.now(),
      ],
    )
    await audit(ctx, sql, {
      entity: 'delivery_resource',
      entityId: id,
      action: 'update',
      partnerId: before.partnerId,
      before,
      after: input,
    })
    return findResource(ctx, sql, id)
  })
}

/**
 * The gate every assignment and every SOW naming people goes through: each resource must have a valid
 * screening pass today. The refusal names each resource and why.
 */
export async function assertScreened(ctx: Ctx, sql: Sql, resourceIds: string[], partnerId: string, path = 'resourceId'): Promise<void> {
  const ids = [...new Set(resourceIds)]
  if (!ids.length) return
  const rows = await sql.query<ResourceRow>(`${SELECT_RESOURCES} WHERE r.id = ANY($1::uuid[]) AND r.partner_id = $2`, [ids, partnerId])
  const missing = ids.filter((id) => !rows.some((r) => r.id === id))
  if (missing.length) throw invalid(path, `Not a resource of this partner: ${missing.join(', ')}`)
  const resources = await toResources(sql, rows, todayOf(ctx.now()))
  const refused = resources.filter((r) => r.screening.state !== 'valid')
  if (refused.length)
    throw new AppError('RESOURCE_NOT_SCREENED', refused.map((r) => `${r.name}: ${r.screening.message}`).join('; '), {
      errors: refused.map((r) => ({ path, message: `${r.name} has no valid screening pass (${r.screening.message.toLowerCase()})` })),
    })
}

// Screenings ---------------------------------------------------------------------------------------------

async function findScreening(ctx: Ctx, sql: Sql, id: string, lock = false): Promise<ScreeningRow> {
  const actor = ctx.actor!
  const rows = await sql.query<ScreeningRow>(`${SELECT_SCREENINGS} WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`, [id])
  const row = oneRow(rows, 'Screening', 'SCREENING_NOT_FOUND')
  if (actor.role === 'solutions' && row.assessor_id !== actor.userId) throw new AppError('SCREENING_NOT_FOUND', 'Screening not found')
  return row
}

/** The calendar invitation: an iCalendar REQUEST built by ical-generator, in the meeting's own time zone. */
export function screeningInvitation(s: {
  id: string
  startsAt: Date
  durationMinutes: number
  timeZone: string
  meetingUrl: string
  resourceName: string
  resourceEmail: string
  assessorName: string
  assessorEmail: string
  sequence: number
}): string {
  const cal = ical({ name: 'Alliance technical screening', method: ICalCalendarMethod.REQUEST, prodId: '//Alliance//Delivery//EN' })
  cal.createEvent({
    id: `screening-${s.id}@alliance`,
    sequence: s.sequence,
    // In UTC: exact whatever the reader's calendar (no VTIMEZONE needed); the meeting's own zone is in the text.
    start: s.startsAt,
    end: new Date(s.startsAt.getTime() + s.durationMinutes * 60_000),
    summary: `Technical screening: ${s.resourceName}`,
    description: `Technical screening by video meeting, ${localTime(s.startsAt, s.timeZone)} (${s.timeZone}). Join: ${s.meetingUrl}`,
    location: s.meetingUrl,
    url: s.meetingUrl,
    organizer: { name: s.assessorName, email: s.assessorEmail },
    attendees: [
      { name: s.resourceName, email: s.resourceEmail, rsvp: true, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION },
    ],
  })
  return cal.toString()
}

const localTime = (d: Date, tz: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(d)

async function mailInvitation(ctx: Ctx, sql: Sql, row: ScreeningRow, sequence: number) {
  const [assessor] = await sql.query<{ name: string; email: string }>('SELECT name, email::text AS email FROM users WHERE id = $1', [
    row.assessor_id,
  ])
  const admins = await sql.query<{ email: string }>(
    `SELECT email::text AS email FROM users WHERE partner_id = $1 AND role = 'partner_admin' AND status = 'active'`,
    [row.partner_id],
  )
  const when = localTime(row.starts_at, row.time_zone)
  const url = appUrl(ctx, `/delivery/resources/${row.resource_id}`)
  const ics = screeningInvitation({
    id: row.id,
    startsAt: row.starts_at,
    durationMinutes: row.duration_minutes,
    timeZone: row.time_zone,
    meetingUrl: row.meeting_url,
    resourceName: row.resource_name,
    resourceEmail: row.resource_email,
    assessorName: assessor?.name ?? 'Solutions assessor',
    assessorEmail: assessor?.email ?? ctx.config.mailFrom,
    sequence,
  })
  await queueRendered(
    sql,
    'screeningInvitation',
    {
      subject: `Technical screening for ${row.resource_name}: ${when}`,
      text:
        `${row.resource_name} is invited to a technical screening by video meeting on ${when} (${row.time_zone}), ` +
        `${row.duration_minutes} minutes.\nJoin: ${row.meeting_url}\nAccept or ask for another slot in Alliance: ${url}\n`,
      html: mailLayout(
        'Technical screening',
        html`<p>
            ${row.resource_name} is invited to a technical screening by video meeting on <b>${when}</b> (${row.time_zone}),
            ${String(row.duration_minutes)} minutes.
          </p>
          <p><a href="${row.meeting_url}">Join the meeting</a></p>
          <p><a href="${url}">Accept or ask for another slot in Alliance</a></p>`,
      ),
    },
    { to: [row.resource_email, ...admins.map((a) => a.email)], partnerId: row.partner_id, calendar: ics },
  )
}

/** A Solutions assessor invites a resource to a screening; the resource and its partner admins get the calendar invitation. */
export async function inviteScreening(ctx: Ctx, resourceId: string, input: z.infer<typeof ScreeningInvite>): Promise<Screening> {
  assertCan(ctx.actor, 'screenings:assess')
  const actor = ctx.actor
  const startsAt = new Date(input.startsAt)
  if (startsAt <= ctx.now()) throw invalid('startsAt', 'The screening must be in the future')
  return inTx(ctx, async (sql) => {
    const resource = await findResource(ctx, sql, resourceId, true)
    if (resource.screening.state === 'scheduled')
      throw new AppError('CONFLICT', `${resource.name} has a screening scheduled already`, {
        errors: [{ path: 'resourceId', message: resource.screening.message }],
      })
    const { id } = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO delivery_screenings (resource_id, partner_id, assessor_id, starts_at, time_zone, duration_minutes, meeting_url, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [resourceId, resource.partnerId, actor.userId, startsAt, input.timeZone, input.durationMinutes, input.meetingUrl, ctx.now()],
      ),
      'Screening',
    )
    const row = await findScreening(ctx, sql, id)
    await mailInvitation(ctx, sql, row, 0)
    await audit(ctx, sql, { entity: 'delivery_screening', entityId: id, action: 'invite', partnerId: resource.partnerId, after: input })
    return toScreening(row)
  })
}

/** The assessor moves a screening to a new slot (after the partner asked for another); a new invitation goes out. */
export async function rescheduleScreening(ctx: Ctx, id: string, input: z.infer<typeof ScreeningInvite>): Promise<Screening> {
  assertCan(ctx.actor, 'screenings:assess')
  const startsAt = new Date(input.startsAt)
  if (startsAt <= ctx.now()) throw invalid('startsAt', 'The screening must be in the future')
  return inTx(ctx, async (sql) => {
    const before = await findScreening(ctx, sql, id, true)
    if (!['invited', 'accepted', 'reschedule_requested'].includes(before.status))
      throw new AppError('INVALID_TRANSITION', `A screening that is ${before.status.replace('_', ' ')} cannot move`)
    await sql.query(
      `UPDATE delivery_screenings SET starts_at = $2, time_zone = $3, duration_minutes = $4, meeting_url = $5, status = 'invited', reschedule_note = NULL
       WHERE id = $1`,
      [id, startsAt, input.timeZone, input.durationMinutes, input.meetingUrl],
    )
    const row = await findScreening(ctx, sql, id)
    await mailInvitation(ctx, sql, row, 1)
    await audit(ctx, sql, { entity: 'delivery_screening', entityId: id, action: 'reschedule', partnerId: row.partner_id, after: input })
    return toScreening(row)
  })
}

/** The partner admin answers for its resource: accept the slot, or ask for another one with a note. */
export async function respondScreening(ctx: Ctx, id: string, input: z.infer<typeof ScreeningResponse>): Promise<Screening> {
  assertCan(ctx.actor, 'screenings:respond')
  return inTx(ctx, async (sql) => {
    const before = await findScreening(ctx, sql, id, true)
    if (before.partner_id !== ctx.actor!.partnerId) throw new AppError('SCREENING_NOT_FOUND', 'Screening not found')
    if (before.status !== 'invited' && before.status !== 'reschedule_requested')
      throw new AppError('INVALID_TRANSITION', `A screening that is ${before.status.replace('_', ' ')} takes no answer`)
    const status = input.answer === 'accept' ? 'accepted' : 'reschedule_requested'
    await sql.query('UPDATE delivery_screenings SET status = $2, reschedule_note = $3 WHERE id = $1', [
      id,
      status,
      input.answer === 'another_slot' ? input.note : null,
    ])
    await audit(ctx, sql, { entity: 'delivery_screening', entityId: id, action: input.answer, partnerId: before.partner_id, after: input })
    return toScreening(await findScreening(ctx, sql, id))
  })
}

/** The assessor records attendance and the result: pass or fail with a score per skill and notes, or a no-show. */
export async function recordScreening(ctx: Ctx, id: string, input: z.infer<typeof ScreeningResult>): Promise<Screening> {
  assertCan(ctx.actor, 'screenings:assess')
  return inTx(ctx, async (sql) => {
    const before = await findScreening(ctx, sql, id, true)
    if (!['invited', 'accepted', 'reschedule_requested'].includes(before.status))
      throw new AppError('INVALID_TRANSITION', `The result of this screening is recorded already (${before.status.replace('_', ' ')})`)
    if (before.starts_at > ctx.now()) throw invalid('outcome', 'The screening has not started yet')
    let validUntil: string | null = null
    if (input.outcome === 'passed') {
      const { screening_validity_months } = await deliverySettings(sql)
      validUntil = formatISO(addMonths(ctx.now(), screening_validity_months), { representation: 'date' })
    }
    if (input.outcome !== 'no_show') {
      const [res] = await sql.query<{ skills: string[] }>('SELECT skills FROM delivery_resources WHERE id = $1', [before.resource_id])
      const unknown = Object.keys(input.scores).filter((k) => !res?.skills.includes(k))
      if (unknown.length) throw invalid('scores', `Not a skill of the resource: ${unknown.join(', ')}`)
    }
    await sql.query(
      'UPDATE delivery_screenings SET status = $2, scores = $3, notes = $4, valid_until = $5, recorded_at = $6 WHERE id = $1',
      [id, input.outcome, input.outcome === 'no_show' ? null : JSON.stringify(input.scores), input.notes ?? null, validUntil, ctx.now()],
    )
    await audit(ctx, sql, { entity: 'delivery_screening', entityId: id, action: 'record', partnerId: before.partner_id, after: input })
    return toScreening(await findScreening(ctx, sql, id))
  })
}

/** Screenings of the calendar: an assessor's own, partner operations all, a partner its own company's; from `from` on. */
export async function listScreenings(ctx: Ctx, q: { from?: string; due?: boolean } = {}): Promise<Screening[]> {
  assertCan(ctx.actor, 'delivery:read')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<ScreeningRow>(
      `${SELECT_SCREENINGS} WHERE ($1::uuid IS NULL OR s.assessor_id = $1) AND ($2::uuid IS NULL OR s.partner_id = $2)
         AND ($3::timestamptz IS NULL OR s.starts_at >= $3)
         AND ($4::boolean IS NOT TRUE OR s.status IN ('invited', 'accepted', 'reschedule_requested'))
       ORDER BY s.starts_at, s.id LIMIT 500`,
      [actor.role === 'solutions' ? actor.userId : null, actor.partnerId, q.from ?? null, q.due ?? false],
    )
    return rows.map(toScreening)
  })
}
