import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import type { EvidenceInput } from './evidence.contract.ts'
import { decideEvidence, uploadEvidence } from './evidence.service.ts'
import { closeGap, listGaps, raiseRedFlag } from './gaps.service.ts'
import { runSafetyDaily } from './safety.jobs.ts'
import { safetyClearance, setClearanceOverride } from './safety.service.ts'
import { setSubscription } from './subscription.service.ts'

let db: Database
let t: TestApp
let dataDir: string
let partnerA: string
let safetyActor: Actor, adminActor: Actor
let safetyHttp: Awaited<ReturnType<TestApp['login']>>,
  adminA: Awaited<ReturnType<TestApp['login']>>,
  adminB: Awaited<ReturnType<TestApp['login']>>
const LIMIT = 4000
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
const TODAY = '2027-03-01'
const at = (actor: Actor, date = TODAY): Ctx => ({ ...sys(db), config: t.config, actor, now: () => new Date(`${date}T12:00:00Z`) })
/** The documents stored: rows of stored_files on PostgreSQL, files under the data directory on the embedded database. */
const storedFiles = async (): Promise<unknown[]> =>
  db.kind === 'postgres'
    ? db.owner.query('SELECT sha256 FROM stored_files')
    : fs.existsSync(path.join(dataDir, 'files'))
      ? fs.readdirSync(path.join(dataDir, 'files'), { recursive: true }).filter((f) => String(f).length > 2)
      : []
