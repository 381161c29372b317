import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openPostgres, type Database } from '../../src/core/db.ts'
import { openDatabase } from '../../src/core/open.ts'
import { makePartner, makeUser, PASSWORD } from '../factories/index.ts'
import { usingPostgres } from '../setup/db.ts'
import { cli, freshDatabase, seeded, signIn, sleep, startServer, tempDir, type Server } from './harness.ts'

/**
 * Crash safety: several clients write through the API (partners, contacts, quarter metrics, Contact Us inquiries)
 * while the server is killed with SIGKILL at seeded random moments and restarted. Afterwards every write that was
 * acknowledged (2xx) is in the database exactly once, every write that was not is either wholly there (its row,
 * its audit entry, its mail) or not at all, and `alliance audit verify` passes.
 *
 * It runs on the run's database: on PostgreSQL when DATABASE_URL is set (a fresh database copied from the
 * template), else on an embedded PGlite data directory (where it shows what a killed process keeps; what a
 * power loss could lose there is in docs/reliability.md).
 */
const KILLS = Number(process.env.CRASH_KILLS ?? (usingPostgres ? 6 : 2))
const SEED = Number(process.env.CRASH_SEED ?? 20261208)
const CLIENTS = 6
const PORT = 3470

type Kind = 'partner' | 'contact' | 'metrics' | 'inquiry'
type Attempt = {
  kind: Kind
  marker: string
  status: number | null
  slot?: { partnerId: string; year: number; quarter: number; revenue: string }
}

const tmp = tempDir('alliance-crash-')
const pg = usingPostgres ? await freshDatabase() : null
const env: Record<string, string> = pg ? { DATABASE_URL: pg.url, DATA_DIR: tmp.dir } : { DATA_DIR: path.join(tmp.dir, 'data') }
/** The database the servers use, opened by the test while no server runs (PGlite's directory takes one process at a time). */
const open = (): Promise<Database> => (pg ? openPostgres(pg.url, { max: 2 }) : openDatabase({ dataDir: env.DATA_DIR! }))
let server: Server | null = null
afterAll(async () => {
  await server?.kill()
  await pg?.drop()
  tmp.remove()
})

