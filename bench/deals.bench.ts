import pino from 'pino'
import { itemAt } from '../src/core/arrays.ts'
import type { Actor } from '../src/core/auth/permissions.ts'
import { loadConfig } from '../src/core/config.ts'
import type { Ctx } from '../src/core/context.ts'
import { openPostgres, systemScope, type Database } from '../src/core/db.ts'
import { migrate } from '../src/core/migrate.ts'
import { NAME_SIMILARITY, normalizeCustomerName } from '../src/features/deals/deals.match.ts'
import { checkDeal } from '../src/features/deals/deals.service.ts'
import { createBenchDatabase } from './lib/database.ts'
import { fixed, type Row } from './lib/table.ts'
import { oneRow } from '../src/core/db-rows.ts'

const ROWS = Number(process.env.BENCH_DEALS_ROWS ?? 1_000_000)
const CHECKS = Number(process.env.BENCH_DEALS_CHECKS ?? 1000)
const SCANS = Number(process.env.BENCH_DEALS_SCANS ?? 20)
const RECALL = Number(process.env.BENCH_DEALS_RECALL ?? 1000)
const INSERTS = Number(process.env.BENCH_DEALS_INSERTS ?? 2000)
const targets = { p95Ms: 50, speedup: 20, recall: 0.95, insertRatio: 3 }

// A seeded generator, so every run draws the same names and perturbations.
function rng(seed: number) {
  return () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32
}
const rand = rng(20261126)
const pick = <T>(xs: readonly T[]) => itemAt(xs, Math.floor(rand() * xs.length))

// Company names as people write them: two coined words, an industry word and a legal form
// ("Kavoren Telumax Logistics GmbH"): 1,000 × 1,000 × 40 names, a legal form each.
const onsets = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'qu',
  'r',
  's',
  't',
  'v',
  'w',
  'z',
  'br',
  'cr',
  'dr',
  'fl',
  'gr',
  'kl',
  'pr',
  'st',
  'tr',
  'sh',
  'ch',
  'th',
]
const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io', 'ou', 'y']
const codas = ['', '', 'n', 'r', 'l', 's', 'x', 'm', 'nd', 'rt', 'st', 'ck', 'ng', 'th']
const word = () => {
  const w = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(onsets) + pick(vowels) + pick(codas)).join('')
  return w.charAt(0).toUpperCase() + w.slice(1)
}
const firsts = [...new Set(Array.from({ length: 1200 }, word))].slice(0, 1000)
const seconds = [...new Set(Array.from({ length: 1200 }, word))].slice(0, 1000)
const industries = [
  'Logistics',
  'Analytics',
  'Systems',
  'Health',
  'Energy',
  'Foods',
  'Capital',
  'Insurance',
  'Pharma',
  'Motors',
  'Retail',
  'Telecom',
  'Media',
  'Aerospace',
  'Chemicals',
  'Mining',
  'Textiles',
  'Robotics',
  'Software',
  'Networks',
  'Holdings',
  'Partners',
  'Foundry',
  'Marine',
  'Airlines',
  'Hotels',
  'Bank',
  'Labs',
  'Consulting',
  'Construction',
  'Metals',
  'Packaging',
  'Semiconductors',
  'Utilities',
  'Water',
  'Agri',
  'Biotech',
  'Security',
  'Finance',
  'Travel',
]
const legal = [
  'Inc',
  'Inc.',
  'Corp',
  'Corporation',
  'LLC',
  'Ltd',
  'Limited',
  'GmbH',
  'AG',
  'S.A.',
  'S.p.A.',
  'B.V.',
  'N.V.',
  'PLC',
  'Pty Ltd',
  'Co',
]
const products = ['Storage', 'Networking', 'Security', 'Cloud', 'Backup', 'Compute', 'Collaboration', 'Data Center']

