import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'

type Client = Awaited<ReturnType<TestApp['login']>>
let db: Database
let t: TestApp
let marketing: Client
const p: Record<string, string> = {}
const users: Record<string, { client: Client; email: string }> = {}

const nextYear = new Date().getUTCFullYear() + 1
const base = {
  kind: 'program',
  title: 'Virtual Partner Symposium',
  description: 'Presentations and a Q&A',
  format: 'virtual',
  startsAt: `${nextYear}-03-10T15:00`,
  endsAt: `${nextYear}-03-10T17:00`,
  timeZone: 'America/Chicago',
  capacity: 2,
  sessions: [
    { kind: 'presentation', title: 'The year ahead', speakers: [{ name: 'Dana Lee', title: 'VP Alliances' }] },
    { kind: 'qa', title: 'Questions and answers', startsAt: `${nextYear}-03-10T16:30`, endsAt: `${nextYear}-03-10T17:00` },
  ],
}
const create = async (body: object) => {
  const res = await marketing.post('/api/events', { ...base, ...body })
  expect(res.status, await res.clone().text()).toBe(201)
  return (await res.json()) as { id: string; [k: string]: unknown }
}
const mailsTo = (email: string) =>
  db.owner.query<{ template: string; subject: string; calendar: string | null }>(
    `SELECT template, subject, calendar FROM mail_outbox WHERE $1 = ANY(recipients) ORDER BY created_at, id`,
    [email.toLowerCase()],
  )
const user = async (key: string, partner: string, role: 'partner_user' | 'partner_admin' = 'partner_user') => {
  const u = await makeUser(db, role, p[partner])
  users[key] = { client: await t.login(u.email), email: u.email }
  return users[key]!
}

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  p.us = (
    await makePartner(db, { legalName: 'Strategic US', status: 'active', tier: 'strategic', type: 'oem', headquartersCountry: 'US' })
  ).id
  p.de = (
    await makePartner(db, { legalName: 'Select DE', status: 'active', tier: 'select', type: 'service', headquartersCountry: 'DE' })
  ).id
  p.fr = (
    await makePartner(db, {
      legalName: 'Approved FR',
      status: 'active',
      tier: 'approved',
      type: 'both',
      headquartersCountry: 'FR',
      countries: ['DE'],
    })
  ).id
  marketing = await t.login((await makeUser(db, 'marketing')).email)
  for (const [k, partner] of [
    ['us1', 'us'],
    ['us2', 'us'],
    ['us3', 'us'],
    ['de1', 'de'],
    ['fr1', 'fr'],
  ] as const)
    await user(k, partner)
})
afterAll(() => db.close())

describe('audience selection', () => {
  const sees = async (key: string, id: string) => {
    const list = (await (await users[key]!.client.get('/api/events')).json()).items as { id: string }[]
    const one = await users[key]!.client.get(`/api/events/${id}`)
    expect(list.some((e) => e.id === id)).toBe(one.status === 200)
    if (one.status !== 200) expect(one.status).toBe(404)
    return one.status === 200
  }
  it('no list set: every partner', async () => {
    const e = await create({ kind: 'ad_hoc', title: 'Open webinar' })
    expect([await sees('us1', e.id), await sees('de1', e.id), await sees('fr1', e.id)]).toEqual([true, true, true])
  })
  it('by tier', async () => {
    const e = await create({ audience: { tiers: ['strategic', 'advantage', 'select'] } })
    expect([await sees('us1', e.id), await sees('de1', e.id), await sees('fr1', e.id)]).toEqual([true, true, false])
  })
  it('by partner type (a partner of both types matches either)', async () => {
    const e = await create({ audience: { partnerTypes: ['service'] } })
    expect([await sees('us1', e.id), await sees('de1', e.id), await sees('fr1', e.id)]).toEqual([false, true, true])
  })
  it('by country (headquarters or a covered country), and lists combine', async () => {
    const e = await create({ audience: { countries: ['DE'] } })
    expect([await sees('us1', e.id), await sees('de1', e.id), await sees('fr1', e.id)]).toEqual([false, true, true])
    const both = await create({ audience: { countries: ['DE'], tiers: ['select'] } })
    expect([await sees('us1', both.id), await sees('de1', both.id), await sees('fr1', both.id)]).toEqual([false, true, false])
  })
  it('invited partners alone, or beside the lists; partners never see the audience', async () => {
    const e = await create({ audience: { partnerIds: [p.fr] } })
    expect([await sees('us1', e.id), await sees('de1', e.id), await sees('fr1', e.id)]).toEqual([false, false, true])
    const plus = await create({ audience: { tiers: ['strategic'], partnerIds: [p.fr] } })
    expect([await sees('us1', plus.id), await sees('de1', plus.id), await sees('fr1', plus.id)]).toEqual([true, false, true])
    const seen = await (await users.fr1!.client.get(`/api/events/${plus.id}`)).json()
    expect(seen.audience).toBeNull()
    expect((await (await marketing.get(`/api/events/${plus.id}`)).json()).audience).toMatchObject({ partnerIds: [p.fr] })
  })
  it('registration outside the audience is refused as not found', async () => {
    const e = await create({ audience: { tiers: ['strategic'] } })
    expect((await users.de1!.client.post(`/api/events/${e.id}/registration`)).status).toBe(404)
  })
  it('bad input names the field', async () => {
    const res = await marketing.post('/api/events', { ...base, timeZone: 'Mars/Olympus', endsAt: base.startsAt })
    expect(res.status).toBe(400)
    const paths = (await res.json()).errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['timeZone', 'endsAt']))
  })
})

