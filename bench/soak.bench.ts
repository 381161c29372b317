import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { soak } from '../tests/reliability/soak-driver.ts'
import { createBenchDatabase } from './lib/database.ts'
import { defer } from './lib/cleanup.ts'
import { migrate } from '../src/core/migrate.ts'
import { openPostgres } from '../src/core/db.ts'
import { fixed, type Row } from './lib/table.ts'

/**
 * The soak: SOAK_SECONDS (default 600) of mixed reads and writes from internal and partner users on one `alliance
 * serve` process on PostgreSQL. Targets: no errors, memory growth under 10 % after the warm-up.
 */
export default async function soakBench(): Promise<Row[]> {
  const url = await createBenchDatabase('soak')
  const db = await openPostgres(url, { max: 2 })
  try {
    await migrate(db)
  } finally {
    await db.close()
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-soak-'))
  defer(async () => fs.rmSync(dataDir, { recursive: true, force: true }))
  const r = await soak({ databaseUrl: url, dataDir, port: 3475, durationMs: Number(process.env.SOAK_SECONDS ?? 600) * 1000 })
  console.error('soak report', JSON.stringify(r))
  return [
    {
      benchmark: `soak ${r.seconds} s, ${r.users.internal} internal + ${r.users.partner} partner users`,
      'req/s': `${fixed(r.requests / r.seconds)} (${r.requests} requests, ${r.errors} errors${r.errors ? ' MISS' : ''})`,
      'p50 ms': fixed(r.p50Ms, 1),
      'p99 ms': fixed(r.p99Ms, 1),
      memory: `${r.rssStartMb} → ${r.rssEndMb} MB (${r.rssGrowthPercent} %${r.rssGrowthPercent < 10 ? '' : ' MISS'}, target < 10 %)`,
    },
  ]
}
