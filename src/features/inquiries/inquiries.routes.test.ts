import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { startSmtpSink } from '../../../tests/setup/smtp.ts'
import type { Database } from '../../core/db.ts'
import { deliverDueMail } from '../../core/mail-delivery.ts'
import { oneRow } from '../../core/db-rows.ts'
import { pruneRateLimitHits } from '../../core/rate-limit.ts'
import { INQUIRY_LIMITS_WINDOW_MS, LIMITS } from './public.service.ts'

let db: Database
let t: TestApp
let gpsA: { id: string; name: string }
let gpsB: { id: string; name: string }
let n = 0
const minimal = {
  company: 'Initech LLC',
  website: 'https://initech.example',
  country: 'US',
  contactName: 'Peter Gibbons',
  email: 'peter@initech.example',
  message: 'We resell storage.',
}
/** Each call comes from its own address unless told, so limits only bite where a test wants them to. */
const submit = (body: unknown, address = `10.1.0.${++n}`) =>
  t.request('/api/public/inquiries', { method: 'POST', json: body, headers: { 'x-forwarded-for': address } })
const status = (reference: string, email: string, address = `10.2.0.${++n}`) =>
  t.request(`/api/public/inquiries/${reference}?email=${encodeURIComponent(email)}`, { headers: { 'x-forwarded-for': address } })
const outbox = (to: string) =>
  db.owner.query<{ template: string; subject: string; text_body: string }>(
    'SELECT template, subject, text_body FROM mail_outbox WHERE $1 = ANY(recipients) ORDER BY created_at',
    [to],
  )

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db, { PUBLIC_URL: 'https://partners.example.com' })
  // The GPA queue's members by default: the active GPS users, by name.
  gpsA = await makeUser(db, 'gps', undefined, { name: 'Alice GPS' })
  gpsB = await makeUser(db, 'gps', undefined, { name: 'Bob GPS' })
})
afterAll(() => db.close())

