import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import type { Database } from '../../core/db.ts'
import { loadConfig } from '../../core/config.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { escalateOverdueReviews, expireDeals } from './deals.jobs.ts'
import { approveDeal, requestInfo } from './review.service.ts'
import { getDeal, registerDeal, updateDeal } from './deals.service.ts'

let db: Database
let partner: Actor, reviewer: Actor
const config = loadConfig({ DEAL_ESCALATION_EMAIL: 'incentives-lead@alliance.example' })
/** A context acting as `actor` at a fixed instant. */
const at = (actor: Actor, iso: string): Ctx => ({ ...sys(db), config, actor, now: () => new Date(`${iso}T10:00:00Z`) })
const actorOf = (u: { id: string; email: string; name: string; role: Actor['role']; partnerId: string | null }): Actor => ({
  userId: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  partnerId: u.partnerId,
  via: 'session',
})
const deal = (name: string) => ({
  customer: { name, domain: `${name.toLowerCase().replace(/\W/g, '')}.com`, country: 'US' },
  products: ['Storage'],
  value: { amount: '100000.00', currency: 'USD' as const },
  expectedCloseDate: '2027-03-31',
})
const kinds = async (id: string) => (await getDeal(at(reviewer, '2027-01-01'), id)).history.map((e) => e.kind)

beforeAll(async () => {
  db = await createTestDb()
  const acme = await makePartner(db, { legalName: 'Acme Systems', status: 'active', tier: 'strategic' })
  partner = actorOf((await makeUser(db, 'partner_user', acme.id)) as never)
  reviewer = actorOf((await makeUser(db, 'incentives')) as never)
})
afterAll(() => db.close())

describe('expiring approved registrations', () => {
  it('expires them after the last day of protection, frees the customer and tells the partner; closed deals stay', async () => {
    const a = await registerDeal(at(partner, '2026-11-23'), deal('Initrode'))
    const b = await registerDeal(at(partner, '2026-11-23'), deal('Vandelay'))
    await approveDeal(at(reviewer, '2026-11-24'), a.id, { protectionDays: 10 })
    await approveDeal(at(reviewer, '2026-11-24'), b.id, { protectionDays: 10 })
    await updateDeal(at(partner, '2026-11-30'), b.id, { stage: 'closed_won' })
    expect(await expireDeals(at(reviewer, '2026-12-04'))).toEqual({ expired: 0 })
    expect(await expireDeals(at(reviewer, '2026-12-05'))).toEqual({ expired: 1 })
    expect(await expireDeals(at(reviewer, '2026-12-06'))).toEqual({ expired: 0 })
    expect((await getDeal(at(partner, '2026-12-05'), a.id)).status).toBe('expired')
    expect((await getDeal(at(partner, '2026-12-05'), b.id)).status).toBe('closed')
    const history = (await getDeal(at(partner, '2026-12-05'), a.id)).history
    expect(history.slice(-2)).toMatchObject([
      { kind: 'expired', actor: 'System' },
      { kind: 'notified', data: { template: 'deal-expired', to: [partner.email] } },
    ])
    // The customer is free again: a new registration of it can be approved.
    const again = await registerDeal(at(partner, '2026-12-07'), deal('Initrode'))
    expect((await approveDeal(at(reviewer, '2026-12-07'), again.id, {})).status).toBe('approved')
  })
})

describe('escalating overdue reviews', () => {
  it('escalates a review once, the day after it was due, to the team lead; paused reviews wait', async () => {
    const late = await registerDeal(at(partner, '2026-11-26'), deal('Kramerica')) // Thursday: due Monday 30th
    const paused = await registerDeal(at(partner, '2026-11-26'), deal('Pendant Publishing'))
    await requestInfo(at(reviewer, '2026-11-27'), paused.id, 'Who is the buyer?')
    expect(late.expectedDecisionDate).toBe('2026-11-30')
    expect(await escalateOverdueReviews(at(reviewer, '2026-11-30'))).toEqual({ escalated: 0 })
    expect(await escalateOverdueReviews(at(reviewer, '2026-12-01'))).toEqual({ escalated: 1 })
    expect(await escalateOverdueReviews(at(reviewer, '2026-12-02'))).toEqual({ escalated: 0 })
    const detail = await getDeal(at(reviewer, '2026-12-01'), late.id)
    expect(detail).toMatchObject({ overdue: true, escalatedAt: '2026-12-01T10:00:00.000Z' })
    expect(detail.history.slice(-2)).toMatchObject([
      { kind: 'escalated', note: 'Review overdue since 2026-11-30' },
      { kind: 'notified', data: { template: 'deal-escalated', to: ['incentives-lead@alliance.example'] } },
    ])
    // The partner sees neither the escalation nor its email.
    expect((await getDeal(at(partner, '2026-12-01'), late.id)).history.map((e) => e.kind)).not.toContain('escalated')
    expect(await kinds(paused.id)).not.toContain('escalated')
  })
})
