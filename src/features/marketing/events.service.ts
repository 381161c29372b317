import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone.js'
import utc from 'dayjs/plugin/utc.js'
import { assertCan, isExternal, type Actor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { appUrl, queueRendered, type RenderedMail } from '../../core/mail.ts'
import { parseSheet } from '../../core/sheet-reader.ts'
import type { SheetFormat } from '../../core/sheets.ts'
import { eventCalendar } from './events.calendar.ts'
import type { CommunityEvent, EventInput, EventPatch } from './events.contract.ts'
import { eventMails, type EventMailFacts } from './events.mail.ts'

dayjs.extend(utc)
dayjs.extend(timezone)

/** Wall-clock time in a zone → the instant; and back. */
export const fromLocal = (local: string, zone: string): Date => dayjs.tz(local, 'YYYY-MM-DDTHH:mm', zone).toDate()
export const toLocal = (at: Date, zone: string): string => dayjs(at).tz(zone).format('YYYY-MM-DDTHH:mm')
const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null)

type EventRow = {
  id: string
  kind: 'ad_hoc' | 'program'
  title: string
  description: string
  format: 'virtual' | 'on_site'
  location: string | null
  starts_at: Date
  ends_at: Date
  time_zone: string
  capacity: number
  registered_count: number
  audience_tiers: string[]
  audience_types: string[]
  audience_countries: string[]
  audience_partner_ids: string[]
  membership_id: string | null
  mdf_reference: string | null
  status: 'published' | 'cancelled'
  sequence: number
  version: number
}
type SessionRow = {
  id: string
  event_id: string
  kind: 'presentation' | 'qa' | 'panel' | 'break'
  title: string
  starts_at: Date | null
  ends_at: Date | null
  speakers: { name: string; title?: string; company?: string }[]
}
type MyRow = { id: string; status: 'registered' | 'waitlisted' | 'cancelled'; attended: boolean; waitlist_position: number }

const EVENT_COLUMNS = `e.id, e.kind, e.title, e.description, e.format, e.location, e.starts_at, e.ends_at, e.time_zone, e.capacity,
  e.registered_count, e.audience_tiers, e.audience_types, e.audience_countries, e.audience_partner_ids::text[] AS audience_partner_ids,
  e.membership_id, e.mdf_reference, e.status, e.sequence, e.version`

/**
 * The events the actor may see: staff see every event; a partner's users those whose audience includes
 * their company (the database's rule, community_event_in_audience).
 */
function visibleEvents(actor: Actor): { from: string; where: string; params: unknown[] } {
  if (!isExternal(actor)) return { from: 'community_events e', where: 'true', params: [] }
  return {
    from: 'community_events e JOIN partners p ON p.id = $1',
    where: 'community_event_in_audience(e, p)',
    params: [actor.partnerId],
  }
}

