import { afterAll, describe, expect, it } from 'vitest'
import { freshDatabase, needsPostgres, tempDir } from './harness.ts'
import { soak } from './soak-driver.ts'

/** The one-minute soak of CI (the ten-minute one is `BENCH_ONLY=soak npm run bench`). */
const runs = needsPostgres('the one-minute soak')
const pg = runs ? await freshDatabase() : null
const tmp = tempDir('alliance-soak-')
afterAll(async () => {
  await pg?.drop()
  tmp.remove()
})

describe.skipIf(!runs)(
  'soak: a minute of mixed reads and writes from partner and internal users (PostgreSQL)',
  { timeout: 170_000 },
  () => {
    it('answers every request, keeps every acknowledged write, and reports latency and memory', async () => {
      const report = await soak({
        databaseUrl: pg!.url,
        dataDir: tmp.dir,
        port: 3474,
        durationMs: Number(process.env.SOAK_SECONDS ?? 60) * 1000,
      })
      console.log('soak report', JSON.stringify(report))
      expect(report.requests).toBeGreaterThan(200)
      expect(report.errors).toBe(0)
      expect(report.writesFound).toBe(report.writesAcknowledged)
      expect(report.rssEndMb).toBeGreaterThan(0)
    })
  },
)
