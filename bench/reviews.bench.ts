import pino from 'pino'
import { itemAt } from '../src/core/arrays.ts'
import { loadConfig } from '../src/core/config.ts'
import { systemContext } from '../src/core/context.ts'
import { openPostgres, systemScope, type Database } from '../src/core/db.ts'
import { migrate } from '../src/core/migrate.ts'
import { startReview } from '../src/features/reviews/cycles.service.ts'
import { createBenchDatabase } from './lib/database.ts'
import { fixed, type Row } from './lib/table.ts'
import { oneRow } from '../src/core/db-rows.ts'

const PARTNERS = Number(process.env.BENCH_REVIEW_PARTNERS ?? 100_000)
const target = 3 // review time at most 3× the aggregate's
const ROUNDS = Number(process.env.BENCH_REVIEW_ROUNDS ?? 5)

// Partners in review scope (active, onboarding, suspended) with a spread of tiers.
const SEED_PARTNERS = `INSERT INTO partners (legal_name, headquarters_country, type, status, tier, search_text)
  SELECT 'Bench Partner ' || i, 'US', 'oem', (ARRAY['active','active','onboarding','suspended'])[1 + i % 4],
    (ARRAY['strategic','advantage','select','approved',NULL])[1 + abs(hashint4(i)) % 5], 'bench partner ' || i
  FROM generate_series(1, $1::int) i`

// Four quarters each, sized so partners spread over every tier and none (h picks a size class per partner).
const SEED_METRICS = `INSERT INTO partner_metrics (partner_id, year, quarter, revenue, active_customers, pipeline, joint_investments, rebates,
    marketing_funding, funded_resources_amount, funded_resources_ftes, executive_sponsor, gtm_categories, status)
  SELECT p.id, 2026, q, s.rev * (90 + q * 5) / 100, (s.rev / 250000)::int + q, s.rev * 4, s.rev * (3 + h % 3) / 100, s.rev / 40,
    s.rev / 250, s.rev / 120, round((s.rev / 60000000)::numeric, 2), h % 3 <> 0,
    (ARRAY['Cloud','Security','Data','AI','Network','Workplace'])[1:(1 + h % 6)], CASE WHEN h % 10 = 0 THEN 'submitted' ELSE 'confirmed' END
  FROM partners p, abs(hashtext(p.id::text)) h,
    LATERAL (SELECT ((ARRAY[200000, 1000000, 9000000, 22000000, 90000000]::numeric[])[1 + h % 5] * (80 + h % 40) / 100)::numeric(18,2) AS rev) s,
    generate_series(1, 4) q`

// The baseline: the year's figures of every partner in one GROUP BY over the same rows.
const AGGREGATE = `SELECT partner_id, sum(revenue) AS revenue, (array_agg(active_customers ORDER BY quarter DESC))[1] AS active_customers,
    trunc(avg(pipeline), 2) AS average_pipeline, sum(joint_investments) AS joint_investments, sum(rebates) AS rebates,
    sum(marketing_funding) AS marketing_funding, sum(funded_resources_amount) AS funded_amount,
    (array_agg(funded_resources_ftes ORDER BY quarter DESC))[1] AS ftes, (array_agg(executive_sponsor ORDER BY quarter DESC))[1] AS sponsor,
    (array_agg(cardinality(gtm_categories) ORDER BY quarter DESC))[1] AS categories
  FROM partner_metrics WHERE year = 2026 GROUP BY partner_id`

const CHECKSUM = `SELECT count(*)::int AS n, md5(string_agg(r::text, ',' ORDER BY partner_id)) AS sum FROM review_recommendations r`

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now()
  const result = await fn()
  return [result, performance.now() - started]
}

async function seed(db: Database) {
  await migrate(db)
  await db.owner.query(SEED_PARTNERS, [PARTNERS])
  await db.owner.query(SEED_METRICS)
  // Settle the fresh rows (statistics, visibility, hint bits) so neither side pays for it or races autovacuum.
  for (const table of ['partners', 'partner_metrics']) await db.owner.query(`VACUUM ANALYZE ${table}`)
}