async function loadEvent(ctx: Ctx, sql: Sql, id: string): Promise<EventRow> {
  const actor = ctx.actor!
  const v = visibleEvents(actor)
  const n = v.params.length + 1
  const [row] = await sql.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ${v.from} WHERE ${v.where} AND e.id = $${n}`, [...v.params, id])
  // An event outside a partner's audience does not exist for it.
  if (!row) throw new AppError('NOT_FOUND', 'Event not found')
  return row
}

async function describeEvents(ctx: Ctx, sql: Sql, rows: EventRow[]): Promise<CommunityEvent[]> {
  const actor = ctx.actor!
  const ids = rows.map((r) => r.id)
  const sessions = await sql.query<SessionRow>(
    `SELECT id, event_id, kind, title, starts_at, ends_at, speakers FROM community_event_sessions WHERE event_id = ANY($1::uuid[]) ORDER BY event_id, position`,
    [ids],
  )
  const mine = new Map<string, MyRow>()
  if (isExternal(actor)) {
    const regs = await sql.query<MyRow & { event_id: string }>(
      `SELECT DISTINCT ON (event_id) event_id, id, status, attended, coalesce(community_event_waitlist_position(id), 0) AS waitlist_position
       FROM community_event_registrations WHERE user_id = $1 AND event_id = ANY($2::uuid[]) ORDER BY event_id, (status <> 'cancelled') DESC, position DESC`,
      [actor.userId, ids],
    )
    for (const r of regs) mine.set(r.event_id, r)
  }
  return rows.map((r) => {
    const my = mine.get(r.id)
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      description: r.description,
      format: r.format,
      location: r.location,
      startsAt: iso(r.starts_at)!,
      endsAt: iso(r.ends_at)!,
      timeZone: r.time_zone,
      localStart: toLocal(r.starts_at, r.time_zone),
      localEnd: toLocal(r.ends_at, r.time_zone),
      capacity: r.capacity,
      registeredCount: r.registered_count,
      seatsLeft: r.capacity - r.registered_count,
      status: r.status,
      sessions: sessions
        .filter((s) => s.event_id === r.id)
        .map((s) => ({ id: s.id, kind: s.kind, title: s.title, startsAt: iso(s.starts_at), endsAt: iso(s.ends_at), speakers: s.speakers })),
      // Which partners were invited, and by which lists, is the program's business, not a partner's.
      audience: isExternal(actor)
        ? null
        : {
            tiers: r.audience_tiers as never,
            partnerTypes: r.audience_types as never,
            countries: r.audience_countries,
            partnerIds: r.audience_partner_ids,
          },
      membershipId: isExternal(actor) ? null : r.membership_id,
      mdfReference: isExternal(actor) ? null : r.mdf_reference,
      myRegistration: my
        ? {
            id: my.id,
            status: my.status,
            attended: my.attended,
            waitlistPosition: my.status === 'waitlisted' ? my.waitlist_position : null,
          }
        : null,
      version: r.version,
    }
  })
}

export async function listEvents(ctx: Ctx, q: { from?: string; to?: string }): Promise<CommunityEvent[]> {
  assertCan(ctx.actor, 'events:read')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const v = visibleEvents(actor)
    const n = v.params.length
    const rows = await sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${v.from} WHERE ${v.where} AND ($${n + 1}::timestamptz IS NULL OR e.ends_at >= $${n + 1})
       AND ($${n + 2}::timestamptz IS NULL OR e.starts_at < $${n + 2}) ORDER BY e.starts_at, e.id LIMIT 500`,
      [...v.params, q.from ?? null, q.to ?? null],
    )
    return describeEvents(ctx, sql, rows)
  })
}

export async function getEvent(ctx: Ctx, id: string): Promise<CommunityEvent> {
  assertCan(ctx.actor, 'events:read')
  return inTx(ctx, async (sql) => (await describeEvents(ctx, sql, [await loadEvent(ctx, sql, id)]))[0]!)
}

const fieldError = (path: string, message: string, code: 'VALIDATION_FAILED' | 'CONFLICT' | 'INVALID_TRANSITION' = 'VALIDATION_FAILED') =>
  new AppError(code, code === 'VALIDATION_FAILED' ? 'Validation failed' : message, { errors: [{ path, message }] })