// 1M registrations: names from the lists by hashes of the row number; a quarter of them closed (rejected/expired).
const SEED = `INSERT INTO deals (partner_id, customer_name, customer_key, customer_domain, customer_country, products, product_lines, value,
    expected_close, status, route, support, protection_until, rejection_reason, submitted_at, review_due)
  SELECT (SELECT array_agg(id ORDER BY id) FROM partners)[1 + abs(hashint4(i)) % 50], n.name || ' ' || ($4::text[])[1 + abs(hashint4(i + 7)) % cardinality($4::text[])],
    lower(n.name), lower(replace(n.name, ' ', '')) || '.com', 'US', ARRAY[p], ARRAY[lower(p)], 10000 + abs(hashint4(i + 3)) % 5000000,
    DATE '2026-01-01' + abs(hashint4(i + 5)) % 700, s, 'incentives', 'dedicated',
    CASE WHEN s IN ('approved', 'expired') THEN DATE '2027-01-01' END, CASE WHEN s = 'rejected' THEN 'Duplicate' END, now(), CURRENT_DATE + 2
  FROM generate_series(1, $5::int) i,
    LATERAL (SELECT ($1::text[])[1 + abs(hashint4(i)) % cardinality($1::text[])] || ' ' || ($2::text[])[1 + abs(hashint4(i + 1)) % cardinality($2::text[])]
      || ' ' || ($3::text[])[1 + abs(hashint4(i + 2)) % cardinality($3::text[])] AS name) n,
    LATERAL (SELECT ($6::text[])[1 + abs(hashint4(i + 4)) % cardinality($6::text[])] AS p) pr,
    LATERAL (SELECT (ARRAY['submitted','approved','approved','submitted','rejected','expired','approved','submitted'])[1 + abs(hashint4(i + 6)) % 8] AS s) st`

/** A name as someone else might type it: a typo, the legal form swapped or left out, other case. */
function perturb(name: string): string {
  const words = name.split(' ')
  const base = words.slice(0, 3).join(' ')
  const typo = (s: string) => {
    const i = 1 + Math.floor(rand() * (s.length - 2))
    switch (Math.floor(rand() * 3)) {
      case 0:
        return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) // swap two letters
      case 1:
        return s.slice(0, i) + s.slice(i + 1) // drop a letter
      default:
        return s.slice(0, i) + pick([...'aeiourstln']) + s.slice(i + 1) // wrong letter
    }
  }
  let out = rand() < 0.7 ? typo(base) : base
  const suffix = rand()
  if (suffix < 0.4) out += ` ${pick(legal)}`
  else if (suffix < 0.7) out += ` ${words.slice(3).join(' ')}`
  const c = rand()
  return c < 0.3 ? out.toUpperCase() : c < 0.6 ? out.toLowerCase() : out
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return itemAt(s, Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1))
}
const time = async (fn: () => Promise<unknown>) => {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

// The exhaustive baseline: the same similarity over every row (no trigram index can serve a function call).
const SCAN = `SELECT id FROM deals WHERE status IN ('submitted', 'info_requested', 'approved') AND similarity(customer_key, $1) >= $2`

async function seed(db: Database) {
  await migrate(db)
  await db.owner.query(`INSERT INTO partners (legal_name, headquarters_country, type, status, tier, search_text)
    SELECT 'Bench Partner ' || i, 'US', 'oem', 'active', 'strategic', 'bench partner ' || i FROM generate_series(1, 50) i`)
  // The triggers list each open registration under its distinctive words as it is inserted.
  await db.owner.query(SEED, [firsts, seconds, industries, legal, ROWS, products])
  // What autovacuum does after a bulk load: statistics, and the visibility map that lets the word index be read alone.
  for (const table of ['deals', 'deal_name_words', 'customer_name_dictionary']) await db.owner.exec(`VACUUM ANALYZE ${table}`)
}

/** pg_trgm's trigrams of a normalized key (lower-case words of letters and digits): each word padded "  w ", unique. */
const trigrams = (key: string): string[] => [
  ...new Set(
    key
      .split(' ')
      .filter(Boolean)
      .flatMap((w) => {
        const p = `  ${w} `
        return Array.from({ length: p.length - 2 }, (_, i) => p.slice(i, i + 3))
      }),
  ),
]

/** pg_trgm's similarity (shared / (a + b − shared) unique trigrams) of a key against every row, by brute force. */
function exhaustiveScanner(keys: string[]) {
  const ids = new Map<string, number>()
  const idOf = (t: string) => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1)
  const offsets = new Int32Array(keys.length + 1)
  const flat: number[] = []
  keys.forEach((k, i) => {
    for (const t of trigrams(k)) flat.push(idOf(t))
    offsets[i + 1] = flat.length
  })
  const all = Int32Array.from(flat)
  const similarity = (query: string[], marks: Uint8Array, i: number) => {
    let shared = 0
    // Typed arrays in range by construction: `?? 0` only satisfies the checker.
    const from = offsets[i] ?? 0
    const to = offsets[i + 1] ?? 0
    for (let j = from; j < to; j++) shared += marks[all[j] ?? 0] ?? 0
    const n = to - from
    // pg_trgm computes similarity as a float4.
    return Math.fround(shared / (query.length + n - shared))
  }
  const marked = (key: string) => {
    const q = trigrams(key)
    const marks = new Uint8Array(ids.size)
    for (const t of q) if (ids.has(t)) marks[ids.get(t)!] = 1
    return { q, marks }
  }
  return {
    similarity: (key: string, i: number) => {
      const { q, marks } = marked(key)
      return similarity(q, marks, i)
    },
    matches: (key: string, min: number) => {
      const { q, marks } = marked(key)
      const out: number[] = []
      // The check compares the float4 similarity with its float4 parameter.
      const threshold = Math.fround(min)
      for (let i = 0; i < keys.length; i++) if (similarity(q, marks, i) >= threshold) out.push(i)
      return out
    },
  }
}