describe(
  `crash safety: SIGKILL during mixed writes on ${pg ? 'PostgreSQL' : 'the embedded PGlite data directory'}`,
  { timeout: 170_000 },
  () => {
    it('keeps every acknowledged write exactly once, and nothing half done', async () => {
      const rng = seeded(SEED)
      // The people and partners the clients write for.
      const owner = await open()
      const adminUser = await makeUser(owner, 'admin')
      const partners = [await makePartner(owner), await makePartner(owner), await makePartner(owner)]
      await owner.close()

      server = await startServer(env, PORT)
      const auth = await signIn(server.url, adminUser.email, PASSWORD)
      const url = server.url

      const attempts: Attempt[] = []
      let up = true
      let upAgain: Promise<void> = Promise.resolve()
      let stop = false
      let n = 0
      let slot = 0
      const send = async (kind: Kind): Promise<Attempt> => {
        const marker = `crash-${SEED}-${++n}`
        const headers = { ...auth, 'content-type': 'application/json' }
        const post = (path: string, body: unknown, extra: Record<string, string> = {}, method = 'POST') =>
          fetch(`${url}${path}`, {
            method,
            headers: { ...headers, ...extra },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(20_000),
          })
        const attempt: Attempt = { kind, marker, status: null }
        attempts.push(attempt)
        let res: Response
        if (kind === 'partner') res = await post('/api/partners', { legalName: `Crash ${marker}`, type: 'oem', headquartersCountry: 'US' })
        else if (kind === 'contact') res = await post(`/api/partners/${rng.pick(partners).id}/contacts`, { name: `Crash ${marker}` })
        else if (kind === 'inquiry') {
          // Public and anonymous: each visitor from an address of its own, so the abuse limits stay out of the way.
          const i = n
          res = await fetch(`${url}/api/public/inquiries`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
            body: JSON.stringify({
              company: `Crash ${marker}`,
              website: 'https://crash.example',
              country: 'US',
              contactName: 'Crash Tester',
              email: `${marker}@crash.example`,
              message: 'Written while the server was being killed',
            }),
            signal: AbortSignal.timeout(20_000),
          })
        } else {
          const s = slot++
          const target = {
            partnerId: partners[s % 3]!.id,
            year: 2000 + Math.floor(s / 12),
            quarter: (Math.floor(s / 3) % 4) + 1,
            revenue: `${n}.00`,
          }
          attempt.slot = target
          const money = (amount: string) => ({ amount, currency: 'USD' })
          res = await post(
            `/api/partners/${target.partnerId}/metrics/${target.year}/${target.quarter}`,
            {
              revenue: money(target.revenue),
              activeCustomers: 1,
              pipeline: money('0.00'),
              jointInvestments: money('0.00'),
              rebates: money('0.00'),
              marketingFunding: money('0.00'),
              fundedResourcesAmount: money('0.00'),
              fundedResourcesFtes: 0,
              executiveSponsor: false,
              gtmCategories: [],
            },
            {},
            'PUT',
          )
        }
        attempt.status = res.status
        await res.arrayBuffer()
        return attempt
      }

      const client = async () => {
        while (!stop) {
          if (!up) {
            await upAgain
            continue
          }
          const kind = rng.pick(['partner', 'contact', 'metrics', 'inquiry'] as const)
          await send(kind).catch(() => undefined)
          // A refused connection while the server is down: wait for it to come back.
          if (!up) await upAgain
        }
      }
      const clients = Array.from({ length: CLIENTS }, client)

      let killed = 0
      const restartMs: number[] = []
      for (let k = 0; k < KILLS; k++) {
        // The embedded database serves one statement at a time: it gets longer between kills to write as much.
        await sleep(pg ? rng.int(300, 1500) : rng.int(2000, 5000))
        let restarted!: () => void
        upAgain = new Promise<void>((r) => (restarted = r))
        up = false
        await server.kill('SIGKILL')
        killed++
        const t0 = Date.now()
        server = await startServer(env, PORT)
        restartMs.push(Date.now() - t0)
        up = true
        restarted()
      }
      await sleep(500)
      stop = true
      await Promise.all(clients)
      await server.kill('SIGKILL')
      server = null

      // What the database holds, read as its owner once the last server is dead.
      const reader = await open()
      const q = <T extends object>(text: string, values: unknown[] = []) => reader.owner.query<T>(text, values)
      const counts = new Map<string, number>()
      const bump = (m: string) => counts.set(m, (counts.get(m) ?? 0) + 1)
      const rowIds = new Map<string, string>()
      for (const r of await q<{ id: string; name: string }>(
        `SELECT id::text, legal_name AS name FROM partners WHERE legal_name LIKE 'Crash %'`,
      )) {
        bump(r.name.slice(6))
        rowIds.set(r.name.slice(6), r.id)
      }
      for (const r of await q<{ id: string; name: string }>(`SELECT id::text, name FROM partner_contacts WHERE name LIKE 'Crash %'`)) {
        bump(r.name.slice(6))
        rowIds.set(r.name.slice(6), r.id)
      }
      for (const r of await q<{ id: string; name: string }>(
        `SELECT id::text, company AS name FROM inquiries WHERE company LIKE 'Crash %'`,
      )) {
        bump(r.name.slice(6))
        rowIds.set(r.name.slice(6), r.id)
      }
      const metrics = new Map<string, string>()
      for (const r of await q<{ key: string; revenue: string }>(
        `SELECT partner_id::text || '/' || year || '/' || quarter AS key, revenue::text AS revenue FROM partner_metrics`,
      ))
        metrics.set(r.key, r.revenue)
      const audited = new Set(
        (
          await q<{ entity_id: string }>(
            `SELECT entity_id FROM audit_log WHERE entity IN ('partner', 'contact', 'inquiry', 'partner_metrics')`,
          )
        ).map((r) => r.entity_id),
      )
      const mailed = new Set(
        (await q<{ to: string }>(`SELECT unnest(recipients)::text AS to FROM mail_outbox WHERE template LIKE 'inquiry%'`)).map((r) => r.to),
      )

      const acknowledged = attempts.filter((a) => a.status !== null && a.status >= 200 && a.status < 300)
      const refused = attempts.filter((a) => a.status !== null && a.status >= 300)
      const unanswered = attempts.filter((a) => a.status === null)
      const lost: string[] = []
      const duplicated: string[] = []
      const halfDone: string[] = []
      for (const a of attempts) {
        if (a.kind === 'metrics') {
          const key = `${a.slot!.partnerId}/${a.slot!.year}/${a.slot!.quarter}`
          const there = metrics.get(key) === a.slot!.revenue
          if (a.status !== null && a.status < 300 && !there) lost.push(a.marker)
          if (there && !audited.has(key)) halfDone.push(a.marker)
          continue
        }
        const c = counts.get(a.marker) ?? 0
        if (c > 1) duplicated.push(a.marker)
        if (a.status !== null && a.status < 300 && c !== 1) lost.push(a.marker)
        if (c === 1) {
          if (!audited.has(rowIds.get(a.marker)!)) halfDone.push(`${a.marker} (no audit entry)`)
          if (a.kind === 'inquiry' && !mailed.has(`${a.marker}@crash.example`)) halfDone.push(`${a.marker} (no acknowledgement mail)`)
        }
      }
      await reader.close()
      // Nothing was refused for a reason of its own: every answer was a success or the connection was cut.
      expect(refused.map((a) => `${a.kind} ${a.status}`)).toEqual([])

      const verify = cli(['audit', 'verify'], env)
      const report = {
        database: pg ? 'postgresql' : 'pglite',
        seed: SEED,
        killsSurvived: killed,
        restartSeconds: restartMs.map((ms) => Math.round(ms / 100) / 10),
        attempts: attempts.length,
        acknowledgedChecked: acknowledged.length,
        unansweredWhenKilled: unanswered.length,
        unansweredThatCommitted: unanswered.filter((a) =>
          a.kind === 'metrics'
            ? metrics.get(`${a.slot!.partnerId}/${a.slot!.year}/${a.slot!.quarter}`) === a.slot!.revenue
            : counts.has(a.marker),
        ).length,
        lost: lost.length,
        duplicated: duplicated.length,
        halfDone: halfDone.length,
        auditVerify: verify.out.trim() || verify.err.trim(),
      }
      console.log('crash report', JSON.stringify(report))
      expect(killed).toBe(KILLS)
      expect(acknowledged.length).toBeGreaterThan(pg ? 50 : 20)
      expect({ lost, duplicated, halfDone }).toEqual({ lost: [], duplicated: [], halfDone: [] })
      expect(verify.code, verify.err).toBe(0)
      expect(verify.out).toMatch(/Audit chain intact: \d+ rows verified/)
    })
  },
)
