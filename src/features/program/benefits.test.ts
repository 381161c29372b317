import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope, type Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { entitlementsFor, grants, meaningOf } from './benefits.ts'
import { entitlement, hasBenefit } from './benefits.service.ts'
import { loadBenefits } from './guidelines.queries.ts'
import { tiers, type Benefit } from './program.contract.ts'

let db: Database
let t: TestApp
let benefits: Benefit[]
beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  benefits = await db.transaction(systemScope, (sql) => loadBenefits(sql, 2026))
})
afterAll(() => db.close())

type Item = { key: string; level: string; granted: boolean; meaning: string; text: string }

describe('benefits by tier', () => {
  it('gives every Limited level a concrete meaning of its own', () => {
    const limited = benefits.flatMap((b) =>
      tiers.filter((t) => b.byTier[t].level === 'limited').map((t) => ({ key: b.key, ...b.byTier[t] })),
    )
    expect(limited.map((l) => l.key).sort()).toEqual(
      [
        'accountMapping',
        'businessPlans',
        'certificationTracking',
        'dealRegistration',
        'fundedResourcesTracking',
        'globalSupport',
        'jointInvestments',
        'mdfTracking',
        'partnerPlaybooks',
        'pipelineReporting',
        'platformPartnerPage',
        'platformPartnerPage',
        'platformPartnerPage',
        'namedPartnerManager',
        'rebateTracking',
      ].sort(),
    )
    for (const l of limited) expect(l.meaning).not.toBe(meaningOf('limited', null))
    const manager = benefits.find((b) => b.key === 'namedPartnerManager')!.byTier.select
    expect(manager.meaning).toContain('pooled partner manager shared across Select partners')
    expect(benefits.find((b) => b.key === 'pipelineReporting')!.byTier.select.meaning).toContain(
      'quarterly pipeline summary rather than live',
    )
  })

  it('grants a capability at Limited, by invitation and named roles; not at GPS team, customer level, n/a or No', () => {
    const granted = (b: typeof benefits, tier: Parameters<typeof entitlementsFor>[1], key: string) =>
      entitlementsFor(b, tier).find((e) => e.key === key)!.granted
    expect(granted(benefits, 'select', 'mdfTracking')).toBe(true)
    expect(granted(benefits, 'approved', 'mdfTracking')).toBe(false)
    expect(granted(benefits, 'select', 'jamProgram')).toBe(true)
    expect(granted(benefits, 'approved', 'namedPartnerManager')).toBe(false)
    expect(granted(benefits, 'approved', 'dealRegistration')).toBe(false)
    expect(granted(benefits, 'approved', 'rfpSupport')).toBe(true)
    expect(granted(benefits, null, 'rfpSupport')).toBe(false)
    expect(['yes', 'limited', 'by_invitation', 'named_role'].every((l) => grants(l as never))).toBe(true)
  })

  it('answers hasBenefit for a partner from its current tier', async () => {
    const select = await makePartner(db, { tier: 'select' })
    const approved = await makePartner(db, { tier: 'approved' })
    expect(await hasBenefit(sys(db), select.id, 'pipelineReporting')).toBe(true)
    expect(await hasBenefit(sys(db), approved.id, 'pipelineReporting')).toBe(false)
    expect(await entitlement(sys(db), select.id, 'pipelineReporting')).toMatchObject({ level: 'limited', granted: true })
    await expect(hasBenefit(sys(db), select.id, 'noSuchBenefit')).rejects.toThrow('No benefit "noSuchBenefit"')
  })

  it('shows a partner user its own entitlements, levels, meanings and who supports it', async () => {
    const manager = await makeUser(db, 'partner_manager', undefined, { name: 'Pat Manager' })
    const p = await makePartner(db, { tier: 'select', partnerManagerId: manager.id })
    const user = await t.login((await makeUser(db, 'partner_user', p.id)).email)
    const body = await (await user.get(`/api/partners/${p.id}/benefits`)).json()
    expect(body).toMatchObject({
      partnerId: p.id,
      tier: 'select',
      year: 2026,
      contact: { kind: 'pooledPartnerManager', name: 'Pat Manager' },
    })
    const items = body.items as Item[]
    expect(items).toHaveLength(23)
    expect(items.find((i) => i.key === 'relationshipSponsor')).toMatchObject({
      level: 'named_role',
      granted: true,
      meaning: 'Provided by: Manager/Director.',
    })
    expect(items.find((i) => i.key === 'gsaAlignment')).toMatchObject({ level: 'n_a', granted: false })
    expect(items.find((i) => i.key === 'platformPartnerPage')).toMatchObject({
      level: 'limited',
      text: 'Yes (basic unless in JAM Program)',
      granted: true,
    })
  })

  it('offers nothing to a partner without a tier, and points it to the GPS team', async () => {
    const prospect = await makePartner(db)
    const admin = await t.login((await makeUser(db, 'gps')).email)
    const body = await (await admin.get(`/api/partners/${prospect.id}/benefits`)).json()
    expect(body.tier).toBeNull()
    expect(body.contact).toMatchObject({ kind: 'gpsTeam' })
    expect((body.items as Item[]).every((i) => !i.granted && i.level === 'no')).toBe(true)
    const approved = await makePartner(db, { tier: 'approved' })
    const a = await (await admin.get(`/api/partners/${approved.id}/benefits`)).json()
    expect(a.contact.kind).toBe('gpsTeam')
    expect((a.items as Item[]).find((i) => i.key === 'namedPartnerManager')).toMatchObject({
      level: 'gps_team',
      granted: false,
      text: 'GPS Team',
    })
  })
})
