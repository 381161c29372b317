// The size of the hand-written source: how many lines its files have (median, p90, max) and the largest
// ones, so a file that outgrows its role shows up. Generated files are left out. `npm run sizes [-- --top N]`
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'

const generated = new Set(['src/web/lib/api-types.ts'])
const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 10

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', 'src', 'tests', 'bench', 'scripts'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => /\.(ts|tsx|js)$/.test(f) && !generated.has(f) && fs.existsSync(f))

const lines = (f: string) => fs.readFileSync(f, 'utf8').split('\n').length - 1
const sized = files.map((f) => ({ file: f, lines: lines(f) })).sort((a, b) => a.lines - b.lines)

/** The value at a quantile by the nearest-rank method. */
const quantile = (sorted: number[], q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0

function report(title: string, group: typeof sized) {
  const counts = group.map((s) => s.lines)
  const total = counts.reduce((a, b) => a + b, 0)
  console.log(
    `${title.padEnd(22)} ${String(group.length).padStart(5)} files ${String(total).padStart(7)} lines` +
      `   median ${String(quantile(counts, 0.5)).padStart(4)}   p90 ${String(quantile(counts, 0.9)).padStart(4)}   max ${String(counts.at(-1) ?? 0).padStart(5)}`,
  )
}

const isTest = (f: string) => f.startsWith('tests/') || /\.test\.tsx?$/.test(f)
report('all hand-written', sized)
report(
  'application (no tests)',
  sized.filter((s) => !isTest(s.file)),
)
report(
  'tests',
  sized.filter((s) => isTest(s.file)),
)
console.log(`\nThe ${top} largest files:`)
for (const s of sized.slice(-top).reverse()) console.log(`${String(s.lines).padStart(6)}  ${s.file}`)
