import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'

type Client = Awaited<ReturnType<TestApp['login']>>
let db: Database
let t: TestApp
let marketing: Client
const page = {
  description: 'Storage and data protection for the enterprise',
  solutions: ['Storage', 'Backup'],
  website: 'https://acme.example',
}
const publicKeys = [
  'id',
  'name',
  'tier',
  'countries',
  'description',
  'solutions',
  'website',
  'contactEmail',
  'enhanced',
  'caseStudies',
  'featuredSolutions',
  'callToAction',
].sort()

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  marketing = await t.login((await makeUser(db, 'marketing')).email)
})
afterAll(() => db.close())

const dir = async (query = '') => {
  const res = await t.anonymous.get(`/api/public/partners${query}`)
  expect(res.status).toBe(200)
  return { res, body: (await res.json()) as { items: Record<string, unknown>[]; nextCursor: string | null } }
}

describe('partner pages and the public directory', () => {
  let acme: string, admin: Client
  it('the partner admin submits; nothing shows until marketing approves; the directory is public and cached', async () => {
    acme = (
      await makePartner(db, { legalName: 'Acme Storage', status: 'active', tier: 'select', headquartersCountry: 'US', countries: ['CA'] })
    ).id
    admin = await t.login((await makeUser(db, 'partner_admin', acme)).email)
    const saved = await admin.put(`/api/partners/${acme}/page`, page)
    expect(saved.status).toBe(200)
    expect(await saved.json()).toMatchObject({ status: 'submitted', level: 'basic', published: null })
    expect((await dir()).body.items).toEqual([])
    expect((await marketing.post(`/api/partners/${acme}/page/reject`, {})).status).toBe(400)
    expect((await marketing.post(`/api/partners/${acme}/page/approve`, {})).status).toBe(200)
    const { res, body } = await dir()
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=60/)
    expect(body.items).toEqual([
      expect.objectContaining({ name: 'Acme Storage', tier: 'select', solutions: ['Storage', 'Backup'], enhanced: false }),
    ])
  })

  it('a new draft does not change what the directory shows until it is approved', async () => {
    await admin.put(`/api/partners/${acme}/page`, { ...page, description: 'Unapproved words' })
    expect((await dir()).body.items[0]!.description).toBe(page.description)
  })

  it('enhanced content is refused for a basic page and shown for a JAM member', async () => {
    const enhanced = {
      ...page,
      caseStudies: [{ title: 'Bank X', summary: 'Halved backup windows' }],
      callToAction: { label: 'Book a demo', url: 'https://acme.example/demo' },
    }
    const refused = await admin.put(`/api/partners/${acme}/page`, enhanced)
    expect(refused.status).toBe(400)
    expect((await refused.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(['callToAction', 'caseStudies'])
    const invited = await (
      await marketing.post('/api/programs/memberships', { program: 'jam', partnerId: acme, startsOn: '2020-01-01', endsOn: '2099-12-31' })
    ).json()
    await admin.post(`/api/programs/memberships/${invited.id}/accept`)
    expect((await admin.put(`/api/partners/${acme}/page`, enhanced)).status).toBe(200)
    await marketing.post(`/api/partners/${acme}/page/approve`, {})
    expect((await dir()).body.items[0]).toMatchObject({
      enhanced: true,
      caseStudies: [{ title: 'Bank X' }],
      callToAction: { label: 'Book a demo' },
    })
  })

  it('filters by tier, country, solution and words; pages by cursor', async () => {
    for (const [name, tier, country, solution] of [
      ['Beta Networks', 'strategic', 'DE', 'Networking'],
      ['Gamma Cloud', 'advantage', 'FR', 'Cloud'],
      ['Delta Security', 'strategic', 'US', 'Security'],
    ] as const) {
      const id = (await makePartner(db, { legalName: name, status: 'active', tier, headquartersCountry: country })).id
      await db.owner.query(
        `INSERT INTO partner_pages (partner_id, status, updated_at, published, published_at) VALUES ($1, 'approved', now(), $2, now())`,
        [
          id,
          JSON.stringify({
            description: `${name} page`,
            solutions: [solution],
            website: null,
            contactEmail: null,
            caseStudies: [],
            featuredSolutions: [],
            callToAction: null,
          }),
        ],
      )
    }
    const names = async (q: string) => (await dir(q)).body.items.map((i) => i.name)
    expect(await names('?tier=strategic')).toEqual(['Beta Networks', 'Delta Security'])
    expect(await names('?country=CA')).toEqual(['Acme Storage'])
    expect(await names('?solution=cloud')).toEqual(['Gamma Cloud'])
    expect(await names('?q=secur')).toEqual(['Delta Security'])
    const first = (await dir('?limit=2')).body
    expect(first.items.map((i) => i.name)).toEqual(['Acme Storage', 'Beta Networks'])
    expect((await dir(`?limit=2&cursor=${first.nextCursor}`)).body.items.map((i) => i.name)).toEqual(['Delta Security', 'Gamma Cloud'])
    expect((await t.anonymous.get('/api/public/partners?cursor=nonsense')).status).toBe(400)
  })

  it('the directory shows nothing private (property: random partners, fields and page states)', async () => {
    const secret = fc.stringMatching(/^[a-z]{12}$/).map((s) => `secret${s}`)
    const partnerArb = fc.record({
      status: fc.constantFrom('prospect', 'onboarding', 'active', 'suspended', 'exited'),
      tier: fc.constantFrom('strategic', 'advantage', 'select', 'approved', null),
      alias: secret,
      service: secret,
      contact: secret,
      draft: secret,
      approved: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(partnerArb, { minLength: 1, maxLength: 4 }), async (ps) => {
        const secrets: string[] = []
        const shown = new Set<string>()
        const hidden = new Set<string>()
        for (const p of ps) {
          const legalName = `Prop ${Math.random().toString(36).slice(2, 10)}`
          const id = (
            await makePartner(db, { legalName, status: p.status, tier: p.tier ?? undefined, aliases: [p.alias], services: [p.service] })
          ).id
          await db.owner.query(`INSERT INTO partner_contacts (partner_id, name, email, role) VALUES ($1, $2, $3, 'Sales')`, [
            id,
            p.contact,
            `${p.contact}@example.com`,
          ])
          const published = {
            description: 'Public words',
            solutions: ['Storage'],
            website: null,
            contactEmail: null,
            caseStudies: [],
            featuredSolutions: [],
            callToAction: null,
          }
          await db.owner.query(
            `INSERT INTO partner_pages (partner_id, description, status, updated_at, published, published_at) VALUES ($1, $2, $3, now(), $4, $5)`,
            [
              id,
              p.draft,
              p.approved ? 'approved' : 'submitted',
              p.approved ? JSON.stringify(published) : null,
              p.approved ? new Date() : null,
            ],
          )
          secrets.push(p.alias, p.service, p.contact, p.draft)
          if (p.approved && p.status === 'active' && p.tier) shown.add(legalName)
          else hidden.add(legalName)
        }
        let cursor: string | null = null
        const seen: Record<string, unknown>[] = []
        do {
          const body: { items: Record<string, unknown>[]; nextCursor: string | null } = (
            await dir(`?limit=100${cursor ? `&cursor=${cursor}` : ''}`)
          ).body
          seen.push(...body.items)
          cursor = body.nextCursor
        } while (cursor)
        const text = JSON.stringify(seen)
        for (const s of secrets) expect(text).not.toContain(s)
        for (const item of seen) expect(Object.keys(item).sort()).toEqual(publicKeys)
        const names = new Set(seen.map((i) => i.name as string))
        for (const n of shown) expect(names.has(n)).toBe(true)
        for (const n of hidden) expect(names.has(n)).toBe(false)
      }),
      { numRuns: 8 },
    )
  })

  it('only the partner admin edits its own page; only marketing approves', async () => {
    const other = (await makePartner(db, { status: 'active', tier: 'select' })).id
    expect((await admin.put(`/api/partners/${other}/page`, page)).status).toBe(404)
    const user = await t.login((await makeUser(db, 'partner_user', acme)).email)
    expect((await user.put(`/api/partners/${acme}/page`, page)).status).toBe(403)
    expect((await admin.post(`/api/partners/${acme}/page/approve`, {})).status).toBe(403)
  })
})
