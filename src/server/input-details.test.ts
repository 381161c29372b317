import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../core/db.ts'
import { createTestDb } from '../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../tests/setup/app.ts'
import { makeUser } from '../../tests/factories/index.ts'

// Security 11: hostile details of ordinary input answer 400 naming the field, never 500.
let db: Database
let t: TestApp
let pm: Awaited<ReturnType<TestApp['login']>>
beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  pm = await t.login((await makeUser(db, 'partner_manager')).email)
})
afterAll(() => db.close())

const paths = async (res: Response) => {
  expect(res.status).toBe(400)
  const body = await res.json()
  expect(body.code).toBe('VALIDATION_FAILED')
  return (body.errors as { path: string }[]).map((e) => e.path)
}

describe('NUL characters', () => {
  it('answer 400 naming the field in query strings, paths and JSON bodies, signed in or not', async () => {
    expect(await paths(await pm.get('/api/partners?q=acme%00'))).toEqual(['q'])
    expect(await paths(await pm.post('/api/partners', { legalName: 'Nul\u0000 Inc', type: 'oem', headquartersCountry: 'US' }))).toEqual([
      'legalName',
    ])
    const inquiry = await t.request('/api/public/inquiries', {
      method: 'POST',
      json: { company: 'Nul\u0000 Co', contactName: 'A B', email: 'a@nul.example', country: 'US', message: 'x\u0000' },
    })
    expect(await paths(inquiry)).toEqual(['company', 'message'])
    expect(await paths(await t.request('/api/public/inquiries/INQ-2222-2222?email=a%00@b.example'))).toEqual(['email'])
    expect(await paths(await t.request('/api/public/inquiries/INQ-2222%00'))).toEqual(['path'])
  })
})

describe('partner websites', () => {
  it('take http and https addresses with a host only, as a 400 on the website field', async () => {
    const create = (website: string) =>
      pm.post('/api/partners', { legalName: `Site ${website}`, type: 'oem', headquartersCountry: 'US', website })
    expect(await paths(await create('javascript:alert(document.domain)//x.com'))).toEqual(['website'])
    expect(await paths(await create('file:///etc/passwd'))).toEqual(['website'])
    expect(await paths(await create('file:///etc/hosts'))).toEqual(['website'])
    expect(await paths(await create('http://.'))).toEqual(['website'])
    expect((await create('https://fine.example')).status).toBe(201)
  })
})

describe('the API docs page', () => {
  it('loads swagger-ui from our own origin, not a public CDN', async () => {
    const page = await (await t.request('/api/docs')).text()
    expect(page).not.toMatch(/(src|href)=["']https?:/)
    const assets = [...page.matchAll(/(?:src|href)="(\/api\/docs\/[^"]+)"/g)].map((m) => m[1]!)
    expect(assets.length).toBeGreaterThanOrEqual(2)
    for (const asset of assets) {
      const res = await t.request(asset)
      expect(res.status).toBe(200)
      expect((await res.text()).length).toBeGreaterThan(1000)
    }
  })
})
