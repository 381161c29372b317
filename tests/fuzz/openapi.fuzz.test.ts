import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { auditHead, tableChecksums, VOLATILE_TABLES } from '../../src/core/checksum.ts'
import type { Database } from '../../src/core/db.ts'
import { seedDemo } from '../../src/features/demo/demo.seed.ts'
import { createTestApp, type TestApp } from '../setup/app.ts'
import { createTestDb, usingPostgres } from '../setup/db.ts'
import { randomPools } from './hostile.ts'
import { build, loadPools, operations, type Built, type Doc } from './requests.ts'
import { Schemas, seeded } from './schema.ts'

/**
 * Every operation of the OpenAPI document, sent requests that break its schema, as an administrator, a
 * partner user and anonymously. Every answer must be a status the operation documents (or one every route
 * may give), problem+json for errors, never 5xx or a stack trace; a refused write must change nothing.
 * FUZZ_REQUESTS sets the total (default 20,000 on PostgreSQL, CI's main run; 5,000 on the embedded database,
 * which serves one statement at a time), FUZZ_SEED the seed (default: fixed, so CI repeats itself).
 */
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? (usingPostgres ? 20_000 : 5_000))
/** Requests in flight at once: PostgreSQL serves them in parallel; the embedded database one after another. */
const CONCURRENCY = usingPostgres ? 8 : 2
const SEED = Number(process.env.FUZZ_SEED ?? 20261208)
/** Every route may answer these: body too large, wrong media type, rate limited, idempotency key reused. */
const ANY_ROUTE = [413, 415, 422, 429]
// Idempotency records keep the answer to replay (refused ones too), by design; not a change of data.
const UNCHANGED_EXCLUDE = [...VOLATILE_TABLES, 'idempotency_keys']

/** A bad credential answers 401 on any route, public ones too: the caller said who they are, wrongly. */
const documented = (statuses: number[], status: number, headers: Record<string, string>) =>
  statuses.includes(status) || ANY_ROUTE.includes(status) || (status === 401 && ('authorization' in headers || 'cookie' in headers))