describe('registration, capacity and the waitlist', () => {
  let id: string
  it('stores the time in its zone and shows the agenda', async () => {
    const e = await create({})
    id = e.id
    expect(e).toMatchObject({
      startsAt: `${nextYear}-03-10T21:00:00.000Z`,
      localStart: `${nextYear}-03-10T15:00`,
      timeZone: 'America/Chicago',
    })
    expect((e.sessions as { kind: string; speakers: unknown[] }[]).map((s) => s.kind)).toEqual(['presentation', 'qa'])
  })
  it('seats first, then the waitlist in order; each gets a confirmation, with the invitation for a seat', async () => {
    for (const k of ['us1', 'de1', 'us2', 'fr1']) expect((await users[k]!.client.post(`/api/events/${id}/registration`)).status).toBe(200)
    const me = async (k: string) => (await (await users[k]!.client.get(`/api/events/${id}`)).json()).myRegistration
    expect(await me('us1')).toMatchObject({ status: 'registered' })
    expect(await me('us2')).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect(await me('fr1')).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })
    expect((await users.us1!.client.post(`/api/events/${id}/registration`)).status).toBe(409)
    const [confirm] = await mailsTo(users.us1!.email)
    expect(confirm).toMatchObject({ template: 'event-registered' })
    expect(confirm!.calendar).toMatch(/BEGIN:VCALENDAR/)
    expect(confirm!.calendar).toMatch(/METHOD:REQUEST/)
    expect(confirm!.calendar).toMatch(new RegExp(`UID:${id}@alliance`))
    expect(confirm!.calendar).toMatch(new RegExp(`DTSTART:${nextYear}0310T210000Z`))
    const [wait] = await mailsTo(users.fr1!.email)
    expect(wait).toMatchObject({ template: 'event-waitlisted', calendar: null })
    // A partner sees its own company's registrations only.
    const theirs = (await (await users.de1!.client.get(`/api/events/${id}/registrations`)).json()).items
    expect(theirs.map((r: { partner: { id: string } }) => r.partner.id)).toEqual([p.de])
  })
  it('a cancellation promotes the first on the waitlist, who is told with the invitation', async () => {
    const res = await users.de1!.client.delete(`/api/events/${id}/registration`)
    expect(res.status).toBe(200)
    expect((await res.json()).myRegistration).toMatchObject({ status: 'cancelled' })
    const us2 = await (await users.us2!.client.get(`/api/events/${id}`)).json()
    expect(us2.myRegistration).toMatchObject({ status: 'registered' })
    expect(us2.seatsLeft).toBe(0)
    expect((await (await users.fr1!.client.get(`/api/events/${id}`)).json()).myRegistration).toMatchObject({ waitlistPosition: 1 })
    const mails = await mailsTo(users.us2!.email)
    expect(mails.at(-1)).toMatchObject({ template: 'event-promoted' })
    expect(mails.at(-1)!.calendar).toMatch(/METHOD:REQUEST/)
    expect((await mailsTo(users.de1!.email)).at(-1)!.calendar).toMatch(/METHOD:CANCEL/)
  })
  it('a new time sends an update (higher SEQUENCE) to everyone registered', async () => {
    const res = await marketing.patch(`/api/events/${id}`, { startsAt: `${nextYear}-03-11T15:00`, endsAt: `${nextYear}-03-11T17:00` })
    expect(res.status).toBe(200)
    for (const k of ['us1', 'us2']) {
      const last = (await mailsTo(users[k]!.email)).at(-1)!
      expect(last.template).toBe('event-updated')
      expect(last.calendar).toMatch(/SEQUENCE:1/)
      expect(last.calendar).toMatch(new RegExp(`DTSTART:${nextYear}0311T210000Z`))
    }
    expect((await mailsTo(users.fr1!.email)).at(-1)!.template).toBe('event-waitlisted')
  })
  it('capacity cannot drop below the seats taken; raising it promotes', async () => {
    const low = await marketing.patch(`/api/events/${id}`, { capacity: 1 })
    expect(low.status).toBe(409)
    expect((await low.json()).errors[0].path).toBe('capacity')
    await marketing.patch(`/api/events/${id}`, { capacity: 3 })
    expect((await (await users.fr1!.client.get(`/api/events/${id}`)).json()).myRegistration.status).toBe('registered')
  })
  it('the database refuses a seat past the capacity whatever the caller does', async () => {
    const [row] = await db.owner.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [users.us3!.email.toLowerCase()])
    await expect(
      db.owner.query(
        `INSERT INTO community_event_registrations (event_id, user_id, partner_id, status, registered_at) VALUES ($1, $2, $3, 'registered', now())`,
        [id, row!.id, p.us],
      ),
    ).rejects.toThrow(/registered_count|check/i)
  })
})