async function writeSessions(sql: Sql, eventId: string, zone: string, sessions: EventInput['sessions']) {
  await sql.query('DELETE FROM community_event_sessions WHERE event_id = $1', [eventId])
  for (const [i, s] of sessions.entries())
    await sql.query(
      `INSERT INTO community_event_sessions (event_id, position, kind, title, starts_at, ends_at, speakers) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        eventId,
        i + 1,
        s.kind,
        s.title,
        s.startsAt ? fromLocal(s.startsAt, zone) : null,
        s.endsAt ? fromLocal(s.endsAt, zone) : null,
        JSON.stringify(s.speakers),
      ],
    )
}

async function checkMembership(sql: Sql, membershipId: string | undefined) {
  if (!membershipId) return
  const [m] = await sql.query<{ status: string }>('SELECT status FROM marketing_memberships WHERE id = $1', [membershipId])
  if (!m) throw fieldError('membershipId', 'No such program membership')
  if (m.status !== 'active') throw fieldError('membershipId', 'The membership is not active')
}

/** Marketing creates an event: ad hoc for any audience, or a program event such as the symposium. */
export async function createEvent(ctx: Ctx, input: EventInput): Promise<CommunityEvent> {
  assertCan(ctx.actor, 'events:manage')
  const actor = ctx.actor
  const startsAt = fromLocal(input.startsAt, input.timeZone)
  const endsAt = fromLocal(input.endsAt, input.timeZone)
  if (endsAt <= startsAt) throw fieldError('endsAt', 'Ends before it starts')
  const id = await inTx(ctx, async (sql) => {
    await checkMembership(sql, input.membershipId)
    const a = input.audience
    if (a.partnerIds.length) {
      const found = await sql.query<{ id: string }>('SELECT id FROM partners WHERE id = ANY($1::uuid[])', [a.partnerIds])
      const missing = a.partnerIds.findIndex((p) => !found.some((f) => f.id === p))
      if (missing >= 0) throw fieldError(`audience.partnerIds.${missing}`, 'No such partner')
    }
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO community_events (kind, title, description, format, location, starts_at, ends_at, time_zone, capacity, audience_tiers,
         audience_types, audience_countries, audience_partner_ids, membership_id, mdf_reference, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id`,
      [
        input.kind,
        input.title,
        input.description,
        input.format,
        input.location || null,
        startsAt,
        endsAt,
        input.timeZone,
        input.capacity,
        a.tiers,
        a.partnerTypes,
        a.countries,
        a.partnerIds,
        input.membershipId ?? null,
        input.mdfReference ?? null,
        actor.userId || null,
        ctx.now(),
      ],
    )
    await writeSessions(sql, row!.id, input.timeZone, input.sessions)
    await audit(ctx, sql, { entity: 'community_event', entityId: row!.id, action: 'create', after: input })
    return row!.id
  })
  return getEvent(ctx, id)
}

const organizerOf = (ctx: Ctx) => {
  const m = /^(.*?)\s*<([^>]+)>$/.exec(ctx.config.mailFrom)
  return m ? { name: m[1] || 'Alliance', email: m[2]! } : { name: 'Alliance', email: ctx.config.mailFrom }
}
const factsOf = (r: EventRow): EventMailFacts => ({
  id: r.id,
  title: r.title,
  localStart: toLocal(r.starts_at, r.time_zone),
  localEnd: toLocal(r.ends_at, r.time_zone),
  timeZone: r.time_zone,
  location: r.location,
})

/** One message to one attendee, with the event's iCalendar object when it invites, updates or cancels. */
async function mailAttendee(
  ctx: Ctx,
  sql: Sql,
  r: EventRow,
  to: { email: string; name: string; partnerId: string | null },
  template: string,
  mail: RenderedMail,
  calendar: 'request' | 'cancel' | null,
) {
  const cal = calendar
    ? eventCalendar(
        {
          id: r.id,
          title: r.title,
          description: r.description,
          location: r.location,
          startsAt: new Date(r.starts_at),
          endsAt: new Date(r.ends_at),
          timeZone: r.time_zone,
          sequence: r.sequence,
          url: appUrl(ctx, `/events/${r.id}`),
        },
        to,
        organizerOf(ctx),
        calendar,
      )
    : null
  await queueRendered(sql, template, mail, { to: [to.email], partnerId: to.partnerId, calendar: cal })
}

/** Promotes the waitlist in order while seats are free and tells each promoted person, with the invitation. */
async function promote(ctx: Ctx, sql: Sql, r: EventRow): Promise<number> {
  const promoted = await sql.query<{ registration_id: string; email: string; name: string; partner_id: string }>(
    'SELECT * FROM community_event_promote($1, $2)',
    [r.id, ctx.now()],
  )
  for (const p of promoted) {
    await mailAttendee(
      ctx,
      sql,
      r,
      { email: p.email, name: p.name, partnerId: p.partner_id },
      'event-promoted',
      eventMails.promoted(ctx, factsOf(r), p.name),
      'request',
    )
    await audit(ctx, sql, { entity: 'event_registration', entityId: p.registration_id, action: 'promote', partnerId: p.partner_id })
  }
  return promoted.length
}

/**
 * Marketing edits an event. A new time (or place) raises the iCalendar sequence and sends everyone
 * registered an update that replaces the invitation in their calendar; cancelling sends a cancellation.
 * More seats promote the waitlist; fewer than are taken is refused.
 */