/** A full annual review of 100,000 partners (four quarters each) against one GROUP BY over the same metrics, then an unchanged re-run. */
export default async function reviews(): Promise<Row[]> {
  const db = await openPostgres(await createBenchDatabase('reviews'), { max: 2 })
  try {
    await seed(db)
    const ctx = systemContext(db, loadConfig({}), pino({ level: 'silent' }))
    const aggregate = () => db.transaction(systemScope, (sql) => sql.query(AGGREGATE))
    await aggregate() // warm the cache for both
    // The machine's noise is large against seconds-long runs and only ever adds time: each side runs
    // ROUNDS times, alternating, and the fastest runs are compared. Each review round starts from no
    // cycle (a first, full run).
    const aggTimes: number[] = []
    const reviewTimes: number[] = []
    let groups: unknown[] = []
    let run: Awaited<ReturnType<typeof startReview>> | undefined
    for (let round = 0; round < ROUNDS; round++) {
      if (run) {
        await db.owner.query('DELETE FROM review_cycles WHERE id = $1', [run.id]) // its recommendations go with it
        await db.owner.query('VACUUM review_recommendations')
      }
      const [g, aggRound] = await timed(aggregate)
      const [r, reviewRound] = await timed(() => startReview(ctx, { year: 2026, kind: 'annual' }))
      ;[groups, run] = [g, r]
      aggTimes.push(aggRound)
      reviewTimes.push(reviewRound)
    }
    const [aggMs, reviewMs] = [Math.min(...aggTimes), Math.min(...reviewTimes)]
    const median = (xs: number[]) =>
      itemAt(
        [...xs].sort((a, b) => a - b),
        Math.floor(xs.length / 2),
      )
    run = run!
    const before = oneRow(await db.owner.query<{ n: number; sum: string }>(CHECKSUM), 'Checksum')
    const [again, rerunMs] = await timed(() => startReview(ctx, { year: 2026, kind: 'annual' }))
    const after = oneRow(await db.owner.query<{ n: number; sum: string }>(CHECKSUM), 'Checksum')
    if (groups.length !== PARTNERS || run.evaluated !== PARTNERS || before.n !== PARTNERS)
      throw new Error('review and aggregate covered different partners')
    const rows = PARTNERS * 4
    const ratio = reviewMs / aggMs
    const unchanged = again.changed === 0 && after.sum === before.sum
    const c = run.counts
    const label = `${PARTNERS / 1000}k partners × 4 quarters`
    return [
      {
        benchmark: `annual review (${label}): recommendations written, fastest of ${ROUNDS}`,
        'rows/s': fixed(rows / (reviewMs / 1000)),
        ms: fixed(reviewMs),
      },
      {
        benchmark: `GROUP BY partner aggregate (${label}), fastest of ${ROUNDS}`,
        'rows/s': fixed(rows / (aggMs / 1000)),
        ms: fixed(aggMs),
      },
      { benchmark: 'annual review / aggregate', 'rows/s': `${fixed(ratio, 2)}× ${ratio <= target ? 'pass' : 'MISS'} (≤ ${target}×)` },
      {
        benchmark: `annual review / aggregate, medians of ${ROUNDS} (for reference)`,
        'rows/s': `${fixed(median(reviewTimes) / median(aggTimes), 2)}×`,
      },
      {
        benchmark: `review re-run: ${again.changed} rows changed, checksum ${unchanged ? 'same' : 'DIFFERENT'}`,
        'rows/s': `${fixed(rows / (rerunMs / 1000))} ${unchanged ? 'pass' : 'MISS'}`,
        ms: fixed(rerunMs),
      },
      { benchmark: `movements: promote ${c.promote}, keep ${c.keep}, demote ${c.demote}, new ${c.new}` },
    ]
  } finally {
    await db.close()
  }
}