describe('concurrent registrations', () => {
  it('never over capacity; the rest wait in order of arrival', async () => {
    const e = await create({ kind: 'ad_hoc', title: 'Small workshop', capacity: 3 })
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => user(`c${i}`, i % 2 ? 'us' : 'de')))
    const results = await Promise.all(people.map(async (u) => u.client.post(`/api/events/${e.id}/registration`)))
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200))
    const regs = (await (await marketing.get(`/api/events/${e.id}/registrations`)).json()).items as {
      status: string
      waitlistPosition: number | null
    }[]
    expect(regs.filter((r) => r.status === 'registered').length).toBe(3)
    expect(regs.filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    const [{ registered_count }] = (await db.owner.query<{ registered_count: number }>(
      'SELECT registered_count FROM community_events WHERE id = $1',
      [e.id],
    )) as [{ registered_count: number }]
    expect(registered_count).toBe(3)
    // Concurrent cancellations of seated people promote exactly as many, in order.
    const seated = people.filter((_, i) => i < 12)
    const mine = await Promise.all(
      seated.map(async (u) => (await (await u.client.get(`/api/events/${e.id}`)).json()).myRegistration.status),
    )
    const leaving = seated.filter((_, i) => mine[i] === 'registered').slice(0, 2)
    await Promise.all(leaving.map(async (u) => u.client.delete(`/api/events/${e.id}/registration`)))
    const after = (await (await marketing.get(`/api/events/${e.id}/registrations`)).json()).items as {
      status: string
      waitlistPosition: number | null
    }[]
    expect(after.filter((r) => r.status === 'registered').length).toBe(3)
    expect(after.filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })
})

