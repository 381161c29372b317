import autocannon from 'autocannon'
import { migrate } from '../src/core/migrate.ts'
import { openPostgres } from '../src/core/db.ts'
import { createBenchDatabase } from './lib/database.ts'
import { manager, seedPartners } from './lib/seed.ts'
import { startServer } from './lib/server.ts'
import { fixed, type Row } from './lib/table.ts'

const seconds = (): number => Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = 48

async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: manager.email, password: manager.password }),
  })
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('alliance_session='))
  if (!res.ok || !cookie) throw new Error(`login failed: ${res.status} ${await res.text()}`)
  return cookie.replace(/;.*/, '')
}

/** The same total load (48 connections) spread evenly over the servers, as a load balancer would; summed. */
async function loadOver(urls: string[], cookie: string, duration: number) {
  const runs = await Promise.all(
    urls.map((url) =>
      autocannon({ url: `${url}/api/partners?limit=50`, headers: { cookie }, connections: CONNECTIONS / urls.length, duration }),
    ),
  )
  for (const r of runs)
    if (r.non2xx || r.errors || r.timeouts) throw new Error(`${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`)
  return { rps: runs.reduce((s, r) => s + r.requests.average, 0), p99: Math.max(...runs.map((r) => r.latency.p99)) }
}

/**
 * Throughput of 1, 2 and 3 server processes on one PostgreSQL database (decision 027): the authenticated partner
 * list as a partner manager, the same total load spread over the servers. Reported as ratios to one server in the
 * same run. On a two-core machine the servers and PostgreSQL share the cores, so more processes cannot add more
 * than the idle core gives.
 */
export default async function scale(): Promise<Row[]> {
  const url = await createBenchDatabase('scale')
  const db = await openPostgres(url, { max: 2 })
  try {
    await migrate(db)
    await seedPartners(db)
  } finally {
    await db.close()
  }
  const servers = await Promise.all([1, 2, 3].map(() => startServer('bench/servers/full.ts', { BENCH_TARGET_URL: url })))
  // A session made on the first server is used on all: sessions live in the database.
  const cookie = await login(servers[0]!)
  const rows: Row[] = []
  let one = { rps: 0, p99: 0 }
  for (const n of [1, 2, 3]) {
    const urls = servers.slice(0, n)
    await loadOver(urls, cookie, 2)
    const r = await loadOver(urls, cookie, seconds())
    if (n === 1) one = r
    rows.push({
      benchmark: `partners list on ${n} server process${n > 1 ? 'es' : ''}, one PostgreSQL`,
      'req/s': `${fixed(r.rps)} (${fixed(r.rps / one.rps, 2)}× one)`,
      'p99 ms': `${fixed(r.p99, 1)} (${fixed(r.p99 / one.p99, 2)}× one)`,
    })
  }
  return rows
}
