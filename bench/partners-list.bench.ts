import { migrate } from '../src/core/migrate.ts'
import { openPostgres } from '../src/core/db.ts'
import { createBenchDatabase } from './lib/database.ts'
import { measure, type Load } from './lib/load.ts'
import { manager, seedPartners } from './lib/seed.ts'
import { startServer } from './lib/server.ts'
import { fixed, type Row } from './lib/table.ts'

const target = { throughput: 0.5, p99: 2 } // full/bare: throughput at least, p99 at most

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

/** Both endpoints must serve the same page before their speed means anything. */
async function samePage(fullUrl: string, bareUrl: string, cookie: string): Promise<void> {
  const ids = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { headers })
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`)
    return JSON.stringify(((await res.json()) as { items: { id: string }[] }).items.map((p) => p.id))
  }
  const [full, bare] = await Promise.all([ids(fullUrl, { cookie }), ids(bareUrl)])
  if (full !== bare || JSON.parse(full).length !== 50) throw new Error('full stack and bare endpoint serve different pages')
}

const cells = (name: string, l: Load): Row => ({
  benchmark: name,
  'req/s': fixed(l.rps),
  'p50 ms': fixed(l.p50, 1),
  'p99 ms': fixed(l.p99, 1),
})
const mark = (ok: boolean) => (ok ? 'pass' : 'MISS')

/** GET /api/partners?limit=50 as a partner manager over 10,000 partners, against bare Hono + pg running one query. */
export default async function partnersList(): Promise<Row[]> {
  const url = await createBenchDatabase('partners')
  const db = await openPostgres(url, { max: 2 })
  try {
    await migrate(db)
    await seedPartners(db)
  } finally {
    await db.close()
  }
  const env = { BENCH_TARGET_URL: url }
  const [full, bare] = await Promise.all([startServer('bench/servers/full.ts', env), startServer('bench/servers/bare.ts', env)])
  const cookie = await login(full)
  const fullUrl = `${full}/api/partners?limit=50`
  const bareUrl = `${bare}/partners`
  await samePage(fullUrl, bareUrl, cookie)
  const f = await measure(fullUrl, { cookie })
  const b = await measure(bareUrl)
  const throughput = f.rps / b.rps
  const p99 = f.p99 / b.p99
  return [
    cells('partners list (50 of 10k): full stack', f),
    cells('partners list (50 of 10k): bare Hono + pg', b),
    {
      benchmark: 'partners list: full / bare',
      'req/s': `${fixed(throughput, 2)}× ${mark(throughput >= target.throughput)} (≥ ${target.throughput}×)`,
      'p99 ms': `${fixed(p99, 2)}× ${mark(p99 <= target.p99)} (≤ ${target.p99}×)`,
    },
  ]
}
