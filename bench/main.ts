// `npm run bench`: runs every bench/*.bench.ts (each default-exports a function returning table rows) and prints one table.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { cleanup } from './lib/cleanup.ts'
import { formatTable, type Row } from './lib/table.ts'

process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)))

const dir = path.dirname(fileURLToPath(import.meta.url))
// BENCH_ONLY=reviews runs bench/reviews.bench.ts alone.
const only = process.env.BENCH_ONLY
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!only || f === `${only}.bench.ts`))
  .sort()
const rows: Row[] = []
for (const file of files) {
  console.error(`running ${file} (${process.env.BENCH_DURATION ?? 10} s per endpoint after a 2 s warm-up)…`)
  try {
    const bench = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: () => Promise<Row[]> }
    rows.push(...(await bench.default()))
  } catch (e) {
    console.error(`${file} failed:`, e)
    rows.push({ benchmark: `${file}: FAILED`, 'req/s': String((e as Error).message ?? e) })
    process.exitCode = 1
  } finally {
    await cleanup() // stop its servers, drop its database
  }
}
console.log(formatTable(rows))
