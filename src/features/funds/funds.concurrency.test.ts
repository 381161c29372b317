import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb, usingPostgres } from '../../../tests/setup/db.ts'
import { makePartner } from '../../../tests/factories/index.ts'
import { activity, actorCtx } from './funds.test-helpers.ts'
import { approveRequest, createRequest, partnerFunds, setAllocation } from './mdf.service.ts'

let db: Database
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db.close())

describe('concurrent MDF approvals', () => {
  it(`never take the available balance below zero${usingPostgres ? ' (PostgreSQL, 32 at once)' : ' (embedded, serialized)'}`, async () => {
    const partner = (await makePartner(db, { status: 'active', tier: 'strategic' })).id
    const mkt = await actorCtx(db, 'marketing')
    const user = await actorCtx(db, 'partner_user', partner)
    // 10,000 allocated; 32 requests of 700 each: at most 14 fit (9,800), the rest must be refused.
    await setAllocation(mkt, { partnerId: partner, programYear: 2027, amount: { amount: '10000.00', currency: 'USD' } })
    const ids: string[] = []
    for (let i = 0; i < 32; i++) ids.push((await createRequest(user, activity(partner, '700.00'))).id)
    const approvers = await Promise.all([0, 1, 2, 3].map((i) => actorCtx(db, i % 2 ? 'incentives' : 'marketing')))
    const results = await Promise.allSettled(ids.map((id, i) => approveRequest(approvers[i % approvers.length]!, id)))
    const approved = results.filter((r) => r.status === 'fulfilled').length
    const refused = results.filter((r) => r.status === 'rejected')
    expect(refused.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(refused.length).fill('FUNDS_INSUFFICIENT'))
    expect(approved).toBe(14)
    const [b] = (await partnerFunds(mkt, partner)).items
    expect(b).toMatchObject({ available: { amount: '200.00' }, committed: { amount: '9800.00' } })
  })
})