let db: Database
let t: TestApp
let dataDir: string

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-fuzz-'))
  db = await createTestDb()
  await seedDemo(db, 'alliance-demo')
  t = createTestApp(db, { DATA_DIR: dataDir, DEMO_PASSWORD: 'alliance-demo' })
}, 300_000)
afterAll(async () => {
  await db?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

type Role = 'admin' | 'partner user' | 'anonymous'
const logins: Record<Exclude<Role, 'anonymous'>, string> = { admin: 'admin@alliance.example', 'partner user': 'user@acme.example' }

it(`answers ${TOTAL} hostile requests from the OpenAPI document with documented statuses and no partial writes`, async () => {
  const started = performance.now()
  const doc = (await (await t.request('/api/openapi.json')).json()) as Doc
  const schemas = new Schemas(doc.components.schemas)
  const ops = operations(doc)
  const keep = (
    await db.owner.query<{ id: string }>('SELECT id::text AS id FROM users WHERE email = ANY($1)', [Object.values(logins)])
  ).map((r) => r.id)
  const pools = await loadPools(db, keep)
  const rp = randomPools(SEED)
  const rng = seeded(SEED)
  const roles: Role[] = ['admin', 'partner user', 'anonymous']
  const auth: Record<Role, Record<string, string>> = { admin: {}, 'partner user': {}, anonymous: {} }
  // Spare sessions signed in up front: fuzzing sign-in throttles these accounts, and sign-out ends a session.
  const spare: Record<Role, Record<string, string>[]> = { admin: [], 'partner user': [], anonymous: [] }
  for (const r of roles)
    if (r !== 'anonymous') for (let i = 0; i < 4; i++) spare[r].push((await t.login(logins[r], 'alliance-demo')).headers)
  const signIn = (role: Role) => {
    if (role === 'anonymous') return
    const next = spare[role].shift()
    if (!next) throw new Error(`No spare session left for ${role}`)
    auth[role] = next
  }
  for (const r of roles) signIn(r)

  const perBatch = Math.ceil(TOTAL / (ops.length * roles.length))
  let sent = 0
  let seq = 0
  const fiveHundreds: string[] = []
  const undocumented: string[] = []
  const badBodies: string[] = []
  const partial: string[] = []
  const refusedWrites = new Map<string, string>()
  const statusCounts: Record<number, number> = {}
  let batchesChecked = 0
  let refusedChecked = 0

  const describe = (b: Built, status: number) =>
    `${status} ${b.method} ${b.url.slice(0, 160)} ${JSON.stringify(b.headers).slice(0, 100)} ${typeof b.body === 'string' ? b.body.slice(0, 120) : b.body ? '[form]' : ''}`

  const opSeconds: Record<string, number> = {}
  let checkSeconds = 0
  for (const op of ops) {
    const opStarted = performance.now()
    const write = op.method !== 'GET'
    for (const role of roles) {
      const c0 = performance.now()
      const before = write ? [await tableChecksums(db.owner, { exclude: UNCHANGED_EXCLUDE }), await auditHead(db.owner)] : null
      checkSeconds += (performance.now() - c0) / 1000
      let accepted = false
      let refusedInBatch = 0
      // The batch is generated in order from the seed, then sent CONCURRENCY at a time.
      const batch = Array.from({ length: perBatch }, () => {
        const b = build(op, schemas, pools, rng, rp)
        const requestId = `fuzz-${++seq}`
        return { b, requestId, headers: { 'x-request-id': requestId, ...auth[role], ...b.headers } as Record<string, string> }
      })
      const sendOne = async ({ b, requestId, headers }: (typeof batch)[number]) => {
        const res = await t.app.request(b.url, { method: b.method, headers, body: b.body })
        sent++
        statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1
        const text = await res.text()
        if (res.status >= 500) fiveHundreds.push(describe(b, res.status) + ` → ${text.slice(0, 200)}`)
        else if (!documented(op.statuses, res.status, headers)) undocumented.push(`${op.method} ${op.path}: ${describe(b, res.status)}`)
        if (res.status >= 400) {
          const type = res.headers.get('content-type') ?? ''
          let code: unknown
          try {
            code = (JSON.parse(text) as { code?: unknown }).code
          } catch {
            /* not JSON */
          }
          if (!type.startsWith('application/problem+json') || typeof code !== 'string' || /\n\s+at |node_modules|\.ts:\d+/.test(text))
            badBodies.push(`${describe(b, res.status)} [${type}] ${text.slice(0, 200)}`)
        }
        if (write && res.status < 300) accepted = true
        if (write && res.status >= 400) {
          refusedInBatch++
          if (headers['x-request-id'] === requestId) refusedWrites.set(requestId, describe(b, res.status))
        }
      }
      let next = 0
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < batch.length) await sendOne(batch[next++]!)
        }),
      )
      if (before && !accepted) {
        // Nothing in this batch was accepted, so nothing may have changed at all.
        const c1 = performance.now()
        const after = [await tableChecksums(db.owner, { exclude: UNCHANGED_EXCLUDE }), await auditHead(db.owner)]
        const [b0, h0] = before as [Record<string, string>, string]
        const [b1, h1] = after as [Record<string, string>, string]
        const changed = Object.keys(b0).filter((k) => b0[k] !== b1[k])
        if (changed.length || h0 !== h1) partial.push(`${op.method} ${op.path} as ${role}: ${changed.join(', ') || 'audit head'}`)
        batchesChecked++
        checkSeconds += (performance.now() - c1) / 1000
        refusedChecked += refusedInBatch
      }
      // A request may have ended the session (sign-out): sign in again for the next batch.
      if (role !== 'anonymous' && (await t.app.request('/api/auth/me', { headers: auth[role] })).status !== 200) signIn(role)
    }
    opSeconds[`${op.method} ${op.path}`] = (performance.now() - opStarted) / 1000
  }
  // Every audited change names its request: no refused write may have left an audit row.
  const audited = new Set(
    (await db.owner.query<{ r: string }>("SELECT DISTINCT request_id AS r FROM audit_log WHERE request_id LIKE 'fuzz-%'")).map((x) => x.r),
  )
  for (const [id, what] of refusedWrites) if (audited.has(id)) partial.push(`audited although refused: ${what}`)

  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  const report = {
    seed: SEED,
    operations: ops.length,
    requests: sent,
    seconds,
    fiveHundreds: fiveHundreds.length,
    undocumented: undocumented.length,
    badProblemBodies: badBodies.length,
    partialWrites: partial.length,
    refusedWritesChecked: refusedWrites.size,
    unchangedBatches: batchesChecked,
    refusedInUnchangedBatches: refusedChecked,
    statuses: statusCounts,
    checksumSeconds: checkSeconds.toFixed(1),
    slowest: Object.entries(opSeconds)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${v.toFixed(1)}s`),
  }
  console.log(`fuzz report ${JSON.stringify(report)}`)
  expect(sent).toBeGreaterThanOrEqual(TOTAL)
  expect(fiveHundreds.slice(0, 20)).toEqual([])
  expect(badBodies.slice(0, 20)).toEqual([])
  expect(undocumented.slice(0, 20)).toEqual([])
  expect(partial.slice(0, 20)).toEqual([])
}, 1_800_000)
