import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import type { Database } from '../../core/db.ts'
import { XLSX_TYPE } from '../../core/sheets.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { putMetrics } from '../program/metrics.service.ts'
import { applyDueTierChanges } from './decisions.service.ts'
import { oneRow } from '../../core/db-rows.ts'

type Client = Awaited<ReturnType<TestApp['login']>>
let db: Database
let t: TestApp
let pm: Client, admin: Client, sales: Client, sales2: Client, alliances: Client
const p = { promote: '', keep: '', fresh: '', prospect: '', demote: '' }
let reviewId: string

const $ = (amount: string) => ({ amount, currency: 'USD' as const })
/** Four of these make a Select-sized year ($62.5M revenue, 4.00% joint investments). */
const selectQuarter = {
  revenue: $('15625000'),
  activeCustomers: 100,
  pipeline: $('125000000'),
  jointInvestments: $('625000'),
  rebates: $('250000'),
  marketingFunding: $('125000'),
  fundedResourcesAmount: $('250000'),
  fundedResourcesFtes: 2,
  executiveSponsor: false,
  gtmCategories: ['Security', 'Cloud'],
}
const today = new Date().toISOString().slice(0, 10)
const count = async (table: string) => oneRow(await db.owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`), 'Count').n
const tierOf = async (id: string) =>
  oneRow(await db.owner.query<{ tier: string | null }>('SELECT tier FROM partners WHERE id = $1', [id]), 'Partner').tier

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  const make = (legalName: string, status: 'active' | 'onboarding' | 'prospect', tier: 'strategic' | 'select' | 'approved' | null) =>
    makePartner(db, { legalName, status, tier })
  p.promote = (await make('Promo Systems', 'active', 'approved')).id
  p.demote = (await make('Demo Networks', 'active', 'strategic')).id
  p.keep = (await make('Keeper Data', 'active', 'select')).id
  p.fresh = (await make('Fresh Cloud', 'onboarding', null)).id
  p.prospect = (await make('Prospect Labs', 'prospect', null)).id
  for (const id of [p.promote, p.keep, p.fresh, p.prospect])
    for (const q of [1, 2, 3, 4]) await putMetrics(sys(db), id, 2026, q, selectQuarter)
  pm = await t.login((await makeUser(db, 'partner_manager')).email)
  admin = await t.login((await makeUser(db, 'admin')).email)
  sales = await t.login((await makeUser(db, 'sales')).email)
  sales2 = await t.login((await makeUser(db, 'sales')).email)
  alliances = await t.login((await makeUser(db, 'alliances')).email)
})
afterAll(() => db.close())

describe('an annual review', () => {
  it('evaluates every active, onboarding and suspended partner and records a recommendation with its movement', async () => {
    const res = await pm.post('/api/reviews', { year: 2026, kind: 'annual' })
    expect(res.status).toBe(201)
    const run = await res.json()
    reviewId = run.id
    expect(run).toMatchObject({ year: 2026, kind: 'annual', rule: 'holistic', status: 'open', evaluated: 4, changed: 4 })
    expect(run.counts).toEqual({ promote: 1, keep: 1, demote: 1, new: 1, total: 4 })
    const board = await (await pm.get(`/api/reviews/${reviewId}/recommendations`)).json()
    expect(board.items.map((r: { legalName: string; movement: string }) => [r.legalName, r.movement])).toEqual([
      ['Demo Networks', 'demote'],
      ['Fresh Cloud', 'new'],
      ['Keeper Data', 'keep'],
      ['Promo Systems', 'promote'],
    ])
    const promo = board.items[3]
    expect(promo).toMatchObject({ currentTier: 'approved', recommendedTier: 'select', decision: null })
    expect(promo.summary).toContain('Select')
    expect(promo.gaps.length).toBeGreaterThan(0)
    const page = await (await pm.get(`/api/reviews/${reviewId}/recommendations?limit=2&movement=promote`)).json()
    expect(page).toMatchObject({ items: [{ legalName: 'Promo Systems' }], nextCursor: null })
    const first = await (await pm.get(`/api/reviews/${reviewId}/recommendations?limit=2`)).json()
    const second = await (await pm.get(`/api/reviews/${reviewId}/recommendations?limit=2&cursor=${first.nextCursor}`)).json()
    expect(second.items.map((r: { legalName: string }) => r.legalName)).toEqual(['Keeper Data', 'Promo Systems'])
    expect((await (await pm.get(`/api/reviews/${reviewId}/recommendations?q=fresh&tier=select`)).json()).items).toHaveLength(1)
    const detail = await (await pm.get(`/api/reviews/${reviewId}/recommendations/${p.promote}`)).json()
    expect(detail.evidence).toMatchObject({ tier: 'select', partnerId: p.promote, quarters: [1, 2, 3, 4] })
    expect(detail.evidence.criteria).toHaveLength(11)
    expect(detail.evidence.categories.salesRelevance.select.passed).toBe(true)
  })

  it('changes nothing when run again, whether started again or re-evaluated', async () => {
    const [audits, stamps] = [
      await count('audit_log'),
      await db.owner.query('SELECT evaluated_at FROM review_recommendations ORDER BY partner_id'),
    ]
    const again = await pm.post('/api/reviews', { year: 2026, kind: 'annual' })
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ id: reviewId, evaluated: 4, changed: 0 })
    expect(await (await pm.post(`/api/reviews/${reviewId}/evaluate`)).json()).toMatchObject({ changed: 0 })
    expect(await count('audit_log')).toBe(audits)
    expect(await db.owner.query('SELECT evaluated_at FROM review_recommendations ORDER BY partner_id')).toEqual(stamps)
  })

  it('lists a partner renamed during the review under its new name, in its new place, without re-evaluating', async () => {
    await db.owner.query("UPDATE partners SET legal_name = 'Alpha Keeper' WHERE id = $1", [p.keep])
    try {
      const board = await (await pm.get(`/api/reviews/${reviewId}/recommendations`)).json()
      expect(board.items.map((r: { legalName: string }) => r.legalName)).toEqual([
        'Alpha Keeper',
        'Demo Networks',
        'Fresh Cloud',
        'Promo Systems',
      ])
      const found = await (await pm.get(`/api/reviews/${reviewId}/recommendations?q=alpha`)).json()
      expect(found.items).toMatchObject([{ partnerId: p.keep, legalName: 'Alpha Keeper', movement: 'keep' }])
      expect(await (await pm.post(`/api/reviews/${reviewId}/evaluate`)).json()).toMatchObject({ changed: 0 })
    } finally {
      await db.owner.query("UPDATE partners SET legal_name = 'Keeper Data' WHERE id = $1", [p.keep])
    }
  })

  it('rewrites only the recommendations whose evidence changed, and shows a cycle whose guidelines changed', async () => {
    const stamp = async (id: string) =>
      oneRow(
        await db.owner.query<{ at: Date }>('SELECT evaluated_at AS at FROM review_recommendations WHERE partner_id = $1', [id]),
        'Recommendation',
      ).at.getTime()

    const [keep, promote] = [await stamp(p.keep), await stamp(p.promote)]
    await putMetrics(sys(db), p.keep, 2026, 4, { ...selectQuarter, rebates: $('260000') })
    expect(await (await pm.post(`/api/reviews/${reviewId}/evaluate`)).json()).toMatchObject({ evaluated: 4, changed: 1 })
    expect(await stamp(p.keep)).toBeGreaterThan(keep)
    expect(await stamp(p.promote)).toBe(promote)
    const detail = await (await pm.get(`/api/reviews/${reviewId}/recommendations/${p.keep}`)).json()
    expect(detail.evidence.inputs.rebates).toEqual($('1010000.00'))

    // A threshold edit (here only the typical bound) makes the open cycle ask for a re-evaluation.
    const typical = { strategic: '1000000000', advantage: '250000000', select: '100000000', approved: '10000000' }
    expect((await admin.patch('/api/program/years/2026/criteria/averagePipeline', { typical })).status).toBe(200)
    expect(await (await pm.get(`/api/reviews/${reviewId}`)).json()).toMatchObject({ guidelinesChanged: true })
    expect(await (await pm.post(`/api/reviews/${reviewId}/evaluate`)).json()).toMatchObject({ changed: 0, guidelinesChanged: false })
  })

  it('refuses bad decisions with the field at fault and stores nothing', async () => {
    const url = `/api/reviews/${reviewId}/decisions`
    const cases: [unknown, string][] = [
      [{ partnerId: p.demote, tier: 'strategic', effectiveDate: today }, 'justification'],
      [{ partnerId: p.promote, tier: 'select', effectiveDate: '2026-13-01' }, 'effectiveDate'],
      [{ partnerId: p.promote, tier: 'select', effectiveDate: '01/07/2026' }, 'effectiveDate'],
      [{ partnerId: p.prospect, tier: 'select', effectiveDate: today }, 'partnerId'],
      [{ partnerId: p.promote, tier: 'gold', effectiveDate: today }, 'tier'],
    ]
    for (const [body, path] of cases) {
      const res = await pm.post(url, body)
      expect(res.status, path).toBe(400)
      expect((await res.json()).errors.map((e: { path: string }) => e.path)).toEqual([path])
    }
    expect((await sales.post(url, { partnerId: p.promote, tier: 'select', effectiveDate: today })).status).toBe(403)
    expect(await count('review_decisions')).toBe(0)
  })

  it('puts a decision in force once Sales and Alliances both approve: the tier changes and the history records it', async () => {
    const res = await pm.post(`/api/reviews/${reviewId}/decisions`, { partnerId: p.promote, tier: 'select', effectiveDate: today })
    expect(res.status).toBe(201)
    const decision = await res.json()
    expect(decision).toMatchObject({ chosenTier: 'select', recommendedTier: 'select', status: 'pending', justification: null })
    const approve = (c: Client) => c.post(`/api/reviews/decisions/${decision.id}/approve`)
    expect((await approve(admin)).status).toBe(403)
    expect((await approve(pm)).status).toBe(403)
    const first = await approve(sales)
    expect(first.status).toBe(200)
    expect((await first.json()).status).toBe('pending')
    expect((await (await approve(sales)).json()).code).toBe('ALREADY_APPROVED')
    expect((await approve(sales2)).status).toBe(409)
    expect(await tierOf(p.promote)).toBe('approved')
    const done = await (await approve(alliances)).json()
    expect(done).toMatchObject({ status: 'applied' })
    expect(done.salesApproval.by).toBeTruthy()
    expect(done.alliancesApproval.by).toBeTruthy()
    expect(await tierOf(p.promote)).toBe('select')
    const history = await (await pm.get(`/api/partners/${p.promote}/tier-history`)).json()
    expect(history.items).toMatchObject([{ fromTier: 'approved', toTier: 'select', effectiveDate: today, decisionId: decision.id }])
    await expect(db.owner.query('DELETE FROM tier_history')).rejects.toThrow(/append-only/)
    expect(
      (await pm.post(`/api/reviews/${reviewId}/decisions`, { partnerId: p.promote, tier: null, justification: 'x', effectiveDate: today }))
        .status,
    ).toBe(409)
  })

  it('applies a future-dated decision only when its date comes', async () => {
    const decision = await (
      await pm.post(`/api/reviews/${reviewId}/decisions`, {
        partnerId: p.demote,
        tier: 'select',
        justification: 'Expanding: new data-centre practice',
        effectiveDate: '2099-01-01',
      })
    ).json()
    await alliances.post(`/api/reviews/decisions/${decision.id}/approve`)
    expect(await (await sales.post(`/api/reviews/decisions/${decision.id}/approve`)).json()).toMatchObject({ status: 'approved' })
    expect(await applyDueTierChanges(sys(db))).toBe(0)
    expect(await tierOf(p.demote)).toBe('strategic')
    expect(await applyDueTierChanges({ ...sys(db), now: () => new Date('2099-01-01T08:00:00Z') })).toBe(1)
    expect(await tierOf(p.demote)).toBe('select')
    const history = await (await pm.get(`/api/partners/${p.demote}/tier-history`)).json()
    expect(history.items).toMatchObject([{ fromTier: 'strategic', toTier: 'select', justification: 'Expanding: new data-centre practice' }])
  })

  it('bulk-accepts a movement, skipping partners already decided', async () => {
    const accept = (body: unknown) => pm.post(`/api/reviews/${reviewId}/recommendations/accept`, body)
    expect(await (await accept({ movement: 'keep', effectiveDate: '2099-01-01' })).json()).toEqual({ accepted: 1, skipped: 0 })
    expect(await (await accept({ partnerIds: [p.keep, p.fresh], effectiveDate: '2099-01-01' })).json()).toEqual({ accepted: 1, skipped: 1 })
    const bad = await accept({ partnerIds: [p.prospect], effectiveDate: '2099-01-01' })
    expect((await bad.json()).errors).toEqual([{ path: 'partnerIds.0', message: 'Not a partner of this review' }])
    const summary = await (await pm.get(`/api/reviews/${reviewId}`)).json()
    expect(summary.decisions).toEqual({ pending: 2, approved: 0, applied: 2 })
  })

  it('refuses the approval of a decision by the person who proposed it', async () => {
    const proposed = await alliances.post(`/api/reviews/${reviewId}/decisions`, {
      partnerId: p.fresh,
      tier: 'select',
      effectiveDate: '2099-01-01',
    })
    expect(proposed.status).toBe(200)
    const decision = await proposed.json()
    const own = await alliances.post(`/api/reviews/decisions/${decision.id}/approve`)
    expect(own.status).toBe(403)
    const after = await db.owner.query<{ alliances_approved_by: string | null }>(
      'SELECT alliances_approved_by FROM review_decisions WHERE id = $1',
      [decision.id],
    )
    expect(after[0]?.alliances_approved_by).toBeNull()
  })

  it('exports the board as CSV or XLSX, filtered as on screen, with figures, explanation and decisions', async () => {
    const res = await pm.get(`/api/reviews/${reviewId}/export?format=csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="review-2026-annual.csv"')
    const [header = [], ...rows] = parse(Buffer.from(await res.arrayBuffer())) as string[][]
    const col = (row: string[] | undefined, name: string) => row?.[header.indexOf(name)]
    expect(rows.map((r) => col(r, 'legalName'))).toEqual(['Demo Networks', 'Fresh Cloud', 'Keeper Data', 'Promo Systems'])
    const promo = rows[3]

    expect([
      col(promo, 'currentTier'),
      col(promo, 'recommendedTier'),
      col(promo, 'movement'),
      col(promo, 'decision'),
      col(promo, 'chosenTier'),
    ]).toEqual(['approved', 'select', 'promote', 'applied', 'select'])
    expect([col(promo, 'revenueUsd'), col(promo, 'jointInvestmentPct'), col(promo, 'gtmCategories'), col(promo, 'quarters')]).toEqual([
      '62500000.00',
      '4.00',
      '2',
      'Q1 Q2 Q3 Q4',
    ])
    expect(col(promo, 'summary')).toContain('Select')
    expect(col(rows[0], 'justification')).toBe('Expanding: new data-centre practice')
    expect(col(rows[1], 'decision')).toBe('pending')

    const xlsx = await pm.get(`/api/reviews/${reviewId}/export?format=xlsx&movement=demote`)
    expect(xlsx.headers.get('content-type')).toBe(XLSX_TYPE)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    const sheet = wb.worksheets[0]
    expect(sheet?.rowCount).toBe(2)
    expect(sheet?.getRow(2).getCell(header.indexOf('legalName') + 1).value).toBe('Demo Networks')

    const bad = await pm.get(`/api/reviews/${reviewId}/export?format=pdf`)
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors[0].path).toBe('format')
    expect((await pm.get('/api/reviews/00000000-0000-4000-8000-000000000000/export')).status).toBe(404)
  })

  it('finishes: the program year is locked and the review takes no more decisions', async () => {
    const res = await pm.post(`/api/reviews/${reviewId}/finish`)
    expect(await res.json()).toMatchObject({ status: 'finished' })
    expect((await (await pm.get('/api/program/years/2026')).json()).status).toBe('locked')
    const late = await pm.post(`/api/reviews/${reviewId}/decisions`, { partnerId: p.fresh, tier: 'select', effectiveDate: today })
    expect((await late.json()).code).toBe('REVIEW_FINISHED')
    expect((await pm.post(`/api/reviews/${reviewId}/finish`)).status).toBe(409)
    expect((await pm.post('/api/reviews', { year: 2026, kind: 'annual' })).status).toBe(409)
    expect((await (await pm.get('/api/reviews')).json()).items).toHaveLength(1)
  })
})

describe('an ad hoc review', () => {
  it('reviews the named partners only, and refuses unknown ones and a missing scope', async () => {
    const run = await (await pm.post('/api/reviews', { year: 2026, kind: 'ad_hoc', partnerIds: [p.prospect], rule: 'strict' })).json()
    expect(run).toMatchObject({ kind: 'ad_hoc', rule: 'strict', evaluated: 1, partnerIds: [p.prospect], counts: { new: 1 } })
    const unknown = await pm.post('/api/reviews', {
      year: 2026,
      kind: 'ad_hoc',
      partnerIds: [p.keep, '00000000-0000-4000-8000-000000000000'],
    })
    expect((await unknown.json()).errors).toEqual([{ path: 'partnerIds.1', message: 'Unknown partner' }])
    expect((await (await pm.post('/api/reviews', { year: 2026, kind: 'ad_hoc' })).json()).errors[0].path).toBe('partnerIds')
    expect((await (await pm.post('/api/reviews', { year: 1999, kind: 'annual' })).json()).errors[0].path).toBe('year')
    expect((await (await pm.post('/api/reviews', { year: 2031, kind: 'annual' })).json()).errors[0].path).toBe('year')
  })
})
