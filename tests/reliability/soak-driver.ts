import fs from 'node:fs'
import { openPostgres } from '../../src/core/db.ts'
import { makePartner, makeUser, PASSWORD } from '../factories/index.ts'
import { percentile, signIn, sleep, startServer, type Server } from './harness.ts'

export type SoakReport = {
  seconds: number
  users: { internal: number; partner: number }
  requests: number
  reads: number
  writes: number
  errors: number
  errorRate: number
  p50Ms: number
  p99Ms: number
  /** Resident memory of the server process after warm-up (the first tenth of the run) and at the end, in MB. */
  rssStartMb: number
  rssEndMb: number
  rssGrowthPercent: number
  writesAcknowledged: number
  writesFound: number
}

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : 0
}

/**
 * A bounded load test on PostgreSQL: internal users (an administrator and partner managers) list, read and add contacts
 * across partners; partner admins read their own company and record its quarter metrics. `durationMs` of steady mixed
 * traffic from `users` concurrent clients against one `alliance serve` process; every answer must be 2xx.
 */
export async function soak(opts: {
  databaseUrl: string
  dataDir: string
  port: number
  durationMs: number
  users?: number
}): Promise<SoakReport> {
  const owner = await openPostgres(opts.databaseUrl, { max: 2 })
  const partners = await Promise.all(Array.from({ length: 8 }, (_, i) => makePartner(owner, { legalName: `Soak Partner ${i} Ltd` })))
  const internal = [await makeUser(owner, 'admin'), await makeUser(owner, 'partner_manager'), await makeUser(owner, 'partner_ops')]
  const partnerAdmins = await Promise.all(partners.slice(0, 4).map((p) => makeUser(owner, 'partner_admin', p.id)))
  let server: Server | null = await startServer({ DATABASE_URL: opts.databaseUrl, DATA_DIR: opts.dataDir }, opts.port)
  try {
    const url = server.url
    const users = opts.users ?? 8
    const sessions = await Promise.all(
      Array.from({ length: users }, (_, i) =>
        i % 2 === 0
          ? signIn(url, internal[(i / 2) % internal.length]!.email, PASSWORD).then((auth) => ({
              kind: 'internal' as const,
              auth,
              partnerId: null,
            }))
          : signIn(url, partnerAdmins[((i - 1) / 2) % partnerAdmins.length]!.email, PASSWORD).then((auth) => ({
              kind: 'partner' as const,
              auth,
              partnerId: partnerAdmins[((i - 1) / 2) % partnerAdmins.length]!.partnerId!,
            })),
      ),
    )
    const latencies: number[] = []
    let reads = 0
    let writes = 0
    let errors = 0
    let acknowledged = 0
    const failures: string[] = []
    let slot = 0
    const started = Date.now()
    const end = started + opts.durationMs
    let rssStart = 0
    const call = async (method: string, path: string, auth: Record<string, string>, body?: unknown) => {
      const t0 = performance.now()
      const res = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).catch((e: Error) => ({ ok: false, status: 0, text: async () => e.message, arrayBuffer: async () => new ArrayBuffer(0) }))
      latencies.push(performance.now() - t0)
      if (method === 'GET') reads++
      else writes++
      if (!res.ok) {
        errors++
        if (failures.length < 10) failures.push(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 200)}`)
      } else {
        await res.arrayBuffer()
        if (method !== 'GET') acknowledged++
      }
      return res.ok
    }
    const money = (amount: string) => ({ amount, currency: 'USD' })
    const client = async (s: (typeof sessions)[number], n: number) => {
      for (let i = 0; Date.now() < end; i++) {
        if (!rssStart && Date.now() - started > opts.durationMs / 10) rssStart = rssMb(server!.proc.pid!)
        const partner = partners[(n + i) % partners.length]!
        if (s.kind === 'internal') {
          const step = i % 4
          if (step === 0) await call('GET', '/api/partners?limit=20', s.auth)
          else if (step === 1) await call('GET', `/api/partners/${partner.id}`, s.auth)
          else if (step === 2) await call('GET', `/api/partners/${partner.id}/contacts`, s.auth)
          else await call('POST', `/api/partners/${partner.id}/contacts`, s.auth, { name: `Soak contact ${n}-${i}` })
        } else {
          const step = i % 4
          if (step === 0) await call('GET', `/api/partners/${s.partnerId}`, s.auth)
          else if (step === 1) await call('GET', `/api/partners/${s.partnerId}/contacts`, s.auth)
          else if (step === 2) await call('GET', '/api/partners?limit=20', s.auth)
          else {
            const k = slot++
            await call('PUT', `/api/partners/${s.partnerId}/metrics/${2000 + (Math.floor(k / 4) % 100)}/${(k % 4) + 1}`, s.auth, {
              revenue: money(`${k}.00`),
              activeCustomers: k % 50,
              pipeline: money('0.00'),
              jointInvestments: money('0.00'),
              rebates: money('0.00'),
              marketingFunding: money('0.00'),
              fundedResourcesAmount: money('0.00'),
              fundedResourcesFtes: 0,
              executiveSponsor: false,
              gtmCategories: [],
            })
          }
        }
      }
    }
    await Promise.all(sessions.map((s, n) => client(s, n)))
    const rssEnd = rssMb(server.proc.pid!)
    await server.kill('SIGTERM')
    server = null
    await sleep(100)
    const [contacts] = await owner.owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM partner_contacts WHERE name LIKE 'Soak contact %'`,
    )
    const [metrics] = await owner.owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'partner_metrics'`)
    if (failures.length) console.error('soak failures (first 10):\n' + failures.join('\n'))
    const requests = reads + writes
    return {
      seconds: Math.round((Date.now() - started) / 1000),
      users: {
        internal: sessions.filter((s) => s.kind === 'internal').length,
        partner: sessions.filter((s) => s.kind === 'partner').length,
      },
      requests,
      reads,
      writes,
      errors,
      errorRate: requests ? errors / requests : 0,
      p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      rssStartMb: Math.round(rssStart),
      rssEndMb: Math.round(rssEnd),
      rssGrowthPercent: rssStart ? Math.round(((rssEnd - rssStart) / rssStart) * 1000) / 10 : 0,
      writesAcknowledged: acknowledged,
      writesFound: (contacts?.n ?? 0) + (metrics?.n ?? 0),
    }
  } finally {
    await server?.kill('SIGKILL')
    await owner.close()
  }
}
