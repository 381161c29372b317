import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Database } from './db.ts'
import { makeUser } from '../../tests/factories/index.ts'
import { createTestApp, type TestApp } from '../../tests/setup/app.ts'
import { createTestDb } from '../../tests/setup/db.ts'

// Values that pass the schema but that the database cannot hold used to answer 500; they are the client's error.
let db: Database
let t: TestApp
let admin: Awaited<ReturnType<TestApp['login']>>
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-dberr-'))
beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db, { DATA_DIR: dataDir })
  admin = await t.login((await makeUser(db, 'admin')).email)
})
afterAll(async () => {
  await db.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const cursor = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url')
const id = '00000000-0000-4000-8000-000000000000'

it.each([
  [
    'a NUL byte in a search',
    ['/api/partners', '/api/users', '/api/inquiries', '/api/mail', '/api/deals', '/api/agreements', '/api/onboarding/cases'].map(
      (p) => `${p}?q=a%00b`,
    ),
  ],
  [
    'a forged cursor whose sort key is no date',
    ['/api/inquiries', '/api/mail', '/api/deals'].map((p) => `${p}?cursor=${cursor(['x', id])}`),
  ],
  [
    'a forged cursor with a date out of range',
    ['/api/inquiries', '/api/mail', '/api/deals'].map((p) => `${p}?cursor=${cursor(['2026-99-99', id])}`),
  ],
  ['a date of year 0', ['/api/deals/pipeline?from=0000-01-01', '/api/deals/pipeline?to=0000-01-01']],
])('%s answers 400 problem+json, not 500', async (_what, urls) => {
  for (const url of urls) {
    const res = await admin.get(url)
    expect([url, res.status, res.headers.get('content-type')]).toEqual([url, 400, 'application/problem+json'])
    const body = (await res.json()) as { code: string; detail: string }
    expect(body.code).toBe('VALIDATION_FAILED')
    expect(body.detail).not.toMatch(/syntax|byte sequence|timestamp/)
  }
})

it('keeps a NUL byte in a write from changing anything', async () => {
  const res = await admin.post('/api/partners', { legalName: 'Nul\u0000 Ltd', type: 'oem', headquartersCountry: 'DE' })
  expect(res.status).toBe(400)
  const [row] = await db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM partners')
  expect(row?.n).toBe(0)
})
