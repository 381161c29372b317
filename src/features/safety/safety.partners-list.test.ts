import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ctx } from '../../core/context.ts'
import { inTx } from '../../core/context.ts'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { listPartners, updatePartner } from '../partners/partners.service.ts'
import { setMatrixEntry } from './matrix.service.ts'
import { matrixMap } from './safety.queries.ts'
import { deriveRisk } from './safety.rules.ts'
import { safetyClearance, setClearanceOverride, setRiskOverride } from './safety.service.ts'

let db: Database
let t: TestApp
let safety: Ctx

const list = (q: { riskLevel?: 'high' | 'low'; programStatus?: 'not_in_program' | 'clear' | 'blocked' | 'overridden'; q?: string }) =>
  listPartners(safety, { sort: 'legalName', limit: 100, ...q })
const row = async (p: { id: string; legalName: string }) => (await list({ q: p.legalName })).items.find((i) => i.id === p.id)?.safety

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  const u = await makeUser(db, 'safety')
  safety = { ...sys(db), actor: { userId: u.id, email: u.email, name: u.name, role: 'safety', partnerId: null, via: 'session' } }
})
afterAll(() => db.close())

describe('the partners list: safety risk level and program status, derived in the query', () => {
  it('derives the same risk level as the gate for each seeded service, every pair of them, unknown and no services', async () => {
    const matrix = await inTx(sys(db), (sql) => matrixMap(sql))
    const services = [...matrix.values()].map((m) => m.service)
    const combos: string[][] = [[], ['Quantum plumbing'], ...services.map((s) => [` ${s.toUpperCase()}`])]
    for (let i = 0; i < services.length; i++) for (let j = i + 1; j < services.length; j++) combos.push([services[i]!, services[j]!])
    // Inserted directly (the list derives from whatever is stored): one partner per combination.
    const ids = await db.owner.query<{ id: string; services: string[] }>(
      `INSERT INTO partners (legal_name, headquarters_country, type, services, search_text)
       SELECT 'Combo ' || n, 'US', 'service', s, 'combo ' || n FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS c(j, n),
         LATERAL (SELECT coalesce(array_agg(x), '{}') AS s FROM jsonb_array_elements_text(c.j) x) a RETURNING id, services`,
      [JSON.stringify(combos)],
    )
    expect(ids.length).toBe(combos.length)
    const listed = new Map<string, string>()
    let cursor: string | undefined
    do {
      const page = await listPartners(safety, { sort: 'legalName', limit: 100, q: 'combo', cursor })
      for (const p of page.items) listed.set(p.id, p.safety.riskLevel)
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    for (const p of ids) expect([p.services, listed.get(p.id)]).toEqual([p.services, deriveRisk(p.services, matrix).riskLevel])
    expect([...listed.values()].filter((r) => r === 'high').length).toBeGreaterThan(0)
    expect([...listed.values()].filter((r) => r === 'low').length).toBeGreaterThan(0)
  })

  it('filters by risk level and program status, and follows services, matrix and overrides in the same transaction', async () => {
    const high = await makePartner(db, { legalName: 'Ladder Co', services: ['Work at height'] })
    const low = await makePartner(db, { legalName: 'Desk Co', services: ['Software development'] })
    // New and blocked: its gaps opened when it was created with a high-risk service.
    expect(await row(high)).toEqual({ riskLevel: 'high', programStatus: 'blocked' })
    expect(await row(low)).toEqual({ riskLevel: 'low', programStatus: 'not_in_program' })
    const ids = async (q: Parameters<typeof list>[0]) => (await list(q)).items.map((p) => p.id)
    expect(await ids({ riskLevel: 'high', q: 'Ladder Co' })).toEqual([high.id])
    expect(await ids({ riskLevel: 'high', q: 'Desk Co' })).toEqual([])
    expect(await ids({ riskLevel: 'low', q: 'Desk Co' })).toEqual([low.id])
    expect(await ids({ programStatus: 'blocked', q: 'Ladder Co' })).toEqual([high.id])
    expect(await ids({ programStatus: 'clear', q: 'Ladder Co' })).toEqual([])
    expect(await ids({ programStatus: 'not_in_program', q: 'Desk Co' })).toEqual([low.id])

    // A change of services moves the partner into the program at once.
    await updatePartner(sys(db), low.id, { services: ['Software development', 'Electrical work'] })
    expect(await row(low)).toEqual({ riskLevel: 'high', programStatus: 'blocked' })
    expect((await safetyClearance(safety, low.id)).clear).toBe(false)
    // A clearance override: overridden; a risk override to low: out of the program.
    await setClearanceOverride(safety, low.id, { reason: 'Audit booked', endsOn: '2099-12-31' })
    expect(await row(low)).toEqual({ riskLevel: 'high', programStatus: 'overridden' })
    await setRiskOverride(safety, high.id, { riskLevel: 'low', reason: 'Only inspects, never climbs' })
    expect(await row(high)).toEqual({ riskLevel: 'low', programStatus: 'not_in_program' })
    // A matrix change re-derives every partner.
    const desk = await makePartner(db, { legalName: 'Desk Two', services: ['Managed services'] })
    expect((await row(desk))?.riskLevel).toBe('low')
    await setMatrixEntry(safety, { service: 'Managed services', riskLevel: 'high', reason: 'Now on client sites' })
    expect(await row(desk)).toEqual({ riskLevel: 'high', programStatus: 'blocked' })
  })

  it('shows a partner user its own company only, with the same filters over HTTP', async () => {
    const own = await makePartner(db, { legalName: 'Own Heights', services: ['Work at height'] })
    const user = await t.login((await makeUser(db, 'partner_user', own.id)).email)
    const res = await user.get('/api/partners?riskLevel=high')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.items.map((p: { id: string }) => p.id)).toEqual([own.id])
    expect(body.items[0].safety).toEqual({ riskLevel: 'high', programStatus: 'blocked' })
    expect((await (await user.get('/api/partners?riskLevel=low')).json()).items).toEqual([])
    const bad = await user.get('/api/partners?programStatus=green')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(await bad.json())).toContain('programStatus')
  })
})
