import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import type { Database } from '../../core/db.ts'
import { requestInfo } from '../deals/review.service.ts'
import { registerDeal } from '../deals/deals.service.ts'
import type { Worklist } from './worklist.contract.ts'

let db: Database
let t: TestApp
beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
})
afterAll(() => db.close())

const worklistOf = async (email: string) => {
  const res = await (await t.login(email)).get('/api/worklist')
  expect(res.status).toBe(200)
  return (await res.json()) as Worklist
}
const kinds = (w: Worklist) => w.groups.map((g) => g.kind).sort()
const countOf = (w: Worklist, kind: string) => w.groups.find((g) => g.kind === kind)?.count

describe('GET /api/worklist', () => {
  it('gives each role the kinds of work it does, with counts and links', async () => {
    const gps = await makeUser(db, 'gps')
    for (const company of ['Initech LLC', 'Hooli Inc']) {
      const res = await t.request('/api/public/inquiries', {
        method: 'POST',
        json: {
          company,
          website: `https://${company.split(' ')[0]!.toLowerCase()}.example`,
          country: 'US',
          contactName: 'Pat Doe',
          email: `pat@${company.split(' ')[0]!.toLowerCase()}.example`,
          message: 'We resell storage.',
        },
        headers: { 'x-forwarded-for': `10.9.0.${company.length}` },
      })
      expect(res.status).toBe(201)
    }
    const w = await worklistOf(gps.email)
    expect(kinds(w)).toEqual(['myInquiries', 'newInquiries', 'onboardingDue'])
    const fresh = w.groups.find((g) => g.kind === 'newInquiries')!
    expect(fresh).toMatchObject({ count: 2, more: false, href: '/inquiries' })
    expect(fresh.items.map((i) => i.title).sort()).toEqual(['Hooli Inc', 'Initech LLC'])
    expect(fresh.items[0]!.href).toMatch(/^\/inquiries\/[0-9a-f-]{36}$/)

    expect(kinds(await worklistOf((await makeUser(db, 'sales')).email))).toEqual(['dealReviews'])
    expect(kinds(await worklistOf((await makeUser(db, 'marketing')).email))).toEqual([])
  })

  it('shows a partner the questions on its own deals only', async () => {
    const a = (await makePartner(db, { legalName: 'Worklist A', status: 'active', tier: 'strategic' })).id
    const b = (await makePartner(db, { legalName: 'Worklist B', status: 'active', tier: 'strategic' })).id
    const deal = await registerDeal(sys(db), {
      partnerId: a,
      customer: { name: 'Umbrella Corp', country: 'US' },
      products: ['Storage'],
      value: { amount: '50000.00', currency: 'USD' as const },
      expectedCloseDate: '2027-03-31',
    })
    await requestInfo(sys(db), deal.id, 'Who is the buyer?')

    const ofA = await worklistOf((await makeUser(db, 'partner_user', a)).email)
    expect(kinds(ofA)).toEqual(['dealQuestions'])
    expect(ofA.groups[0]).toMatchObject({ count: 1, items: [{ id: deal.id, title: 'Umbrella Corp', href: `/deals/${deal.id}` }] })
    const adminOfA = await worklistOf((await makeUser(db, 'partner_admin', a)).email)
    expect(kinds(adminOfA)).toEqual(['agreementsToSign', 'dealQuestions'])
    expect(countOf(await worklistOf((await makeUser(db, 'partner_user', b)).email), 'dealQuestions')).toBe(0)
  })
})
