import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'
import { oneRow } from '../../core/db-rows.ts'

let db: Database
let t: TestApp
let pm: Awaited<ReturnType<TestApp['login']>>

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  const user = await makeUser(db, 'partner_manager')
  pm = await t.login(user.email)
})
afterAll(() => db.close())

const count = async () => oneRow(await db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM partners'), 'Count').n

describe('partners API', () => {
  it('creates a partner from the minimal body', async () => {
    const res = await pm.post('/api/partners', { legalName: 'ACME Corporation Inc.', type: 'oem', headquartersCountry: 'US' })
    expect(res.status).toBe(201)
    const body = await res.json()
    expect(body).toMatchObject({
      legalName: 'ACME Corporation Inc.',
      type: 'oem',
      headquartersCountry: 'US',
      status: 'prospect',
      tier: null,
    })
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('etag')).toBe('"1"')
  })

  it('lists every bad field with its path, rejects unknown fields, and changes nothing', async () => {
    const before = await count()
    const res = await pm.post('/api/partners', {
      legalName: '',
      type: 'reseller',
      headquartersCountry: 'XX',
      countries: ['US', 'ZZ'],
      website: 'not a url',
      color: 'red',
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    const body = await res.json()
    expect(body.code).toBe('VALIDATION_FAILED')
    const paths = body.errors.map((e: { path: string }) => e.path).sort()
    expect(paths).toEqual(['color', 'countries.1', 'headquartersCountry', 'legalName', 'type', 'website'])
    expect(await count()).toBe(before)
  })

  it('answers 413 to a body over the configured size', async () => {
    const small = createTestApp(db, { BODY_LIMIT_BYTES: '200' })
    const user = await makeUser(db, 'gps')
    const s = await small.login(user.email)
    const res = await s.post('/api/partners', { legalName: 'x'.repeat(500), type: 'oem', headquartersCountry: 'US' })
    expect(res.status).toBe(413)
    expect((await res.json()).code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('rejects malformed JSON with problem+json', async () => {
    const res = await t.request('/api/partners', {
      method: 'POST',
      body: '{"legalName":',
      headers: { ...pm.headers, 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect((await res.json()).code).toBe('BAD_REQUEST')
  })

  it('finds partners by fuzzy search on names and aliases', async () => {
    await makePartner(db, { legalName: 'Globex Systems GmbH', aliases: ['Hank Scorpio Industries'], headquartersCountry: 'DE' })
    const names = async (q: string) =>
      ((await (await pm.get(`/api/partners?q=${encodeURIComponent(q)}`)).json()).items as { legalName: string }[]).map((p) => p.legalName)
    expect(await names('acme')).toContain('ACME Corporation Inc.')
    expect(await names('acmee')).toContain('ACME Corporation Inc.')
    expect(await names('scorpio')).toEqual(['Globex Systems GmbH'])
    expect(await names('zzzzzz')).toEqual([])
  })

  it('filters, sorts and pages with a cursor', async () => {
    for (let i = 0; i < 7; i++)
      await makePartner(db, { legalName: `Paging ${i} Ltd`, headquartersCountry: 'FR', type: 'service', tier: 'select' })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await pm.get(`/api/partners?country=FR&type=service&sort=-legalName&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      const body = (await res.json()) as { items: { legalName: string }[]; nextCursor: string | null }
      seen.push(...body.items.map((p) => p.legalName))
      cursor = body.nextCursor
    } while (cursor)
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `Paging ${i} Ltd`))
    const bad = await pm.get('/api/partners?cursor=nonsense')
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors[0].path).toBe('cursor')
  })

  it('refuses a tier change outside a review decision, and accepts the unchanged tier', async () => {
    const p = await makePartner(db, { legalName: 'Tiered Co', tier: 'select' })
    const res = await pm.patch(`/api/partners/${p.id}`, { tier: 'strategic' })
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ code: 'TIER_CHANGE_NEEDS_REVIEW', errors: [{ path: 'tier' }] })
    const same = await pm.patch(`/api/partners/${p.id}`, { tier: 'select', aliases: ['TC'] })
    expect(same.status).toBe(200)
    expect(await same.json()).toMatchObject({ tier: 'select', aliases: ['TC'], version: 2 })
  })

  it('honours If-Match and the lifecycle transitions, and records the timeline', async () => {
    const p = await makePartner(db, { legalName: 'Versioned Co' })
    const ok = await pm.patch(`/api/partners/${p.id}`, { status: 'onboarding' }, { 'if-match': '"1"' })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('etag')).toBe('"2"')
    const stale = await pm.patch(`/api/partners/${p.id}`, { legalName: 'Lost Update' }, { 'if-match': '"1"' })
    expect(stale.status).toBe(412)
    const jump = await pm.patch(`/api/partners/${p.id}`, { status: 'suspended' })
    expect(jump.status).toBe(409)
    expect((await jump.json()).code).toBe('INVALID_TRANSITION')
    const current = await (await pm.get(`/api/partners/${p.id}`)).json()
    expect(current).toMatchObject({ legalName: 'Versioned Co', status: 'onboarding', version: 2 })
    const timeline = (await (await pm.get(`/api/partners/${p.id}/timeline`)).json()).items
    expect(timeline.map((e: { action: string }) => e.action)).toEqual(['update', 'create'])
    expect(timeline[0].changes).toEqual([{ field: 'status', before: 'prospect', after: 'onboarding' }])
    // Newest first, also past nine entries.
    for (let i = 0; i < 10; i++) await pm.patch(`/api/partners/${p.id}`, { aliases: [`v${i}`] })
    const long = (await (await pm.get(`/api/partners/${p.id}/timeline`)).json()).items
    expect(long[0].changes).toEqual([{ field: 'aliases', before: ['v8'], after: ['v9'] }])
    expect(long.at(-1).action).toBe('create')
  })

  it('assigns only internal staff as manager', async () => {
    const p = await makePartner(db)
    const partnerUser = await makeUser(db, 'partner_user', p.id)
    const res = await pm.patch(`/api/partners/${p.id}`, { partnerManagerId: partnerUser.id })
    expect(res.status).toBe(400)
    expect((await res.json()).errors).toEqual([{ path: 'partnerManagerId', message: 'Not an internal user' }])
    const manager = await makeUser(db, 'partner_manager')
    const assigned = await (await pm.patch(`/api/partners/${p.id}`, { partnerManagerId: manager.id })).json()
    expect(assigned.partnerManager).toEqual({ id: manager.id, name: manager.name, email: manager.email })
  })

  it('manages contacts under a partner', async () => {
    const p = await makePartner(db)
    const created = await pm.post(`/api/partners/${p.id}/contacts`, {
      name: 'Dana Nguyen',
      email: 'dana@example.com',
      phone: '+1 555 0100',
      role: 'Sales',
    })
    expect(created.status).toBe(201)
    const contact = await created.json()
    const bad = await pm.post(`/api/partners/${p.id}/contacts`, { name: '', email: 'nope' })
    expect((await bad.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'name'])
    const updated = await pm.patch(`/api/partners/${p.id}/contacts/${contact.id}`, { title: 'VP Channels' })
    expect((await updated.json()).title).toBe('VP Channels')
    expect((await (await pm.get(`/api/partners/${p.id}/contacts`)).json()).items).toHaveLength(1)
    expect((await pm.delete(`/api/partners/${p.id}/contacts/${contact.id}`)).status).toBe(204)
    expect((await (await pm.get(`/api/partners/${p.id}/contacts`)).json()).items).toHaveLength(0)
  })

  it('refuses a second partner with the same website domain', async () => {
    await makePartner(db, { website: 'https://www.unique-domain.example' })
    const res = await pm.post('/api/partners', {
      legalName: 'Copycat',
      type: 'oem',
      headquartersCountry: 'US',
      website: 'https://unique-domain.example/about',
    })
    expect(res.status).toBe(409)
    expect((await res.json()).errors[0].path).toBe('website')
  })
})
