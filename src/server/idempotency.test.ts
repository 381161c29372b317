import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../core/db.ts'
import { createTestDb } from '../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../tests/setup/app.ts'
import { makeUser } from '../../tests/factories/index.ts'
import { oneRow } from '../core/db-rows.ts'

let db: Database
let t: TestApp
beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
})
afterAll(() => db.close())

const count = async (name: string) =>
  oneRow(await db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM partners WHERE legal_name = $1', [name]), 'Count').n

describe('Idempotency-Key', () => {
  it('replays the first answer to a retried write instead of acting twice', async () => {
    const s = await t.login((await makeUser(db, 'gps')).email)
    const body = { legalName: 'Retry Co', type: 'oem', headquartersCountry: 'US' }
    const first = await s.post('/api/partners', body, { 'idempotency-key': 'k-1' })
    const again = await s.post('/api/partners', body, { 'idempotency-key': 'k-1' })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect((await again.json()).id).toBe((await first.json()).id)
    expect(await count('Retry Co')).toBe(1)
  })

  it('refuses the same key for a different request, and keeps keys per user', async () => {
    const a = await t.login((await makeUser(db, 'gps')).email)
    const b = await t.login((await makeUser(db, 'gps')).email)
    await a.post('/api/partners', { legalName: 'Key Co', type: 'oem', headquartersCountry: 'US' }, { 'idempotency-key': 'k-2' })
    const other = await a.post(
      '/api/partners',
      { legalName: 'Other Co', type: 'oem', headquartersCountry: 'US' },
      { 'idempotency-key': 'k-2' },
    )
    expect(other.status).toBe(422)
    expect((await other.json()).code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await count('Other Co')).toBe(0)
    const byB = await b.post(
      '/api/partners',
      { legalName: 'Key Co B', type: 'oem', headquartersCountry: 'US' },
      { 'idempotency-key': 'k-2' },
    )
    expect(byB.status).toBe(201)
  })

  it('keeps a failed answer too, so a retry of a bad request gives the same error', async () => {
    const s = await t.login((await makeUser(db, 'gps')).email)
    const bad = { legalName: '', type: 'oem', headquartersCountry: 'US' }
    const first = await s.post('/api/partners', bad, { 'idempotency-key': 'k-3' })
    const again = await s.post('/api/partners', bad, { 'idempotency-key': 'k-3' })
    expect([first.status, again.status]).toEqual([400, 400])
    expect(again.headers.get('idempotent-replayed')).toBe('true')
  })
})
