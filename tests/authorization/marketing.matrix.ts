import type { Matrix } from './harness.ts'
import { db } from './harness.ts'
import { makePartner } from '../factories/index.ts'

const marketers = ['admin' as const, 'marketing' as const]
const period = { startsOn: '2026-01-01', endsOn: '2099-12-31' }

/** A membership of partner `partnerId` in `status`, replacing any open one (the database allows one). */
const membership = async (partnerId: string, status: 'invited' | 'active', program: 'jam' | 'jem' = 'jam') => {
  await db.owner.query(
    `UPDATE marketing_memberships SET status = 'withdrawn' WHERE partner_id = $1 AND program = $2 AND status IN ('invited', 'active')`,
    [partnerId, program],
  )
  const [row] = await db.owner.query<{ id: string }>(
    `INSERT INTO marketing_memberships (program, partner_id, status, starts_on, ends_on, invited_at)
     VALUES ($1, $2, $3, '2026-01-01', '2099-12-31', now()) RETURNING id`,
    [program, partnerId, status],
  )
  return row!.id
}
/** An event for company A only (B's admin does not see it); past events have ended an hour ago. */
const eventFor = async (partnerId: string, when: 'future' | 'past' = 'future') => {
  const [row] = await db.owner.query<{ id: string }>(
    `INSERT INTO community_events (kind, title, format, starts_at, ends_at, time_zone, capacity, audience_partner_ids, created_at, updated_at)
     VALUES ('ad_hoc', 'Roundtable', 'virtual', now() + $2::interval, now() + $2::interval + interval '2 hours', 'UTC', 50, ARRAY[$1]::uuid[], now(), now())
     RETURNING id`,
    [partnerId, when === 'future' ? '30 days' : '-3 hours'],
  )
  return row!.id
}
/** A registration of `userId` (when the caller is a partner's user), attended or not. */
const registration = async (eventId: string, userId: string | null, attended = false) => {
  if (!userId) return
  const [u] = await db.owner.query<{ partner_id: string | null }>('SELECT partner_id FROM users WHERE id = $1', [userId])
  if (!u?.partner_id) return
  await db.owner.query(
    `INSERT INTO community_event_registrations (event_id, user_id, partner_id, status, registered_at, attended) VALUES ($1, $2, $3, 'registered', now(), $4)`,
    [eventId, userId, u.partner_id, attended],
  )
}
const emailOf = async (userId: string) =>
  (await db.owner.query<{ email: string }>('SELECT email::text AS email FROM users WHERE id = $1', [userId]))[0]!.email
const eventInput = {
  kind: 'ad_hoc',
  title: 'Webinar',
  format: 'virtual',
  startsAt: '2099-03-10T15:00',
  endsAt: '2099-03-10T16:00',
  timeZone: 'Europe/Berlin',
  capacity: 100,
}
/** Partner A's page, submitted for approval (replacing whatever it was). */
const submittedPage = async (partnerId: string) => {
  await db.owner.query(
    `INSERT INTO partner_pages (partner_id, description, status, updated_at) VALUES ($1, 'About us', 'submitted', now())
     ON CONFLICT (partner_id) DO UPDATE SET status = 'submitted'`,
    [partnerId],
  )
}
const partnerRoles = ['partner_admin' as const, 'partner_user' as const]
const freshPartner = async () => (await makePartner(db, { status: 'active', tier: 'select' })).id