describe('after the event: attendance, materials, feedback', () => {
  let id: string
  beforeAll(async () => {
    const e = await create({ kind: 'ad_hoc', title: 'Past roundtable', capacity: 10 })
    id = e.id
    for (const k of ['us1', 'us2', 'de1', 'fr1']) await users[k]!.client.post(`/api/events/${id}/registration`)
    await db.owner.query(
      `UPDATE community_events SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`,
      [id],
    )
  })
  it('an import with a stranger fails by row and records nothing', async () => {
    const form = new FormData()
    const csv = `Name (Original Name),User Email,Duration (Minutes)\nA,${users.us1!.email},30\nB,stranger@example.com,20\n`
    form.append('file', new File([csv], 'participants.csv', { type: 'text/csv' }))
    const res = await t.request(`/api/events/${id}/attendance/import`, { method: 'POST', body: form, headers: marketing.headers })
    expect(res.status).toBe(422)
    expect((await res.json()).errors).toEqual([expect.objectContaining({ path: 'row 3: Email' })])
    expect((await (await marketing.get(`/api/events/${id}/attendance`)).json()).attended).toBe(0)
  })
  it('imports the platform export (joins added up) and records by hand; counts by partner and tier', async () => {
    const form = new FormData()
    const csv = `User Email,Duration (Minutes)\n${users.us1!.email},30\n${users.us1!.email},15\n${users.de1!.email},50\n`
    form.append('file', new File([csv], 'participants.csv', { type: 'text/csv' }))
    const res = await t.request(`/api/events/${id}/attendance/import`, { method: 'POST', body: form, headers: marketing.headers })
    expect(res.status).toBe(200)
    expect((await res.json()).imported).toBe(2)
    const manual = await marketing.post(`/api/events/${id}/attendance`, { entries: [{ email: users.fr1!.email, attended: true }] })
    const summary = await manual.json()
    expect(summary).toMatchObject({ registered: 4, attended: 3 })
    expect(summary.byTier).toEqual([
      { tier: 'strategic', registered: 2, attended: 1 },
      { tier: 'select', registered: 1, attended: 1 },
      { tier: 'approved', registered: 1, attended: 1 },
    ])
    expect(summary.byPartner.find((b: { partnerId: string }) => b.partnerId === p.us)).toMatchObject({ registered: 2, attended: 1 })
    const regs = (await (await marketing.get(`/api/events/${id}/registrations`)).json()).items
    expect(regs.find((r: { user: { email: string } }) => r.user.email === users.us1!.email.toLowerCase()).attendedMinutes).toBe(45)
    expect((await users.us1!.client.get(`/api/events/${id}/attendance`)).status).toBe(403)
  })
  it('materials go to attendees only, by email and in the app', async () => {
    const res = await marketing.post(`/api/events/${id}/materials`, {
      kind: 'deck',
      title: 'Keynote deck',
      url: 'https://files.example.com/deck.pdf',
    })
    expect(res.status).toBe(201)
    expect((await mailsTo(users.us1!.email)).at(-1)).toMatchObject({ template: 'event-materials' })
    expect((await mailsTo(users.us2!.email)).at(-1)!.template).not.toBe('event-materials')
    expect((await users.us1!.client.get(`/api/events/${id}/materials`)).status).toBe(200)
    expect((await users.us2!.client.get(`/api/events/${id}/materials`)).status).toBe(403)
    expect((await marketing.post(`/api/events/${id}/materials`, { kind: 'video', title: 'x', url: 'javascript:alert(1)' })).status).toBe(
      400,
    )
  })
  it('the survey: attendees answer; results count ratings and quote only those who allowed it', async () => {
    expect((await users.us2!.client.put(`/api/events/${id}/feedback`, { rating: 5 })).status).toBe(403)
    await users.us1!.client.put(`/api/events/${id}/feedback`, { rating: 5, comment: 'Great Q&A', quoteAllowed: true })
    await users.de1!.client.put(`/api/events/${id}/feedback`, { rating: 3, comment: 'Private remark', quoteAllowed: false })
    const r = await (await marketing.get(`/api/events/${id}/feedback`)).json()
    expect(r).toMatchObject({ responses: 2, averageRating: 4, quotes: [{ comment: 'Great Q&A', partner: 'Strategic US', rating: 5 }] })
    expect(r.ratings.find((x: { rating: number }) => x.rating === 3).count).toBe(1)
    // A partner counts only its own company's answers.
    expect((await (await users.de1!.client.get(`/api/events/${id}/feedback`)).json()).responses).toBe(1)
  })
})