export async function updateEvent(ctx: Ctx, id: string, patch: EventPatch): Promise<CommunityEvent> {
  assertCan(ctx.actor, 'events:manage')
  await inTx(ctx, async (sql) => {
    await sql.query('SELECT * FROM community_event_lock($1)', [id])
    const before = await loadEvent(ctx, sql, id)
    const zone = patch.timeZone ?? before.time_zone
    const startsAt = patch.startsAt
      ? fromLocal(patch.startsAt, zone)
      : patch.timeZone
        ? fromLocal(toLocal(before.starts_at, before.time_zone), zone)
        : new Date(before.starts_at)
    const endsAt = patch.endsAt
      ? fromLocal(patch.endsAt, zone)
      : patch.timeZone
        ? fromLocal(toLocal(before.ends_at, before.time_zone), zone)
        : new Date(before.ends_at)
    if (endsAt <= startsAt) throw fieldError('endsAt', 'Ends before it starts')
    const capacity = patch.capacity ?? before.capacity
    if (capacity < before.registered_count)
      throw fieldError('capacity', `${before.registered_count} seats are taken; the capacity cannot be lower`, 'CONFLICT')
    if (before.status === 'cancelled' && patch.status !== 'published' && Object.keys(patch).length)
      throw new AppError('INVALID_TRANSITION', 'The event is cancelled')
    const location = patch.location === undefined ? before.location : patch.location || null
    const moved =
      startsAt.getTime() !== new Date(before.starts_at).getTime() ||
      endsAt.getTime() !== new Date(before.ends_at).getTime() ||
      location !== before.location
    const cancelled = patch.status === 'cancelled' && before.status !== 'cancelled'
    const a = patch.audience
    await sql.query(
      `UPDATE community_events SET title = $2, description = $3, format = $4, location = $5, starts_at = $6, ends_at = $7, time_zone = $8,
         capacity = $9, audience_tiers = $10, audience_types = $11, audience_countries = $12, audience_partner_ids = $13, status = $14,
         sequence = sequence + $15, updated_at = $16, version = version + 1 WHERE id = $1`,
      [
        id,
        patch.title ?? before.title,
        patch.description ?? before.description,
        patch.format ?? before.format,
        location,
        startsAt,
        endsAt,
        zone,
        capacity,
        a ? a.tiers : before.audience_tiers,
        a ? a.partnerTypes : before.audience_types,
        a ? a.countries : before.audience_countries,
        a ? a.partnerIds : before.audience_partner_ids,
        patch.status ?? before.status,
        moved || cancelled ? 1 : 0,
        ctx.now(),
      ],
    )
    if (patch.sessions) await writeSessions(sql, id, zone, patch.sessions)
    const after = await loadEvent(ctx, sql, id)
    if (moved || cancelled) {
      const people = await sql.query<{ partner_id: string; email: string; name: string }>('SELECT * FROM community_event_registrants($1)', [
        id,
      ])
      for (const p of people) {
        const to = { email: p.email, name: p.name, partnerId: p.partner_id }
        if (cancelled)
          await mailAttendee(ctx, sql, after, to, 'event-cancelled', eventMails.cancelled(ctx, factsOf(after), p.name, false), 'cancel')
        else await mailAttendee(ctx, sql, after, to, 'event-updated', eventMails.updated(ctx, factsOf(after), p.name), 'request')
      }
    }
    if (capacity > before.registered_count && after.status === 'published') await promote(ctx, sql, after)
    await audit(ctx, sql, {
      entity: 'community_event',
      entityId: id,
      action: 'update',
      before: { ...before, registered_count: undefined },
      after: patch,
    })
  })
  return getEvent(ctx, id)
}

/**
 * A partner user registers for an event in its company's audience: a seat while there is one, else a
 * place on the waitlist. The event row is locked for the decision and the database refuses any seat past
 * the capacity, so concurrent registrations never overfill it.
 */