describe('Contact Us: public submission', () => {
  it('takes the minimal submission: 201 with a reference, acknowledged by email over SMTP', async () => {
    const res = await submit(minimal)
    expect(res.status).toBe(201)
    const body = await res.json()
    expect(body).toMatchObject({ status: 'new', statusLabel: 'Received', company: 'Initech LLC' })
    expect(body.reference).toMatch(/^INQ-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/)
    const sink = await startSmtpSink()
    try {
      await deliverDueMail({ ...sys(db), config: { ...sys(db).config, smtpUrl: sink.url } })
      const ack = sink.received.find((m) => m.to.includes('peter@initech.example'))!
      expect(ack.subject).toBe(`We received your partnership inquiry (${body.reference})`)
      expect(ack.text).toContain(`Your reference: ${body.reference}`)
      expect(ack.text).toContain(`https://partners.example.com/inquiry-status?reference=${body.reference}`)
      expect(ack.html).toContain(body.reference)
    } finally {
      await sink.close()
    }
  })

  it('lists every bad field and stores nothing', async () => {
    const before = await db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM inquiries')
    const res = await submit({ company: ' ', website: 'not a site', country: 'XX', contactName: 'A', email: 'nope', message: '', extra: 1 })
    expect(res.status).toBe(400)
    const paths = (await res.json()).errors.map((e: { path: string }) => e.path).sort()
    expect(paths).toEqual(['company', 'country', 'email', 'extra', 'message', 'website'])
    const missing = await (await submit({})).json()
    expect(missing.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'company',
      'contactName',
      'country',
      'email',
      'message',
      'website',
    ])
    expect(await db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM inquiries')).toEqual(before)
  })

  it('merges the same email and company within a day internally, answering exactly as for a new inquiry', async () => {
    const firstRes = await submit({ ...minimal, company: 'Dup Corp', email: 'dup@dup.example', website: 'dup.example' })
    const first = await firstRes.json()
    const again = await submit({
      ...minimal,
      company: 'DUP CORP ',
      email: 'Dup@Dup.example',
      website: 'dup.example',
      message: 'Second try',
    })
    expect(again.status).toBe(firstRes.status)
    const second = await again.json()
    expect(Object.keys(second).sort()).toEqual(Object.keys(first).sort())
    expect(second.reference).not.toBe(first.reference)
    const rows = await db.owner.query<{ submissions: number; website: string }>(
      "SELECT submissions, website FROM inquiries WHERE email = 'dup@dup.example'",
    )
    expect(rows).toEqual([{ submissions: 2, website: 'https://dup.example' }])
    // Each submission is acknowledged by email with its own reference, which works for its status checks.
    expect((await outbox('dup@dup.example')).map((m) => m.template)).toEqual(['inquiry-received', 'inquiry-received'])
    expect((await outbox('dup@dup.example'))[1]?.text_body).toContain(second.reference)
    const own = await status(second.reference, 'dup@dup.example')
    expect(own.status).toBe(200)
    expect(await own.json()).toMatchObject({ reference: second.reference, status: 'new', company: 'DUP CORP' })
  })

  it("an anonymous submission with someone else's email and company learns nothing of their inquiry", async () => {
    const victim = { ...minimal, company: 'Victim Holdings', email: 'cfo@victim.example', website: 'victim.example' }
    const firstRes = await submit(victim)
    const original = await firstRes.json()
    const gps = await t.login((await makeUser(db, 'admin')).email)
    const [row] = await db.owner.query<{ id: string }>('SELECT id FROM inquiries WHERE reference = $1', [original.reference])
    const note = 'Your credit check with our finance team failed.'
    expect((await gps.post(`/api/inquiries/${row!.id}/status`, { status: 'needs_information', note })).status).toBe(200)

    // A fresh inquiry, for comparison: the attacker's answer must look just like it.
    const freshRes = await submit({ ...minimal, company: 'Fresh Things', email: 'someone@fresh.example', website: 'fresh.example' })
    const fresh = await freshRes.json()
    const attackRes = await submit({
      ...victim,
      company: 'victim holdings',
      email: 'CFO@victim.example',
      contactName: 'Mallory',
      message: 'hi',
    })
    const attack = await attackRes.json()
    expect(attackRes.status).toBe(freshRes.status)
    expect(Object.keys(attack).sort()).toEqual(Object.keys(fresh).sort())
    expect(attack).toMatchObject({ status: fresh.status, statusLabel: fresh.statusLabel, nextStep: fresh.nextStep })
    const text = JSON.stringify(attack)
    expect(text).not.toContain(original.reference)
    expect(text).not.toContain('credit check')
    expect(text).not.toContain(original.submittedAt)
    // Its own reference checks out, and still tells nothing of the earlier inquiry's state.
    const checked = await (await status(attack.reference, 'cfo@victim.example')).json()
    expect(checked).toMatchObject({ reference: attack.reference, status: 'new' })
    expect(JSON.stringify(checked)).not.toContain('credit check')
  })

  it('assigns the GPA queue and owners in turn among the active GPS users', async () => {
    const owners: (string | null)[] = []
    for (const i of [1, 2, 3]) {
      const { reference } = await (
        await submit({ ...minimal, company: `Turn ${i}`, email: `turn${i}@turn${i}.example`, website: `turn${i}.example` })
      ).json()
      const r = oneRow(
        await db.owner.query<{ owner_id: string; queue_key: string }>('SELECT owner_id, queue_key FROM inquiries WHERE reference = $1', [
          reference,
        ]),
        'Inquiry',
      )
      expect(r.queue_key).toBe('gpa')
      owners.push(r.owner_id)
    }
    expect(new Set(owners).size).toBe(2)
    expect(owners[0]).toBe(owners[2])
    expect(owners.every((o) => o === gpsA.id || o === gpsB.id)).toBe(true)
  })
})

