import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { runAgreementExpiry } from './agreements.expiry.ts'
import { getAgreement, insertAgreement, updateAgreement } from './agreements.service.ts'
import { inTx } from '../../core/context.ts'
import { oneRow } from '../../core/db-rows.ts'

let db: Database
let partnerId: string
let soon: string, lapsing: string, unsigned: string
const at = (date: string) => ({ ...sys(db), now: () => new Date(`${date}T06:00:00Z`) })
const reminders = async (id: string) =>
  await db.owner.query<{ days_before: number; recipients: string[] }>(
    'SELECT days_before, recipients FROM agreement_reminders WHERE agreement_id = $1 ORDER BY sent_at',
    [id],
  )
const notified = async (id: string) =>
  (
    await db.owner.query<{ after: { template: string; to: string[] } }>(
      `SELECT after FROM audit_log WHERE entity = 'agreement' AND entity_id = $1 AND action = 'notify' ORDER BY id`,
      [id],
    )
  ).map((r) => r.after)

beforeAll(async () => {
  db = await createTestDb()
  const manager = await makeUser(db, 'partner_manager', undefined, { email: 'manager@example.com' })
  partnerId = (await makePartner(db, { legalName: 'Expiring Co', partnerManagerId: manager.id })).id
  await makeUser(db, 'partner_admin', partnerId, { email: 'admin@expiring.example' })
  const make = async (expiryDate: string, status: 'draft' | 'out_for_signature') =>
    (
      await inTx(sys(db), (sql) =>
        insertAgreement(sys(db), sql, { partnerId, type: 'nda', effectiveDate: '2026-01-01', expiryDate }, status),
      )
    ).id
  soon = await make('2027-06-30', 'out_for_signature')
  lapsing = await make('2027-08-15', 'out_for_signature')
  unsigned = await make('2027-08-10', 'out_for_signature')
  await db.owner.query(`UPDATE agreements SET status = 'active' WHERE id = ANY($1::uuid[])`, [[soon, lapsing]])
})
afterAll(() => db.close())

describe('the agreement expiry job', () => {
  it('sends nothing before 90 days', async () => {
    expect(await runAgreementExpiry(at('2027-03-31'))).toEqual({ expired: 0, reminders: 0 })
    expect(await reminders(soon)).toEqual([])
  })

  it('reminds the partner manager and partner admins at 90, 30 and 7 days, each once', async () => {
    expect(await runAgreementExpiry(at('2027-04-01'))).toMatchObject({ reminders: 1 })
    expect(await runAgreementExpiry(at('2027-04-02'))).toMatchObject({ reminders: 0 })
    await runAgreementExpiry(at('2027-05-30'))
    expect((await reminders(soon)).map((r) => r.days_before)).toEqual([90])
    await runAgreementExpiry(at('2027-05-31'))
    await runAgreementExpiry(at('2027-06-01'))
    await runAgreementExpiry(at('2027-06-23'))
    await runAgreementExpiry(at('2027-06-29'))
    const sent = await reminders(soon)
    expect(sent.map((r) => r.days_before)).toEqual([90, 30, 7])
    expect(sent[0]?.recipients).toEqual(['admin@expiring.example', 'manager@example.com'])
    expect((await notified(soon)).filter((n) => n.template.startsWith('agreementExpiring')).map((n) => n.template)).toEqual([
      'agreementExpiring90',
      'agreementExpiring30',
      'agreementExpiring7',
    ])
  })

  it('a run that starts late sends only the most urgent reminder due', async () => {
    const fresh = (
      await inTx(sys(db), (sql) =>
        insertAgreement(sys(db), sql, { partnerId, type: 'mou', effectiveDate: '2026-01-01', expiryDate: '2027-07-20' }),
      )
    ).id
    await db.owner.query(`UPDATE agreements SET status = 'active' WHERE id = $1`, [fresh])
    await runAgreementExpiry(at('2027-06-25'))
    expect((await reminders(fresh)).map((r) => r.days_before)).toEqual([30])
    await runAgreementExpiry(at('2027-06-26'))
    expect((await reminders(fresh)).map((r) => r.days_before)).toEqual([30])
  })

  it('marks active and unsigned agreements past their expiry date as expired, once; reads them expired even before', async () => {
    expect((await getAgreement(at('2027-08-15'), lapsing)).status).toBe('active')
    // The day after expiry the agreement reads expired, though the job has not run.
    expect((await getAgreement(at('2027-08-16'), lapsing)).status).toBe('expired')
    expect((await db.owner.query<{ status: string }>('SELECT status FROM agreements WHERE id = $1', [lapsing]))[0]?.status).toBe('active')
    const r = await runAgreementExpiry(at('2027-08-16'))
    expect(r.expired).toBe(4) // soon, the late one, lapsing and the unsigned one
    for (const id of [soon, lapsing, unsigned]) {
      const row = oneRow(await db.owner.query<{ status: string }>('SELECT status FROM agreements WHERE id = $1', [id]), 'Agreement')
      expect(row.status).toBe('expired')
    }
    expect((await runAgreementExpiry(at('2027-08-17'))).expired).toBe(0)
  })

  it('a renewal brings an agreement the job expired back: out for signature when it was never signed', async () => {
    const renewed = await updateAgreement(at('2027-08-20'), unsigned, { expiryDate: '2029-08-10' })
    expect(renewed).toMatchObject({ status: 'out_for_signature', expiryDate: '2029-08-10' })
  })
})