const count = async (table: string) => (await db.owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n
const upload = (client: typeof adminA, partnerId: string, details: unknown, bytes: Buffer = PDF) => {
  const form = new FormData()
  form.append('file', new File([new Uint8Array(bytes)], 'evidence.pdf', { type: 'application/pdf' }))
  form.append('details', JSON.stringify(details))
  return t.request(`/api/partners/${partnerId}/safety/evidence`, { method: 'POST', body: form, headers: client.headers })
}
const cert = (type: string, expiryDate: string, amount = '2000000.00'): EvidenceInput =>
  ({
    kind: 'insurance',
    insuranceType: type,
    insurer: 'Hartford',
    policyNumber: `P-${type}`,
    limit: { amount, currency: 'USD' },
    effectiveDate: '2026-06-01',
    expiryDate,
  }) as EvidenceInput
const accepted = async (input: EvidenceInput, date = TODAY) => {
  const e = await uploadEvidence(at(adminActor, date), partnerA, input, { name: 'e.pdf', bytes: PDF })
  return decideEvidence(at(safetyActor, date), e.id, { decision: 'accept' })
}
const actorOf = (u: { id: string; email: string; name: string }, role: Actor['role'], partnerId: string | null): Actor => ({
  userId: u.id,
  email: u.email,
  name: u.name,
  role,
  partnerId,
  via: 'session',
})

beforeAll(async () => {
  db = await createTestDb()
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-safety-'))
  t = createTestApp(db, { DATA_DIR: dataDir, DOCUMENT_LIMIT_BYTES: String(LIMIT) })
  partnerA = (await makePartner(db, { legalName: 'Height Works', services: ['Work at height', 'Remote consulting'] })).id
  const partnerB = (await makePartner(db, { legalName: 'Other Co', services: ['Cabling'] })).id
  const s = await makeUser(db, 'safety', undefined, { email: 'safety@example.com' })
  const a = await makeUser(db, 'partner_admin', partnerA, { email: 'admin@height.example' })
  safetyActor = actorOf(s, 'safety', null)
  adminActor = actorOf(a, 'partner_admin', partnerA)
  safetyHttp = await t.login(s.email)
  adminA = await t.login(a.email)
  adminB = await t.login((await makeUser(db, 'partner_admin', partnerB)).email)
})
afterAll(async () => {
  await db.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('subscription, evidence and the gate', () => {
  it('blocks a high-risk partner with nothing on file, saying what to fix', async () => {
    const c = await safetyClearance(at(safetyActor), partnerA)
    expect(c.clear).toBe(false)
    expect(c.reasons.map((r) => r.code)).toEqual([
      'NO_SUBSCRIPTION',
      'INSURANCE_MISSING',
      'INSURANCE_MISSING',
      'INSURANCE_MISSING',
      'STATISTICS_MISSING',
      'PROGRAM_MISSING',
    ])
  })

  it('takes a subscription by hand, checking the grade against the provider', async () => {
    const bad = await safetyHttp.put(`/api/partners/${partnerA}/safety/subscription`, { status: 'active', grade: 'Z' })
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors).toEqual([{ path: 'grade', message: 'ISNetworld grades are A, B, C, F' }])
    const pct = await safetyHttp.put(`/api/partners/${partnerA}/safety/subscription`, { status: 'active', score: 90 })
    expect((await pct.json()).errors[0].path).toBe('score')
    expect(await count('safety_subscriptions')).toBe(0)
    // Updated by the provider in June, so the update stays fresh through the dates below.
    const sub = await setSubscription(at(safetyActor, '2027-06-01'), partnerA, {
      status: 'active',
      accountId: 'ISN-100',
      grade: 'b',
      providerUpdatedOn: '2027-06-01',
    })
    expect(sub).toMatchObject({ providerName: 'ISNetworld', grade: 'B', status: 'active', updatedBy: { name: expect.any(String) } })
  })

  it('refuses bad files and out-of-range statistics before storing anything', async () => {
    const before = (await storedFiles()).length
    const exe = await upload(adminA, partnerA, cert('auto', '2028-01-01'), Buffer.from('MZ\x90\x00\x03\x00\x00\x00not really a program'))
    expect(exe.status).toBe(415)
    const big = await upload(adminA, partnerA, cert('auto', '2028-01-01'), Buffer.concat([PDF, Buffer.alloc(LIMIT)]))
    expect(big.status).toBe(413)
    const stats = await upload(adminA, partnerA, { kind: 'statistics', year: 2026, trir: 1, dart: 0.5, emr: 12, hoursWorked: 100000 })
    expect(stats.status).toBe(400)
    expect((await stats.json()).errors).toEqual([{ path: 'details.emr', message: 'EMR must be between 0 and 10' }])
    expect((await storedFiles()).length).toBe(before)
    expect(await count('safety_evidence')).toBe(0)
  })

  it('keeps each company to its own evidence', async () => {
    expect((await upload(adminB, partnerA, cert('auto', '2028-01-01'))).status).toBe(404)
    expect((await adminB.get(`/api/partners/${partnerA}/safety/evidence`)).status).toBe(404)
    expect((await adminB.get(`/api/safety/gaps?partnerId=${partnerA}`)).status).toBe(200)
    expect((await (await adminB.get(`/api/safety/gaps?partnerId=${partnerA}`)).json()).items).toEqual([])
  })

  it('counts evidence once a safety user accepts it; a rejection needs a reason', async () => {
    const res = await upload(adminA, partnerA, cert('general_liability', '2027-06-30'))
    expect(res.status).toBe(201)
    const gl = await res.json()
    expect(gl).toMatchObject({ status: 'submitted', limit: { amount: '2000000.00', currency: 'USD' }, expired: false })
    const noReason = await safetyHttp.post(`/api/safety/evidence/${gl.id}/decide`, { decision: 'reject' })
    expect(noReason.status).toBe(400)
    expect((await adminA.post(`/api/safety/evidence/${gl.id}/decide`, { decision: 'accept' })).status).toBe(403)
    await decideEvidence(at(safetyActor), gl.id, { decision: 'accept' })
    await accepted(cert('workers_compensation', '2028-01-31', '500000.00'))
    await accepted(cert('auto', '2028-01-31'))
    await accepted({ kind: 'statistics', year: 2026, trir: 1.1, dart: 0.4, emr: 0.85, hoursWorked: 250000 })
    await accepted({ kind: 'program', title: 'Health and safety manual' })
    expect(await safetyClearance(at(safetyActor), partnerA)).toEqual({ clear: true, riskLevel: 'high', reasons: [] })
  })

  it('reminds admins and the safety team at 90, 30 and 7 days through the event catalog, once each, never twice', async () => {
    // A second safety user who chose in-app only for this event: notified, never emailed.
    const quiet = await makeUser(db, 'safety', undefined, { email: 'quiet-safety@example.com' })
    await db.owner.query(
      `INSERT INTO notification_preferences (user_id, event_type, channel) VALUES ($1, 'safety_evidence.expiring', 'in_app')`,
      [quiet.id],
    )
    const run = (date: string) => runSafetyDaily(at(safetyActor, date))
    expect((await run('2027-03-31')).reminders).toBe(0)
    expect((await run('2027-04-01')).reminders).toBe(1)
    expect((await run('2027-04-01')).reminders).toBe(0)
    expect((await run('2027-05-01')).reminders).toBe(0)
    expect((await run('2027-05-31')).reminders).toBe(1)
    // Two runs at the same moment: one sends, the other finds the reminder claimed.
    expect((await Promise.all([run('2027-06-23'), run('2027-06-23')])).map((r) => r.reminders).sort()).toEqual([0, 1])
    expect((await run('2027-06-29')).reminders).toBe(0)
    const sent = await db.owner.query<{ days_before: number; recipients: string[] }>(
      'SELECT days_before, recipients FROM safety_reminders ORDER BY sent_at',
    )
    expect(sent.map((s) => s.days_before)).toEqual([90, 30, 7])
    expect(sent[0]?.recipients).toEqual(['admin@height.example', 'safety@example.com'])
    const events = await db.owner.query<{ payload: { reminder: number; partnerId: string } }>(
      `SELECT payload FROM events WHERE type = 'safety_evidence.expiring' ORDER BY created_at`,
    )
    expect(events.map((e) => e.payload.reminder)).toEqual([90, 30, 7])
    expect(events.every((e) => e.payload.partnerId === partnerA)).toBe(true)
    // In the app: each of the three users once per reminder; the other company's users never.
    const notes = await db.owner.query<{ email: string; n: number; link: string }>(
      `SELECT u.email::text AS email, count(*)::int AS n, min(n.link) AS link FROM notifications n JOIN users u ON u.id = n.user_id
       WHERE n.type = 'safety_evidence.expiring' GROUP BY u.email ORDER BY u.email`,
    )
    expect(notes).toEqual([
      { email: 'admin@height.example', n: 3, link: '/safety-compliance' },
      { email: 'quiet-safety@example.com', n: 3, link: `/partners/${partnerA}?tab=safety` },
      { email: 'safety@example.com', n: 3, link: `/partners/${partnerA}?tab=safety` },
    ])
    // By email: the partner's admins and the staff get their own copy (links to their own pages), once per reminder.
    const mail = await db.owner.query<{ template: string; subject: string; to: string[] }>(
      `SELECT template, subject, recipients AS "to" FROM mail_outbox WHERE template LIKE 'safetyEvidence%' ORDER BY created_at, template`,
    )
    expect(mail.map((m) => m.template)).toEqual([
      'safetyEvidenceExpiring90',
      'safetyEvidenceExpiring90',
      'safetyEvidenceExpiring30',
      'safetyEvidenceExpiring30',
      'safetyEvidenceExpiring7',
      'safetyEvidenceExpiring7',
    ])
    expect(mail.flatMap((m) => m.to)).not.toContain('quiet-safety@example.com')
    expect(mail[0]?.subject).toBe('Safety evidence of Height Works expires in 90 days: general liability certificate')
  })

  it('is clear on the expiry date and blocked from the next day (UTC); a new certificate closes the gap and lifts the block', async () => {
    expect((await safetyClearance(at(safetyActor, '2027-06-30'), partnerA)).clear).toBe(true)
    const blocked = await safetyClearance(at(safetyActor, '2027-07-01'), partnerA)
    expect(blocked).toEqual({
      clear: false,
      riskLevel: 'high',
      reasons: [
        {
          code: 'INSURANCE_EXPIRED',
          message: 'The general liability certificate expired on 2027-06-30. Upload a current general liability certificate.',
        },
      ],
    })
    await runSafetyDaily(at(safetyActor, '2027-07-01'))
    const open = await listGaps(at(safetyActor), { partnerId: partnerA, open: 'true' })
    expect(open.map((g) => g.kind)).toEqual(['insurance_expired'])
    // The queue's age filter: opened today, so 0 days old and not yet 1 (UTC dates).
    expect((await listGaps(at(safetyActor, '2027-07-01'), { partnerId: partnerA, open: 'true', minAgeDays: 0 })).length).toBe(1)
    expect(await listGaps(at(safetyActor, '2027-07-01'), { partnerId: partnerA, open: 'true', minAgeDays: 1 })).toEqual([])
    expect((await listGaps(at(safetyActor, '2027-07-02'), { partnerId: partnerA, open: 'true', minAgeDays: 1 })).length).toBe(1)
    await accepted(cert('general_liability', '2028-06-30'), '2027-07-02')
    expect((await safetyClearance(at(safetyActor, '2027-07-02'), partnerA)).clear).toBe(true)
    const gap = (await listGaps(at(safetyActor), { partnerId: partnerA })).find((g) => g.id === open[0]?.id)
    expect(gap).toMatchObject({ closeNote: 'Closed by itself: its cause is gone', closedBy: null })
    expect(gap?.closedAt).not.toBeNull()
  })

  it('blocks on an open high-severity red flag until it is closed with a note; computed gaps are not closed by hand', async () => {
    const flag = await raiseRedFlag(at(safetyActor), partnerA, { kind: 'incident', message: 'Fall from a ladder', severity: 'high' })
    expect((await safetyClearance(at(safetyActor), partnerA)).reasons).toEqual([
      { code: 'RED_FLAG', message: 'Open red flag: Fall from a ladder' },
    ])
    const closed = await closeGap(at(safetyActor), flag.id, 'Investigated; retraining done')
    expect(closed).toMatchObject({ closeNote: 'Investigated; retraining done', closedBy: { name: expect.any(String) } })
    expect((await safetyClearance(at(safetyActor), partnerA)).clear).toBe(true)
    const computed = (await listGaps(at(safetyActor), { partnerId: partnerA, source: 'computed' }))[0]
    const res = await safetyHttp.post(`/api/safety/gaps/${computed?.id}/close`, { note: 'x' })
    expect(res.status).toBe(409)
  })

  it('clears a blocked partner through the end date of an override, not a day longer', async () => {
    await setSubscription(at(safetyActor), partnerA, {
      status: 'lapsed',
      accountId: 'ISN-100',
      grade: 'B',
      providerUpdatedOn: '2027-02-15',
    })
    expect((await safetyClearance(at(safetyActor), partnerA)).reasons.map((r) => r.code)).toEqual(['SUBSCRIPTION_LAPSED'])
    await setClearanceOverride(at(safetyActor), partnerA, { reason: 'Renewal paid, ISN catching up', endsOn: '2027-03-10' })
    const c = await safetyClearance(at(safetyActor, '2027-03-10'), partnerA)
    expect(c.clear).toBe(true)
    expect(c.reasons[0]?.code).toBe('CLEARANCE_OVERRIDE')
    expect((await safetyClearance(at(safetyActor, '2027-03-11'), partnerA)).clear).toBe(false)
  })
})