export async function register(ctx: Ctx, id: string): Promise<CommunityEvent> {
  assertCan(ctx.actor, 'events:register')
  const actor = ctx.actor
  if (!actor.partnerId) throw new AppError('FORBIDDEN', 'Partner users register for events')
  await inTx(ctx, async (sql) => {
    const e = await loadEvent(ctx, sql, id)
    if (e.status !== 'published') throw new AppError('INVALID_TRANSITION', 'The event is cancelled')
    if (new Date(e.starts_at) <= ctx.now()) throw new AppError('INVALID_TRANSITION', 'The event has started; registration is closed')
    const [seats] = await sql.query<{ capacity: number; registered_count: number }>('SELECT * FROM community_event_lock($1)', [id])
    const existing = await sql.query('SELECT 1 FROM community_event_registrations WHERE event_id = $1 AND user_id = $2 AND status <> $3', [
      id,
      actor.userId,
      'cancelled',
    ])
    if (existing.length) throw new AppError('CONFLICT', 'You are already registered (or on the waitlist)')
    const status = seats!.registered_count < seats!.capacity ? 'registered' : 'waitlisted'
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO community_event_registrations (event_id, user_id, partner_id, status, registered_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [id, actor.userId, actor.partnerId, status, ctx.now()],
    )
    const to = { email: actor.email, name: actor.name, partnerId: actor.partnerId }
    if (status === 'registered')
      await mailAttendee(ctx, sql, e, to, 'event-registered', eventMails.confirmed(ctx, factsOf(e), actor.name), 'request')
    else {
      const [p] = await sql.query<{ n: number }>('SELECT community_event_waitlist_position($1) AS n', [row!.id])
      await mailAttendee(ctx, sql, e, to, 'event-waitlisted', eventMails.waitlisted(ctx, factsOf(e), actor.name, p!.n), null)
    }
    await audit(ctx, sql, {
      entity: 'event_registration',
      entityId: row!.id,
      action: status,
      partnerId: actor.partnerId,
      after: { eventId: id },
    })
  })
  return getEvent(ctx, id)
}

/** A partner user cancels its own registration (or waitlist place); a freed seat goes to the waitlist in order. */
export async function cancelRegistration(ctx: Ctx, id: string): Promise<CommunityEvent> {
  assertCan(ctx.actor, 'events:register')
  const actor = ctx.actor
  await inTx(ctx, async (sql) => {
    const e = await loadEvent(ctx, sql, id)
    await sql.query('SELECT * FROM community_event_lock($1)', [id])
    const [reg] = await sql.query<{ id: string; status: string }>(
      `UPDATE community_event_registrations r SET status = 'cancelled', cancelled_at = $3 FROM community_event_registrations old
       WHERE r.id = old.id AND r.event_id = $1 AND r.user_id = $2 AND r.status <> 'cancelled' RETURNING r.id, old.status`,
      [id, actor.userId, ctx.now()],
    )
    if (!reg) throw new AppError('NOT_FOUND', 'You are not registered for this event')
    await audit(ctx, sql, {
      entity: 'event_registration',
      entityId: reg.id,
      action: 'cancel',
      partnerId: actor.partnerId,
      before: { status: reg.status },
    })
    if (reg.status === 'registered') {
      const to = { email: actor.email, name: actor.name, partnerId: actor.partnerId }
      await mailAttendee(ctx, sql, e, to, 'event-registration-cancelled', eventMails.cancelled(ctx, factsOf(e), actor.name, true), 'cancel')
      if (e.status === 'published') await promote(ctx, sql, await loadEvent(ctx, sql, id))
    }
  })
  return getEvent(ctx, id)
}

type RegRow = {
  id: string
  status: 'registered' | 'waitlisted' | 'cancelled'
  user_id: string
  user_name: string
  email: string
  partner_id: string
  partner_name: string
  tier: string | null
  registered_at: Date
  promoted_at: Date | null
  waitlist_position: number
  attended: boolean
  attended_minutes: number | null
}