export const matrix: Matrix = {
  'GET /api/programs/memberships': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/programs/memberships' }),
  },
  'POST /api/programs/memberships': {
    allow: marketers,
    ok: 201,
    otherTenant: 403,
    call: async () => ({
      method: 'POST',
      path: '/api/programs/memberships',
      json: { program: 'jem', partnerId: await freshPartner(), ...period },
    }),
  },
  'GET /api/programs/memberships/:id': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/programs/memberships/${await membership(f.partnerA, 'active')}` }),
  },
  'POST /api/programs/memberships/:id/accept': {
    allow: ['partner_admin'],
    ok: 200,
    call: async (f) => ({ method: 'POST', path: `/api/programs/memberships/${await membership(f.partnerA, 'invited')}/accept` }),
  },
  'POST /api/programs/memberships/:id/decline': {
    allow: ['partner_admin'],
    ok: 200,
    call: async (f) => ({
      method: 'POST',
      path: `/api/programs/memberships/${await membership(f.partnerA, 'invited')}/decline`,
      json: { reason: 'Not now' },
    }),
  },
  'POST /api/programs/memberships/:id/end': {
    allow: marketers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/programs/memberships/${await membership(f.partnerA, 'active', 'jem')}/end`,
      json: { reason: 'Budget moved' },
    }),
  },
  'GET /api/programs/memberships/:id/campaigns': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/programs/memberships/${await membership(f.partnerA, 'active')}/campaigns` }),
  },
  'POST /api/programs/memberships/:id/campaigns': {
    allow: marketers,
    ok: 201,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/programs/memberships/${await membership(f.partnerA, 'active')}/campaigns`,
      json: { kind: 'campaign', title: 'Spring ads', mdfReference: 'MDF-1' },
    }),
  },
  'GET /api/programs/partners/:id': {
    allow: 'authenticated',
    ok: 200,
    call: (f) => ({ method: 'GET', path: `/api/programs/partners/${f.partnerA}` }),
  },
  'GET /api/events': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/events' }),
  },
  'POST /api/events': {
    allow: marketers,
    ok: 201,
    otherTenant: 403,
    call: () => ({ method: 'POST', path: '/api/events', json: eventInput }),
  },
  'GET /api/events/:id': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/events/${await eventFor(f.partnerA)}` }),
  },
  'PATCH /api/events/:id': {
    allow: marketers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'PATCH', path: `/api/events/${await eventFor(f.partnerA)}`, json: { title: 'Renamed' } }),
  },
  'POST /api/events/:id/registration': {
    allow: partnerRoles,
    ok: 200,
    call: async (f) => ({ method: 'POST', path: `/api/events/${await eventFor(f.partnerA)}/registration` }),
  },
  'DELETE /api/events/:id/registration': {
    allow: partnerRoles,
    ok: 200,
    call: async (f) => {
      const id = await eventFor(f.partnerA)
      await registration(id, f.actorId)
      return { method: 'DELETE', path: `/api/events/${id}/registration` }
    },
  },
  'GET /api/events/:id/registrations': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/events/${await eventFor(f.partnerA)}/registrations` }),
  },
  'POST /api/events/:id/attendance': {
    allow: marketers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => {
      const id = await eventFor(f.partnerA, 'past')
      await registration(id, f.userOfA)
      return {
        method: 'POST',
        path: `/api/events/${id}/attendance`,
        json: { entries: [{ email: await emailOf(f.userOfA), attended: true }] },
      }
    },
  },
  'POST /api/events/:id/attendance/import': {
    allow: marketers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => {
      const id = await eventFor(f.partnerA, 'past')
      await registration(id, f.userOfA)
      const form = new FormData()
      form.append('file', new File([`Email,Minutes\n${await emailOf(f.userOfA)},40\n`], 'participants.csv', { type: 'text/csv' }))
      return { method: 'POST', path: `/api/events/${id}/attendance/import`, form }
    },
  },
  'GET /api/events/:id/attendance': {
    allow: marketers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'GET', path: `/api/events/${await eventFor(f.partnerA, 'past')}/attendance` }),
  },
  'GET /api/events/:id/materials': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => {
      const id = await eventFor(f.partnerA, 'past')
      await registration(id, f.actorId, true)
      return { method: 'GET', path: `/api/events/${id}/materials` }
    },
  },
  'POST /api/events/:id/materials': {
    allow: marketers,
    ok: 201,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/events/${await eventFor(f.partnerA, 'past')}/materials`,
      json: { kind: 'video', title: 'Recording', url: 'https://video.example.com/1' },
    }),
  },
  'GET /api/events/:id/feedback': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/events/${await eventFor(f.partnerA, 'past')}/feedback` }),
  },
  'PUT /api/events/:id/feedback': {
    allow: partnerRoles,
    ok: 200,
    call: async (f) => {
      const id = await eventFor(f.partnerA, 'past')
      await registration(id, f.actorId, true)
      return { method: 'PUT', path: `/api/events/${id}/feedback`, json: { rating: 4, comment: 'Useful', quoteAllowed: true } }
    },
  },
  'GET /api/partners/:id/page': {
    allow: 'authenticated',
    ok: 200,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/page` }),
  },
  'PUT /api/partners/:id/page': {
    allow: ['partner_admin'],
    ok: 200,
    call: (f) => ({
      method: 'PUT',
      path: `/api/partners/${f.partnerA}/page`,
      json: { description: 'Storage for the enterprise', solutions: ['Storage'] },
    }),
  },
  'POST /api/partners/:id/page/approve': {
    allow: marketers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => {
      await submittedPage(f.partnerA)
      return { method: 'POST', path: `/api/partners/${f.partnerA}/page/approve`, json: {} }
    },
  },
  'POST /api/partners/:id/page/reject': {
    allow: marketers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => {
      await submittedPage(f.partnerA)
      return { method: 'POST', path: `/api/partners/${f.partnerA}/page/reject`, json: { note: 'Add your solutions' } }
    },
  },
  'GET /api/public/partners': {
    allow: 'public',
    ok: 200,
    call: () => ({ method: 'GET', path: '/api/public/partners?tier=strategic' }),
  },
}
