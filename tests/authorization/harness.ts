import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { internalRoles, roles, type Role } from '../../src/core/auth/permissions.ts'
import type { Database } from '../../src/core/db.ts'
import { makePartner, makeUser } from '../factories/index.ts'
import { createTestApp, type TestApp } from '../setup/app.ts'
import { createTestDb } from '../setup/db.ts'

export type Client = ReturnType<TestApp['asBearer']>
export type Who = Role | 'anonymous' | 'otherTenant'
export type Call = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  json?: unknown
  form?: FormData
  headers?: Record<string, string>
}
/** What a route's caller builds its request from: the two companies, a user of A, and who calls. */
export type F = { partnerA: string; partnerB: string; userOfA: string; who: Who; actorId: string | null }
/**
 * One route: `ok` is the status for an allowed caller; others get 401 (anonymous) or 403; `otherTenant`
 * is what a partner admin of company B gets when aiming at company A's resources (404: it does not exist
 * for them).
 */
export type Entry = {
  allow: Role[] | 'public' | 'authenticated'
  ok: number
  otherTenant?: number
  call: (f: F) => Call | Promise<Call>
}
/** A feature's routes, keyed `METHOD /api/path/:param` as the app registers them. */
export type Matrix = Record<string, Entry>

// Live bindings: set by the suite's setup, read by the callers of the file that runs it.
export let db: Database
export let t: TestApp
export const clients = new Map<Who, { client: Client; userId: string | null }>()
export let fixtures: Omit<F, 'who' | 'actorId'>
export const everyone: Who[] = [...roles, 'anonymous', 'otherTenant']

function setUp() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-matrix-'))
  beforeAll(async () => {
    db = await createTestDb()
    t = createTestApp(db, { DATA_DIR: dataDir })
    // Tiers whose benefits include deal registration and pipeline reporting.
    const partnerA = (await makePartner(db, { legalName: 'Company A', status: 'active', tier: 'strategic' })).id
    const partnerB = (await makePartner(db, { legalName: 'Company B', status: 'active', tier: 'advantage' })).id
    const userOfA = (await makeUser(db, 'partner_user', partnerA)).id
    fixtures = { partnerA, partnerB, userOfA }
    for (const role of roles) {
      const u = await makeUser(db, role, role.startsWith('partner_') && !internalRoles.includes(role as never) ? partnerA : undefined)
      clients.set(role, { client: await t.login(u.email), userId: u.id })
    }
    const other = await makeUser(db, 'partner_admin', partnerB)
    clients.set('otherTenant', { client: await t.login(other.email), userId: other.id })
    clients.set('anonymous', { client: t.anonymous, userId: null })
  })
  afterAll(async () => {
    await db.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
}

function expected(spec: Entry, who: Who): number {
  if (spec.allow === 'public') return spec.ok
  if (who === 'anonymous') return 401
  if (who === 'otherTenant') return spec.otherTenant ?? 404
  if (spec.allow === 'authenticated' || spec.allow.includes(who)) return spec.ok
  return 403
}

export async function send(client: Client, call: Call): Promise<Response> {
  if (call.form) return t.request(call.path, { method: call.method, body: call.form, headers: client.headers })
  const fn = { GET: client.get, POST: client.post, PUT: client.put, PATCH: client.patch, DELETE: client.delete }[call.method]
  return fn(call.path, call.json, call.headers)
}

/**
 * Every route of `matrix` × every role, plus anonymous and a partner admin of another company, on a
 * database of its own. `more` adds a file's own checks beside the routes.
 */
export function runMatrix(matrix: Matrix, more?: () => void) {
  setUp()
  describe('authorization matrix', () => {
    more?.()
    for (const [route, spec] of Object.entries(matrix)) {
      it(route, async () => {
        const outcomes: Record<string, number> = {}
        const wanted: Record<string, number> = {}
        for (const who of everyone) {
          const { client, userId } = clients.get(who)!
          const res = await send(client, await spec.call({ ...fixtures, who, actorId: userId }))
          outcomes[who] = res.status
          wanted[who] = expected(spec, who)
        }
        expect(outcomes).toEqual(wanted)
      })
    }
  })
}