/** Who registered: staff see everyone, a partner its own company's people. */
export async function listRegistrations(ctx: Ctx, id: string) {
  assertCan(ctx.actor, 'events:read')
  return inTx(ctx, async (sql) => {
    await loadEvent(ctx, sql, id)
    const rows = await sql.query<RegRow>(
      `SELECT r.id, r.status, r.user_id, u.name AS user_name, u.email::text AS email, r.partner_id, p.legal_name AS partner_name, p.tier,
         r.registered_at, r.promoted_at, coalesce(community_event_waitlist_position(r.id), 0) AS waitlist_position, r.attended, r.attended_minutes
       FROM community_event_registrations r JOIN users u ON u.id = r.user_id JOIN partners p ON p.id = r.partner_id
       WHERE r.event_id = $1 ORDER BY r.position`,
      [id],
    )
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      user: { id: r.user_id, name: r.user_name, email: r.email },
      partner: { id: r.partner_id, name: r.partner_name, tier: r.tier },
      registeredAt: iso(r.registered_at)!,
      promotedAt: iso(r.promoted_at),
      waitlistPosition: r.status === 'waitlisted' ? r.waitlist_position : null,
      attended: r.attended,
      attendedMinutes: r.attended_minutes,
    }))
  })
}

type Attendance = { email: string; attended: boolean; minutes?: number }

async function applyAttendance(
  ctx: Ctx,
  sql: Sql,
  id: string,
  entries: Attendance[],
  source: 'manual' | 'import',
  pathOf: (i: number) => string,
) {
  const e = await loadEvent(ctx, sql, id)
  if (new Date(e.starts_at) > ctx.now()) throw new AppError('INVALID_TRANSITION', 'Attendance is recorded once the event has started')
  const regs = await sql.query<{ id: string; email: string }>(
    `SELECT r.id, lower(u.email::text) AS email FROM community_event_registrations r JOIN users u ON u.id = r.user_id
     WHERE r.event_id = $1 AND r.status = 'registered'`,
    [id],
  )
  const byEmail = new Map(regs.map((r) => [r.email, r.id]))
  const errors = entries.flatMap((x, i) =>
    byEmail.has(x.email.toLowerCase()) ? [] : [{ path: pathOf(i), message: `${x.email} is not registered for this event` }],
  )
  if (errors.length)
    throw new AppError(
      source === 'import' ? 'IMPORT_INVALID' : 'VALIDATION_FAILED',
      'Some people are not registered; nothing was recorded',
      { errors },
    )
  for (const x of entries)
    await sql.query(`UPDATE community_event_registrations SET attended = $2, attended_minutes = $3, attendance_source = $4 WHERE id = $1`, [
      byEmail.get(x.email.toLowerCase()),
      x.attended,
      x.minutes ?? null,
      source,
    ])
  await audit(ctx, sql, { entity: 'community_event', entityId: id, action: `attendance_${source}`, after: { entries: entries.length } })
}

/** Marketing records attendance by hand (by email of the registered person). */
export async function recordAttendance(ctx: Ctx, id: string, entries: Attendance[]) {
  assertCan(ctx.actor, 'events:manage')
  await inTx(ctx, (sql) => applyAttendance(ctx, sql, id, entries, 'manual', (i) => `entries.${i}.email`))
  return attendanceSummary(ctx, id)
}

export const attendanceColumns = [
  'Email',
  'User Email',
  'Attendee Email',
  'Duration (Minutes)',
  'Minutes',
  'Time in Session (minutes)',
] as const
type AttendanceColumn = (typeof attendanceColumns)[number]

/**
 * Imports the meeting platform's participant export (CSV or XLSX): an email column (Email, User Email or
 * Attendee Email) and optionally the minutes; a person who joined more than once counts once, with the
 * minutes added up. Anyone not registered fails the import by row, and nothing is recorded.
 */
export async function importAttendance(ctx: Ctx, id: string, file: { data: Buffer; format: SheetFormat }) {
  assertCan(ctx.actor, 'events:manage')
  const rows = await parseSheet<AttendanceColumn, { row: number; email: string; minutes?: number }>(
    file.data,
    file.format,
    { columns: attendanceColumns, required: [], ignoreUnknown: true },
    ctx.config.imports,
    (r, row, errors) => {
      const email = (r.Email ?? r['User Email'] ?? r['Attendee Email'])?.toLowerCase()
      const minutesCell = r['Duration (Minutes)'] ?? r.Minutes ?? r['Time in Session (minutes)']
      if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        errors.add({ row, path: 'Email', message: email ? 'Not an email address' : 'Missing email' })
        return undefined
      }
      const minutes = minutesCell === undefined ? undefined : Number(minutesCell)
      if (minutes !== undefined && !(Number.isInteger(minutes) && minutes >= 0 && minutes <= 100000)) {
        errors.add({ row, path: 'Minutes', message: 'Whole minutes, 0 or more' })
        return undefined
      }
      return { row, email, minutes }
    },
  )
  const merged = new Map<string, { email: string; attended: boolean; minutes?: number; row: number }>()
  for (const r of rows) {
    const seen = merged.get(r.email)
    if (seen) seen.minutes = seen.minutes === undefined && r.minutes === undefined ? undefined : (seen.minutes ?? 0) + (r.minutes ?? 0)
    else merged.set(r.email, { email: r.email, attended: true, minutes: r.minutes, row: r.row })
  }
  const entries = [...merged.values()]
  await inTx(ctx, (sql) => applyAttendance(ctx, sql, id, entries, 'import', (i) => `row ${entries[i]!.row}: Email`))
  return { imported: entries.length, summary: await attendanceSummary(ctx, id) }
}