describe('routing rules and domain matching', () => {
  it("flags and links an existing partner's domain, and rules route by country, solution and domain", async () => {
    const admin = await t.login((await makeUser(db, 'admin')).email)
    const emeaLead = await makeUser(db, 'alliances', undefined, { name: 'Erika EMEA' })
    const partnerDesk = await makeUser(db, 'gps', undefined, { name: 'Pat Partners' })
    expect((await admin.put('/api/inquiries/queues/emea', { name: 'EMEA alliances', memberIds: [emeaLead.id] })).status).toBe(201)
    const bad = await admin.put('/api/inquiries/queues/x', { name: 'Bad', memberIds: [(await makeUser(db, 'sales')).id] })
    expect((await bad.json()).errors.map((e: { path: string }) => e.path)).toEqual(['key', 'memberIds.0'])
    const rule = (json: unknown) => admin.post('/api/inquiries/routing-rules', json)
    expect((await rule({ name: 'Existing partners', domainMatch: 'partner', ownerId: partnerDesk.id })).status).toBe(201)
    expect((await rule({ name: 'Germany and France', countries: ['de', 'FR'], queueKey: 'emea' })).status).toBe(201)
    const off = await (await rule({ name: 'Security (off)', solutions: ['security'], ownerId: partnerDesk.id, active: false })).json()
    const refused = await rule({ name: 'Broken', countries: ['ZZ'], queueKey: 'nowhere', ownerId: (await makeUser(db, 'sales')).id })
    expect((await refused.json()).errors.map((e: { path: string }) => e.path)).toEqual(['countries.0'])
    const unknownQueue = await rule({ name: 'Nowhere', queueKey: 'nowhere', ownerId: (await makeUser(db, 'sales')).id })
    expect((await unknownQueue.json()).errors.map((e: { path: string }) => e.path)).toEqual(['queueKey', 'ownerId'])

    const partner = await makePartner(db, { legalName: 'Globex Corporation', website: 'https://www.globex.example' })
    const routed = async (body: object) => {
      const { reference } = await (await submit({ ...minimal, ...body })).json()
      const { id } = oneRow(await db.owner.query<{ id: string }>('SELECT id FROM inquiries WHERE reference = $1', [reference]), 'Inquiry')
      return await (await admin.get(`/api/inquiries/${id}`)).json()
    }
    const fromPartner = await routed({
      company: 'Globex EU',
      email: 'hank@shop.globex.example',
      website: 'https://shop.globex.example',
      country: 'DE',
    })
    expect(fromPartner.matchedPartner).toEqual({ id: partner.id, legalName: 'Globex Corporation' })
    expect(fromPartner.owner).toEqual({ id: partnerDesk.id, name: 'Pat Partners' })
    expect(fromPartner.routingRule.name).toBe('Existing partners')
    expect(fromPartner.comments[0].body).toContain('existing partner Globex Corporation: linked, not a new company')

    const german = await routed({
      company: 'Hooli GmbH',
      email: 'g@hooli.example',
      website: 'hooli.example',
      country: 'DE',
      solutions: ['Security'],
    })
    expect(german).toMatchObject({ queue: { key: 'emea', name: 'EMEA alliances' }, owner: { id: emeaLead.id }, matchedPartner: null })
    const second = await routed({ company: 'Hooli Sales', email: 'h2@hooli.example', website: 'hooli.example', country: 'US' })
    expect(second.relatedInquiry).toEqual({ id: german.id, reference: german.reference })
    expect(second.queue.key).toBe('gpa')

    // Turning the security rule on and moving it first wins over the country rule.
    expect((await admin.patch(`/api/inquiries/routing-rules/${off.id}`, { active: true, position: 1 })).status).toBe(200)
    const secure = await routed({
      company: 'Vandelay',
      email: 'a@vandelay.example',
      website: 'vandelay.example',
      country: 'FR',
      solutions: ['SECURITY'],
    })
    expect(secure.owner.id).toBe(partnerDesk.id)
    const rules = (await (await admin.get('/api/inquiries/routing-rules')).json()).items.map((r: { name: string }) => r.name)
    expect(rules).toEqual(['Security (off)', 'Existing partners', 'Germany and France'])
    expect((await admin.delete(`/api/inquiries/routing-rules/${off.id}`)).status).toBe(204)
    const queues = (await (await admin.get('/api/inquiries/queues')).json()).items
    expect(queues.find((q: { key: string }) => q.key === 'gpa').members.map((m: { name: string }) => m.name)).toContain('Alice GPS')
    expect(queues.find((q: { key: string }) => q.key === 'emea').members).toEqual([{ id: emeaLead.id, name: 'Erika EMEA' }])
  })
})