/** The in-memory scan must compute exactly PostgreSQL's similarity, or its recall figure means nothing. */
async function assertSameSimilarity(db: Database, scan: ReturnType<typeof exhaustiveScanner>, keys: string[]) {
  for (const [i, key] of keys.entries()) {
    const other = normalizeCustomerName(perturb(key))
    const { s } = oneRow(await db.owner.query<{ s: number }>('SELECT similarity($1, $2)::float8 AS s', [key, other]), 'Similarity')
    if (Math.abs(s - scan.similarity(other, i)) > 1e-6)
      throw new Error(`in-memory similarity differs from pg_trgm for "${key}" / "${other}"`)
  }
}

/** The conflict check on 1M registrations: latency against an exhaustive scan, recall against it, and insert cost of its index. */
export default async function deals(): Promise<Row[]> {
  const db = await openPostgres(await createBenchDatabase('deals'), { max: 2 })
  try {
    const seedMs = await time(() => seed(db))
    console.error(`  seeded ${ROWS} registrations in ${fixed(seedMs / 1000)} s`)
    const sample = await db.owner.query<{ id: string; customer_name: string }>(
      `SELECT id, customer_name FROM deals WHERE status IN ('submitted', 'approved') ORDER BY hashint4(abs(hashtext(id::text))) LIMIT $1`,
      [Math.max(CHECKS, RECALL)],
    )
    const salesUser = oneRow(
      await db.owner.query<{ id: string }>(
        `INSERT INTO users (email, name, role) VALUES ('bench.sales@alliance.example', 'Bench Sales', 'sales') RETURNING id`,
      ),
      'User',
    )
    const actor: Actor = {
      userId: salesUser.id,
      email: 'bench.sales@alliance.example',
      name: 'Bench Sales',
      role: 'sales',
      partnerId: null,
      via: 'token',
    }
    const ctx: Ctx = { db, actor, now: () => new Date(), log: pino({ level: 'silent' }), config: loadConfig({}) }

    // Latency of the check as the API runs it (transaction, scoped function, scoring), on perturbed names.
    const checks = sample.slice(0, CHECKS).map((s) => perturb(s.customer_name))
    for (const name of checks.slice(0, 50)) await checkDeal(ctx, { customer: { name }, products: ['Storage'] }) // warm-up
    const checkMs: number[] = []
    for (const name of checks) checkMs.push(await time(() => checkDeal(ctx, { customer: { name }, products: ['Storage'] })))
    const scanMs: number[] = []
    for (const name of checks.slice(0, SCANS))
      scanMs.push(await time(() => db.transaction(systemScope, (sql) => sql.query(SCAN, [normalizeCustomerName(name), NAME_SIMILARITY]))))

    // Recall: of the rows the exhaustive scan matches for a perturbed name, how many the indexed check finds too.
    // Running the SQL scan 1,000 times over 1M rows would take hours, so the scan for recall is the same
    // pg_trgm similarity computed in memory over every open row (checked against PostgreSQL's own first).
    const open = await db.owner.query<{ id: string; customer_key: string }>(
      `SELECT id, customer_key FROM deals WHERE status IN ('submitted', 'info_requested', 'approved')`,
    )
    const scan = exhaustiveScanner(open.map((r) => r.customer_key))
    await assertSameSimilarity(
      db,
      scan,
      open.slice(0, 200).map((r) => r.customer_key),
    )
    let found = 0,
      expected = 0,
      originalHits = 0
    const recallNames = sample.slice(0, RECALL)
    for (const s of recallNames) {
      const key = normalizeCustomerName(perturb(s.customer_name))
      const scanned = scan.matches(key, NAME_SIMILARITY).map((i) => itemAt(open, i).id)
      const indexed = await db.transaction(systemScope, (sql) =>
        sql.query<{ deal_id: string }>('SELECT deal_id FROM deal_conflict_candidates($1, NULL, ARRAY[]::text[], CURRENT_DATE, NULL, $2)', [
          key,
          NAME_SIMILARITY,
        ]),
      )
      const ids = new Set(indexed.map((r) => r.deal_id))
      expected += scanned.length
      found += scanned.filter((id) => ids.has(id)).length
      if (ids.has(s.id)) originalHits++
    }
    const recall = expected ? found / expected : 1

    // Inserts with and without the name word index (the trigger listing a registration's words, the word and
    // dictionary indexes it writes), one registration per transaction.
    const insert = (n: number) =>
      db.transaction(systemScope, (sql) =>
        sql.query(
          `INSERT INTO deals (partner_id, customer_name, customer_key, customer_country, products, product_lines, value, expected_close, route, support, review_due)
       SELECT (SELECT id FROM partners LIMIT 1), $1, $2, 'US', '{Storage}', '{storage}', 100000, DATE '2027-01-31', 'incentives', 'dedicated', CURRENT_DATE + 2`,
          [
            `Insert ${n} ${pick(firsts)} ${pick(industries)} Inc`,
            `insert ${n} ${pick(firsts).toLowerCase()} ${pick(industries).toLowerCase()}`,
          ],
        ),
      )
    const withIndex: number[] = []
    for (let i = 0; i < INSERTS; i++) withIndex.push(await time(() => insert(i)))
    await db.owner.exec('ALTER TABLE deals DISABLE TRIGGER deal_name_words_insert')
    const without: number[] = []
    for (let i = 0; i < INSERTS; i++) without.push(await time(() => insert(INSERTS + i)))

    const [p50, p95] = [percentile(checkMs, 50), percentile(checkMs, 95)]
    const [s50, s95] = [percentile(scanMs, 50), percentile(scanMs, 95)]
    const speedup = s50 / p50
    const [i99, n99] = [percentile(withIndex, 99), percentile(without, 99)]
    const verdict = (ok: boolean) => (ok ? 'pass' : 'MISS')
    const label = `${ROWS / 1_000_000}M registrations`
    return [
      {
        benchmark: `conflict check, indexed (${label}, ${CHECKS} perturbed names)`,
        p50: `${fixed(p50, 1)} ms`,
        p95: `${fixed(p95, 1)} ms ${verdict(p95 < targets.p95Ms)} (< ${targets.p95Ms} ms)`,
      },
      { benchmark: `exhaustive similarity scan (${SCANS} names)`, p50: `${fixed(s50, 1)} ms`, p95: `${fixed(s95, 1)} ms` },
      {
        benchmark: 'scan / indexed check (p50)',
        p50: `${fixed(speedup, 1)}× ${verdict(speedup >= targets.speedup)} (≥ ${targets.speedup}×)`,
      },
      {
        benchmark: `recall vs scan (${RECALL} perturbed names, ${expected} scan matches)`,
        p50: `${fixed(recall, 4)} ${verdict(recall >= targets.recall)} (≥ ${targets.recall})`,
      },
      { benchmark: 'perturbed name finds its original registration', p50: fixed(originalHits / recallNames.length, 4) },
      {
        benchmark: `insert with name word index (${INSERTS})`,
        p50: `${fixed(percentile(withIndex, 50), 2)} ms`,
        p99: `${fixed(i99, 2)} ms`,
      },
      { benchmark: `insert without it (${INSERTS})`, p50: `${fixed(percentile(without, 50), 2)} ms`, p99: `${fixed(n99, 2)} ms` },
      {
        benchmark: 'insert p99 with / without index',
        p99: `${fixed(i99 / n99, 2)}× ${verdict(i99 / n99 <= targets.insertRatio)} (≤ ${targets.insertRatio}×)`,
      },
    ]
  } finally {
    await db.close()
  }
}