/** Counts of registered and attended people, by partner and by tier (staff). */
export async function attendanceSummary(ctx: Ctx, id: string) {
  assertCan(ctx.actor, 'events:manage')
  return inTx(ctx, async (sql) => {
    await loadEvent(ctx, sql, id)
    const byPartner = await sql.query<{ partner_id: string; partner: string; tier: string | null; registered: number; attended: number }>(
      `SELECT r.partner_id, p.legal_name AS partner, p.tier, count(*) FILTER (WHERE r.status = 'registered')::int AS registered,
         count(*) FILTER (WHERE r.status = 'registered' AND r.attended)::int AS attended
       FROM community_event_registrations r JOIN partners p ON p.id = r.partner_id WHERE r.event_id = $1 AND r.status <> 'cancelled'
       GROUP BY r.partner_id, p.legal_name, p.tier ORDER BY attended DESC, lower(p.legal_name)`,
      [id],
    )
    const [w] = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM community_event_registrations WHERE event_id = $1 AND status = 'waitlisted'`,
      [id],
    )
    const tiers = new Map<string | null, { tier: string | null; registered: number; attended: number }>()
    for (const p of byPartner) {
      const t = tiers.get(p.tier) ?? { tier: p.tier, registered: 0, attended: 0 }
      t.registered += p.registered
      t.attended += p.attended
      tiers.set(p.tier, t)
    }
    const order = ['strategic', 'advantage', 'select', 'approved', null]
    return {
      registered: byPartner.reduce((s, p) => s + p.registered, 0),
      attended: byPartner.reduce((s, p) => s + p.attended, 0),
      waitlisted: w!.n,
      byPartner: byPartner.map((p) => ({
        partnerId: p.partner_id,
        partner: p.partner,
        tier: p.tier,
        registered: p.registered,
        attended: p.attended,
      })),
      byTier: [...tiers.values()].sort((a, b) => order.indexOf(a.tier) - order.indexOf(b.tier)),
    }
  })
}

type MaterialRow = { id: string; kind: 'deck' | 'video' | 'link'; title: string; url: string; published_at: Date }
const toMaterial = (m: MaterialRow) => ({ id: m.id, kind: m.kind, title: m.title, url: m.url, publishedAt: iso(m.published_at)! })

/** Materials are for staff, and for partner users who attended, once the event has ended. */
export async function listMaterials(ctx: Ctx, id: string) {
  assertCan(ctx.actor, 'events:read')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const e = await loadEvent(ctx, sql, id)
    if (isExternal(actor)) {
      const attended = await sql.query('SELECT 1 FROM community_event_registrations WHERE event_id = $1 AND user_id = $2 AND attended', [
        id,
        actor.userId,
      ])
      if (!attended.length || new Date(e.ends_at) > ctx.now())
        throw new AppError('FORBIDDEN', 'Materials are shared with attendees after the event')
    }
    const rows = await sql.query<MaterialRow>(
      'SELECT id, kind, title, url, published_at FROM community_event_materials WHERE event_id = $1 ORDER BY published_at, id',
      [id],
    )
    return rows.map(toMaterial)
  })
}

/** Marketing publishes a deck or video after the event; every attendee gets it by email (one message each). */
export async function addMaterial(ctx: Ctx, id: string, input: { kind: 'deck' | 'video' | 'link'; title: string; url: string }) {
  assertCan(ctx.actor, 'events:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const e = await loadEvent(ctx, sql, id)
    if (new Date(e.ends_at) > ctx.now()) throw new AppError('INVALID_TRANSITION', 'Materials are published to attendees after the event')
    const [row] = await sql.query<MaterialRow>(
      `INSERT INTO community_event_materials (event_id, kind, title, url, published_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, kind, title, url, published_at`,
      [id, input.kind, input.title, input.url, ctx.now(), actor.userId || null],
    )
    const attendees = await sql.query<{ email: string; name: string; partner_id: string }>(
      `SELECT u.email::text AS email, u.name, r.partner_id FROM community_event_registrations r JOIN users u ON u.id = r.user_id
       WHERE r.event_id = $1 AND r.attended AND u.status <> 'deactivated' ORDER BY u.email`,
      [id],
    )
    for (const a of attendees)
      await mailAttendee(
        ctx,
        sql,
        e,
        { email: a.email, name: a.name, partnerId: a.partner_id },
        'event-materials',
        eventMails.materials(ctx, factsOf(e), a.name, [input]),
        null,
      )
    await audit(ctx, sql, { entity: 'community_event', entityId: id, action: 'material', after: input })
    return toMaterial(row!)
  })
}

/** An attendee answers the survey after the event (again: the answer is replaced). */
export async function submitFeedback(
  ctx: Ctx,
  id: string,
  input: { rating: number; contentRating?: number; comment?: string; quoteAllowed: boolean },
) {
  assertCan(ctx.actor, 'events:register')
  const actor = ctx.actor
  await inTx(ctx, async (sql) => {
    const e = await loadEvent(ctx, sql, id)
    const attended = await sql.query('SELECT 1 FROM community_event_registrations WHERE event_id = $1 AND user_id = $2 AND attended', [
      id,
      actor.userId,
    ])
    if (!attended.length) throw new AppError('FORBIDDEN', 'The survey is for attendees')
    if (new Date(e.ends_at) > ctx.now()) throw new AppError('INVALID_TRANSITION', 'The survey opens after the event')
    await sql.query(
      `INSERT INTO community_event_feedback (event_id, user_id, partner_id, rating, content_rating, comment, quote_allowed, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (event_id, user_id) DO UPDATE SET rating = $4, content_rating = $5, comment = $6, quote_allowed = $7, submitted_at = $8`,
      [id, actor.userId, actor.partnerId, input.rating, input.contentRating ?? null, input.comment || null, input.quoteAllowed, ctx.now()],
    )
  })
  return feedbackResults(ctx, id)
}

/**
 * The survey's results: counts, averages, the distribution of ratings, and "what attendees are saying" —
 * only comments whose authors allowed quoting, with their company's name. Counted over every company's
 * answers with the owner's rights only for staff; a partner sees its own company's answers and the quotes.
 */
export async function feedbackResults(ctx: Ctx, id: string) {
  assertCan(ctx.actor, 'events:read')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    await loadEvent(ctx, sql, id)
    const rows = await sql.query<{
      user_id: string
      rating: number
      content_rating: number | null
      comment: string | null
      quote_allowed: boolean
      partner: string
    }>(
      `SELECT f.user_id, f.rating, f.content_rating, f.comment, f.quote_allowed, p.legal_name AS partner
       FROM community_event_feedback f JOIN partners p ON p.id = f.partner_id WHERE f.event_id = $1 ORDER BY f.submitted_at DESC`,
      [id],
    )
    const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null)
    const mine = rows.find((r) => r.user_id === actor.userId)
    return {
      responses: rows.length,
      averageRating: avg(rows.map((r) => r.rating)),
      averageContentRating: avg(rows.flatMap((r) => (r.content_rating === null ? [] : [r.content_rating]))),
      ratings: [1, 2, 3, 4, 5].map((rating) => ({ rating, count: rows.filter((r) => r.rating === rating).length })),
      quotes: rows.filter((r) => r.quote_allowed && r.comment).map((r) => ({ comment: r.comment!, partner: r.partner, rating: r.rating })),
      mine: mine ? { rating: mine.rating, comment: mine.comment } : null,
    }
  })
}
