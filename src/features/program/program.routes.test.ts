import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makeUser } from '../../../tests/factories/index.ts'

let db: Database
let t: TestApp
let admin: Awaited<ReturnType<TestApp['login']>>
let pm: Awaited<ReturnType<TestApp['login']>>

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  admin = await t.login((await makeUser(db, 'admin')).email)
  pm = await t.login((await makeUser(db, 'partner_manager')).email)
})
afterAll(() => db.close())

const $ = (amount: string, currency = 'USD') => ({ amount, currency })
const figures = {
  revenue: $('62500000'),
  activeCustomers: 100,
  averagePipeline: $('125000000'),
  jointInvestments: $('2500000'),
  rebates: $('1000000'),
  marketingFunding: $('500000'),
  fundedResourcesAmount: $('1000000'),
  fundedResourcesFtes: 2,
  executiveSponsor: false,
  gtmCategories: 2,
}
const paths = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path).sort()
const snapshot = async () => [
  await db.owner.query('SELECT * FROM program_thresholds ORDER BY year, criterion_key, tier'),
  await db.owner.query('SELECT * FROM program_benefit_levels ORDER BY year, benefit_key, tier'),
]

describe('program years', () => {
  it('serves the seeded 2026 year: 11 criteria, 23 benefits, the default holistic settings', async () => {
    const list = await (await pm.get('/api/program/years')).json()
    expect(list.items).toEqual([{ year: 2026, status: 'active', rule: { mustPass: ['revenue'], categoryRatio: 0.75 }, version: 1 }])
    const year = await (await pm.get('/api/program/years/2026')).json()
    expect(year.criteria).toHaveLength(11)
    expect(year.criteria[0]).toMatchObject({
      key: 'revenue',
      category: 'salesRelevance',
      unit: 'usd',
      byTier: { strategic: { threshold: '300000000.00', text: '$300M' } },
    })
    expect(year.benefits).toHaveLength(23)
    const sponsor = year.benefits.find((b: { key: string }) => b.key === 'relationshipSponsor')
    expect(sponsor.byTier.strategic).toMatchObject({ level: 'named_role', role: 'VP/SVP', text: 'VP/SVP' })
    expect(sponsor.byTier.approved).toMatchObject({ level: 'n_a', text: 'n/a' })
    expect(year.benefits.map((b: { group: string }) => b.group).filter((g: string, i: number, a: string[]) => a.indexOf(g) === i)).toEqual([
      'partnerManagement',
      'sales',
      'marketing',
      'operations',
    ])
    expect((await pm.get('/api/program/years/2031')).status).toBe(404)
  })

  it('copies a year to the next as a draft, once', async () => {
    const res = await admin.post('/api/program/years/2026/copy')
    expect(res.status).toBe(201)
    const copy = await res.json()
    expect(copy).toMatchObject({ year: 2027, status: 'draft' })
    const original = await (await pm.get('/api/program/years/2026')).json()
    expect(copy.criteria).toEqual(original.criteria)
    expect(copy.benefits).toEqual(original.benefits)
    const again = await admin.post('/api/program/years/2026/copy')
    expect(again.status).toBe(409)
    expect((await again.json()).code).toBe('PROGRAM_YEAR_EXISTS')
  })

  it('edits a threshold table, writing the page-style wording', async () => {
    const res = await admin.patch('/api/program/years/2027/criteria/revenue', {
      thresholds: { strategic: '325000000', advantage: 80000000, select: '30000000.00', approved: '3500000' },
    })
    expect(res.status).toBe(200)
    const c = await res.json()
    expect(c.byTier.strategic).toEqual({ threshold: '325000000.00', typical: null, text: '$325M' })
    expect(c.byTier.approved.text).toBe('$3.5M')
    const pipeline = await admin.patch('/api/program/years/2027/criteria/averagePipeline', {
      category: 'marketPosition',
      thresholds: { strategic: '400000000', advantage: '125000000', select: '30000000', approved: 'n/a' },
      typical: { strategic: '1000000000', advantage: null, select: null, approved: null },
    })
    expect(await pipeline.json()).toMatchObject({
      category: 'marketPosition',
      byTier: { strategic: { text: '$400M to $1B+' }, approved: { threshold: 'n/a' } },
    })
    // The active year is untouched.
    const y2026 = await (await pm.get('/api/program/years/2026')).json()
    expect(y2026.criteria[0].byTier.strategic.threshold).toBe('300000000.00')
  })

  it('refuses bad threshold tables with field errors and changes nothing', async () => {
    const before = await snapshot()
    const cases: [string, unknown, string[]][] = [
      ['revenue', { thresholds: { strategic: '1', advantage: '1', select: '1' } }, ['thresholds.approved']],
      ['revenue', { thresholds: { strategic: -5, advantage: '1', select: '1', approved: '1' } }, ['thresholds.strategic']],
      ['revenue', { thresholds: { strategic: 'required', advantage: '1', select: '1', approved: '1' } }, ['thresholds.strategic']],
      ['revenue', { thresholds: { strategic: '1', advantage: '1', select: '1', approved: '1.001' } }, ['thresholds.approved']],
      [
        'executiveSponsor',
        { thresholds: { strategic: '1', advantage: 'required', select: 'optional', approved: 'n/a' } },
        ['thresholds.strategic'],
      ],
      ['activeCustomers', { thresholds: { strategic: '250.5', advantage: '1', select: '1', approved: '1' } }, ['thresholds.strategic']],
      ['revenue', { thresholds: { strategic: '1', advantage: '1', select: '1', approved: '1', elite: '1' } }, ['thresholds.elite']],
      ['averagePipeline', { typical: { strategic: '1', advantage: null, select: null, approved: null } }, ['typical.strategic']],
    ]
    for (const [key, body, expected] of cases) {
      const res = await admin.patch(`/api/program/years/2027/criteria/${key}`, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(paths(await res.json())).toEqual(expected)
    }
    const unknown = await admin.patch('/api/program/years/2027/criteria/partnerSatisfaction', { label: 'x' })
    expect(unknown.status).toBe(400)
    expect(paths(await unknown.json())).toEqual(['key'])
    expect(await snapshot()).toEqual(before)
  })

  it('edits a benefit’s label and level table on a draft year, leaving the active year as it was', async () => {
    const res = await admin.patch('/api/program/years/2027/benefits/businessPlans', {
      label: 'Joint business plans',
      levels: {
        strategic: { level: 'yes' },
        advantage: { level: 'named_role', role: 'VP/SVP' },
        select: { level: 'limited', meaning: 'One plan a year, reviewed at year end' },
        approved: { level: 'no' },
      },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      key: 'businessPlans',
      label: 'Joint business plans',
      byTier: {
        strategic: { level: 'yes', text: 'Yes' },
        advantage: { level: 'named_role', role: 'VP/SVP', text: 'VP/SVP' },
        select: { level: 'limited', meaning: 'One plan a year, reviewed at year end' },
        approved: { level: 'no', text: 'No' },
      },
    })
    const y2026 = await (await pm.get('/api/program/years/2026')).json()
    expect(y2026.benefits.find((b: { key: string }) => b.key === 'businessPlans').label).not.toBe('Joint business plans')
  })

  it('refuses bad benefit tables with field errors and changes nothing', async () => {
    const before = await snapshot()
    const levels = { strategic: { level: 'yes' }, advantage: { level: 'yes' }, select: { level: 'yes' }, approved: { level: 'yes' } }
    const cases: [string, unknown, number, string[]][] = [
      ['businessPlans', { levels: { ...levels, approved: undefined } }, 400, ['levels.approved']],
      ['businessPlans', { levels: { ...levels, select: { level: 'limited' } } }, 400, ['levels.select.meaning']],
      ['businessPlans', { levels: { ...levels, advantage: { level: 'named_role' } } }, 400, ['levels.advantage.role']],
      ['businessPlans', { levels: { ...levels, strategic: { level: 'platinum' } } }, 400, ['levels.strategic.level']],
      ['noSuchBenefit', { label: 'x' }, 404, []],
    ]
    for (const [key, body, status, expected] of cases) {
      const res = await admin.patch(`/api/program/years/2027/benefits/${key}`, body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      if (expected.length) expect(paths(await res.json())).toEqual(expected)
    }
    expect(await snapshot()).toEqual(before)
  })

  it('moves a year draft → active → locked; a locked year is read-only', async () => {
    expect((await admin.patch('/api/program/years/2027', { status: 'locked' })).status).toBe(409)
    const { version } = await (await admin.get('/api/program/years/2027')).json()
    const active = await admin.patch('/api/program/years/2027', {
      status: 'active',
      mustPass: ['revenue', 'activeCustomers'],
      categoryRatio: 0.5,
    })
    expect(await active.json()).toMatchObject({
      status: 'active',
      rule: { mustPass: ['revenue', 'activeCustomers'], categoryRatio: 0.5 },
      version: version + 1,
    })
    expect((await admin.patch('/api/program/years/2027', { status: 'locked' })).status).toBe(200)
    const before = await snapshot()
    const edit = await admin.patch('/api/program/years/2027/criteria/rebates', { label: 'Rebates' })
    expect(edit.status).toBe(409)
    expect((await edit.json()).code).toBe('PROGRAM_YEAR_LOCKED')
    const benefit = await admin.patch('/api/program/years/2027/benefits/businessPlans', { label: 'Plans' })
    expect((await benefit.json()).code).toBe('PROGRAM_YEAR_LOCKED')
    expect((await admin.patch('/api/program/years/2027', { categoryRatio: 0.75 })).status).toBe(409)
    expect(await snapshot()).toEqual(before)
    expect((await pm.patch('/api/program/years/2026', { categoryRatio: 0.5 })).status).toBe(403)
  })
})

describe('what-if evaluation', () => {
  it('evaluates figures against the year in force, holistic unless told otherwise', async () => {
    const res = await pm.post('/api/program/evaluate', { metrics: figures })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({ year: 2026, rule: 'holistic', tier: 'select', nextTier: 'advantage' })
    const strict = await (await pm.post('/api/program/evaluate', { year: 2026, rule: 'strict', metrics: figures })).json()
    expect(strict.gaps.map((g: { message: string }) => g.message)).toEqual([
      '$12.5M more revenue',
      'an executive sponsor',
      '1 more solution category',
    ])
    expect(strict.criteria.find((c: { key: string }) => c.key === 'revenue').value).toEqual($('62500000.00'))
  })

  it('counts waived criteria as met under the holistic rule only', async () => {
    const base = await (await pm.post('/api/program/evaluate', { metrics: figures })).json()
    const waived = base.gaps.map((g: { key: string }) => g.key)
    expect(waived.length).toBeGreaterThan(0)
    const holistic = await (await pm.post('/api/program/evaluate', { metrics: figures, waived })).json()
    expect(holistic.tier).toBe('advantage')
    for (const key of waived)
      expect(holistic.criteria.find((c: { key: string }) => c.key === key).byTier.advantage).toMatchObject({ met: true, waived: true })
    const strict = await (await pm.post('/api/program/evaluate', { rule: 'strict', metrics: figures, waived })).json()
    expect(strict.tier).toBe((await (await pm.post('/api/program/evaluate', { rule: 'strict', metrics: figures })).json()).tier)
    const bad = await pm.post('/api/program/evaluate', { metrics: figures, waived: ['charisma'] })
    expect(paths(await bad.json())).toEqual(['waived.0'])
  })

  it('refuses unknown fields, negative amounts, other currencies and a typed-in percentage, naming each field', async () => {
    const res = await pm.post('/api/program/evaluate', {
      rule: 'lenient',
      metrics: {
        ...figures,
        revenue: $('-1.00'),
        rebates: $('1000', 'EUR'),
        activeCustomers: 1.5,
        jointInvestmentPct: '4.00',
        color: 'red',
      },
    })
    expect(res.status).toBe(400)
    expect(paths(await res.json())).toEqual([
      'metrics.activeCustomers',
      'metrics.color',
      'metrics.jointInvestmentPct',
      'metrics.rebates.currency',
      'metrics.revenue.amount',
      'rule',
    ])
    const noYear = await pm.post('/api/program/evaluate', { year: 2030, metrics: figures })
    expect(noYear.status).toBe(404)
    expect((await noYear.json()).code).toBe('PROGRAM_YEAR_NOT_FOUND')
  })
})