describe('status check', () => {
  it('answers the reference with its email only; a wrong pair answers like an unknown reference', async () => {
    const { reference } = await (
      await submit({ ...minimal, company: 'Status Co', email: 'who@status.example', website: 'status.example' })
    ).json()
    const ok = await status(reference.toLowerCase(), 'WHO@status.example')
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({
      reference,
      status: 'new',
      statusLabel: 'Received',
      nextStep: expect.stringContaining('review'),
    })
    const wrong = await status(reference, 'someone.else@status.example')
    const unknown = await status('INQ-2222-2222', 'who@status.example')
    expect([wrong.status, unknown.status]).toEqual([404, 404])
    const [a, b] = [await wrong.json(), await unknown.json()]
    expect({ ...a, instance: undefined }).toEqual({ ...b, instance: undefined })
    expect((await status(reference, 'not-an-email')).status).toBe(400)
  })
})

describe('abuse', () => {
  it('limits submissions per address and per email with 429 and Retry-After', async () => {
    const address = '10.9.9.9'
    for (let i = 0; i < LIMITS.submit.perAddress; i++)
      expect((await submit({ ...minimal, company: `Burst ${i}`, email: `burst${i}@burst.example` }, address)).status).toBe(201)
    const limited = await submit({ ...minimal, company: 'Burst x', email: 'burstx@burst.example' }, address)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000)
    expect((await limited.json()).code).toBe('TOO_MANY_REQUESTS')
    expect(await db.owner.query("SELECT 1 FROM inquiries WHERE email = 'burstx@burst.example'")).toEqual([])

    for (let i = 0; i < LIMITS.submit.perEmail; i++)
      expect([200, 201]).toContain((await submit({ ...minimal, company: `Mail ${i}`, email: 'same@mail.example' })).status)
    const byEmail = await submit({ ...minimal, company: 'Mail x', email: 'same@mail.example' })
    expect(byEmail.status).toBe(429)
    expect(byEmail.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it('forgets attempts once they are older than the windows, so the address may submit again', async () => {
    const address = '10.7.7.7'
    for (let i = 0; i < LIMITS.submit.perAddress; i++)
      await submit({ ...minimal, company: `Prune ${i}`, email: `prune${i}@prune.example` }, address)
    expect((await submit({ ...minimal, company: 'Prune x', email: 'prunex@prune.example' }, address)).status).toBe(429)
    const ctx = sys(db)
    expect(await pruneRateLimitHits({ ...ctx, now: () => new Date(Date.now() - 1000) }, INQUIRY_LIMITS_WINDOW_MS)).toBe(0)
    expect(
      await pruneRateLimitHits({ ...ctx, now: () => new Date(Date.now() + LIMITS.submit.windowMs + 1000) }, INQUIRY_LIMITS_WINDOW_MS),
    ).toBeGreaterThanOrEqual(LIMITS.submit.perAddress)
    expect((await submit({ ...minimal, company: 'Prune x', email: 'prunex@prune.example' }, address)).status).toBe(201)
  })

  it('limits status checks per address', async () => {
    const address = '10.8.8.8'
    for (let i = 0; i < LIMITS.status.perAddress; i++) expect((await status('INQ-3333-3333', 'x@y.example', address)).status).toBe(404)
    const limited = await status('INQ-3333-3333', 'x@y.example', address)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it('a filled honeypot gets an ordinary answer, and nothing is stored or mailed', async () => {
    const res = await submit({ ...minimal, company: 'Spam Inc', email: 'bot@spam.example', fax: 'http://buy.example' })
    expect(res.status).toBe(201)
    const { reference } = await res.json()
    expect(reference).toMatch(/^INQ-/)
    expect(await db.owner.query("SELECT 1 FROM inquiries WHERE email = 'bot@spam.example'")).toEqual([])
    expect(await outbox('bot@spam.example')).toEqual([])
    expect((await status(reference, 'bot@spam.example')).status).toBe(404)
  })

  it('refuses a large body', async () => {
    const res = await submit({ ...minimal, message: 'x'.repeat(40_000) })
    expect(res.status).toBe(413)
  })
})

describe('the internal inquiry queue', () => {
  it('filters, assigns, comments and changes status; each status change emails the submitter', async () => {
    const { reference } = await (
      await submit({ ...minimal, company: 'Queue Co', email: 'q@queue.example', website: 'queue.example', country: 'CA' })
    ).json()
    const gps = await t.login((await makeUser(db, 'gps', undefined, { name: 'Gina GPS' })).email)
    const list = await (await gps.get('/api/inquiries?country=CA&open=true&q=queue')).json()
    expect(list.items.map((i: { reference: string }) => i.reference)).toEqual([reference])
    const id = list.items[0].id

    const alliances = await makeUser(db, 'alliances', undefined, { name: 'Al Alliances' })
    const assigned = await (await gps.post(`/api/inquiries/${id}/assign`, { ownerId: alliances.id })).json()
    expect(assigned.owner).toEqual({ id: alliances.id, name: 'Al Alliances' })
    expect((await (await gps.get(`/api/inquiries?ownerId=${alliances.id}`)).json()).items.map((i: { id: string }) => i.id)).toEqual([id])
    const sales = await makeUser(db, 'sales')
    expect((await gps.post(`/api/inquiries/${id}/assign`, { ownerId: sales.id })).status).toBe(400)

    const commented = await gps.post(`/api/inquiries/${id}/comments`, { body: 'Called them; they sell in Canada only.' })
    expect(commented.status).toBe(201)
    expect((await commented.json()).comments.at(-1)).toMatchObject({
      kind: 'note',
      authorName: 'Gina GPS',
      body: 'Called them; they sell in Canada only.',
    })

    const noNote = await gps.post(`/api/inquiries/${id}/status`, { status: 'needs_information' })
    expect((await noNote.json()).errors).toEqual([{ path: 'note', message: 'Say what information is needed' }])
    const needs = await gps.post(`/api/inquiries/${id}/status`, {
      status: 'needs_information',
      note: 'Please send your reseller certificate.',
    })
    expect(needs.status).toBe(200)
    const pub = await (await status(reference, 'q@queue.example')).json()
    expect(pub).toMatchObject({ status: 'needs_information' })
    // The note reaches the submitter by email, not through the public answer.
    expect(JSON.stringify(pub)).not.toContain('reseller certificate')

    const noReason = await gps.post(`/api/inquiries/${id}/status`, { status: 'declined' })
    expect((await noReason.json()).errors).toEqual([{ path: 'reason', message: 'Say why the inquiry is declined' }])
    expect((await gps.post(`/api/inquiries/${id}/status`, { status: 'declined', reason: 'Outside our program regions.' })).status).toBe(200)
    expect(await (await status(reference, 'q@queue.example')).json()).toMatchObject({ status: 'declined' })
    const reopened = await (await gps.post(`/api/inquiries/${id}/status`, { status: 'in_review' })).json()
    expect(reopened).toMatchObject({ status: 'in_review', declineReason: null })

    const caseId = '11111111-2222-4333-8444-555555555555'
    const converted = await (await gps.post(`/api/inquiries/${id}/status`, { status: 'converted', onboardingCaseId: caseId })).json()
    expect(converted).toMatchObject({ status: 'converted', onboardingCaseId: caseId })
    expect((await gps.post(`/api/inquiries/${id}/status`, { status: 'in_review' })).status).toBe(409)

    const mails = await outbox('q@queue.example')
    expect(mails.map((m) => m.subject)).toEqual([
      `We received your partnership inquiry (${reference})`,
      `Your partnership inquiry ${reference}: Needs information`,
      `Your partnership inquiry ${reference}: Declined`,
      `Your partnership inquiry ${reference}: In review`,
      `Your partnership inquiry ${reference}: Accepted: onboarding`,
    ])
    expect(mails[1]?.text_body).toContain('Please send your reseller certificate.')
    expect(mails[2]?.text_body).toContain('Outside our program regions.')

    const detail = await (await gps.get(`/api/inquiries/${id}`)).json()
    expect(detail.comments.map((c: { body: string }) => c.body.split('\n')[0])).toEqual([
      expect.stringMatching(/^Received; routed by the default route to Global Partner Alliances/),
      'Assigned to Al Alliances.',
      'Called them; they sell in Canada only.',
      'Status: Needs information.',
      'Status: Declined.',
      'Status: In review.',
      'Status: Accepted: onboarding.',
    ])
  })

  it('partner operations read the queue but do not work it', async () => {
    const ops = await t.login((await makeUser(db, 'partner_ops')).email)
    const items = (await (await ops.get('/api/inquiries')).json()).items
    expect(items.length).toBeGreaterThan(0)
    expect((await ops.post(`/api/inquiries/${items[0].id}/comments`, { body: 'x' })).status).toBe(403)
    expect((await ops.post('/api/inquiries/routing-rules', { name: 'x' })).status).toBe(403)
  })
})

describe('converting an inquiry into an onboarding case', () => {
  it('opens a case with the company and contact, marks the inquiry converted and emails the submitter', async () => {
    const gps = await t.login((await makeUser(db, 'gps', undefined, { name: 'Connie GPS' })).email)
    const input = {
      ...minimal,
      company: 'Convert Me Ltd',
      website: 'https://convert-me.example',
      email: 'c@convert-me.example',
      partnerType: 'service',
    }
    const { reference } = await (await submit(input)).json()
    const { id } = oneRow(await db.owner.query<{ id: string }>('SELECT id FROM inquiries WHERE reference = $1', [reference]), 'Inquiry')

    const bad = await gps.post(`/api/inquiries/${id}/convert`, { path: 'deal', agreementType: 'potc' })
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors.map((e: { path: string }) => e.path)).toEqual(['dealReference'])
    expect((await (await gps.get(`/api/inquiries/${id}`)).json()).status).toBe('new')

    const res = await gps.post(`/api/inquiries/${id}/convert`, {
      path: 'deal',
      agreementType: 'potc',
      dealReference: 'OPP-42',
      note: 'Welcome aboard.',
    })
    expect(res.status).toBe(201)
    const { inquiry, caseId } = await res.json()
    expect(inquiry).toMatchObject({ status: 'converted', onboardingCaseId: caseId })
    const c = await (await gps.get(`/api/onboarding/cases/${caseId}`)).json()
    expect(c).toMatchObject({
      legalName: 'Convert Me Ltd',
      website: 'https://convert-me.example',
      headquartersCountry: 'US',
      partnerType: 'service',
      contactName: 'Peter Gibbons',
      contactEmail: 'c@convert-me.example',
      path: 'deal',
      dealReference: 'OPP-42',
      inquiryId: id,
    })
    expect((await outbox('c@convert-me.example')).at(-1)!.text_body).toContain('Welcome aboard.')
    expect((await gps.post(`/api/inquiries/${id}/convert`, { path: 'deal', agreementType: 'potc', dealReference: 'OPP-42' })).status).toBe(
      409,
    )
  })

  it('refuses a company that is a partner already, and partner operations', async () => {
    await makePartner(db, { legalName: 'Already Active Inc.', website: 'https://already-active.example', status: 'active' })
    const { reference } = await (
      await submit({
        ...minimal,
        company: 'Already Active',
        website: 'https://www.already-active.example',
        email: 'x@already-active.example',
      })
    ).json()
    const { id } = oneRow(await db.owner.query<{ id: string }>('SELECT id FROM inquiries WHERE reference = $1', [reference]), 'Inquiry')
    const gps = await t.login((await makeUser(db, 'gps')).email)
    const res = await gps.post(`/api/inquiries/${id}/convert`, {
      path: 'sponsor',
      agreementType: 'reseller',
      sponsorId: (await makeUser(db, 'solutions')).id,
    })
    expect(res.status).toBe(409)
    expect((await db.owner.query('SELECT 1 FROM onboarding_cases WHERE inquiry_id = $1', [id])).length).toBe(0)
    const ops = await t.login((await makeUser(db, 'partner_ops')).email)
    expect((await ops.post(`/api/inquiries/${id}/convert`, { path: 'deal', agreementType: 'potc', dealReference: 'X' })).status).toBe(403)
  })
})
