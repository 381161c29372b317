#!/usr/bin/env node
// `npm test`: the service and route tests (Vitest), then the browser tests (Playwright in Debian's
// Chromium). Without Chromium the browser tests are skipped with a plain notice — except in CI,
// where a skipped browser test is a failure.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1

const db = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'the embedded database (PGlite)'
console.log(`\n▶ Service and route tests on ${db}`)
if (run('npx', ['vitest', 'run']) !== 0) process.exit(1)

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean)
const chromium = candidates.find((p) => fs.existsSync(p))
if (!chromium) {
  const why = "Chromium is not installed (install Debian's package: apt-get install -y chromium, or set CHROMIUM_PATH)"
  if (process.env.CI) {
    console.error(`\n✖ Browser tests cannot run in CI: ${why}`)
    process.exit(1)
  }
  console.log(`\n⚠ Browser tests SKIPPED: ${why}.`)
  process.exit(0)
}
console.log(`\n▶ Browser tests in ${chromium}`)
process.exit(run('npx', ['playwright', 'test']))
