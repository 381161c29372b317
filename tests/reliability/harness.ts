import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { loadConfig } from '../../src/core/config.ts'

/**
 * Real `alliance serve` processes on a database of their own, for the reliability tests: each test file makes a
 * fresh PostgreSQL database (a copy of the run's migrated template), starts servers on it, kills them, and reads
 * what they left behind as the database owner.
 */

const baseUrl = loadConfig().databaseUrl
export const bin = path.resolve('bin/alliance.js')

/** Says why a PostgreSQL-only reliability test is skipped; returns whether it runs. */
export function needsPostgres(what: string): boolean {
  if (!baseUrl) console.warn(`${what}: skipped — it needs PostgreSQL (set DATABASE_URL=postgres://…)`)
  return !!baseUrl
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: baseUrl })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

/** A fresh migrated PostgreSQL database; `pool` reads it as its owner; `drop` removes it. */
export async function freshDatabase() {
  const name = `alliance_rel_${randomBytes(6).toString('hex')}`
  // Imported here, so the benchmarks can use the rest of this file outside Vitest.
  const { inject } = await import('vitest')
  const template = inject('postgresTemplate')
  await admin((c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`))
  const url = new URL(baseUrl!)
  url.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: url.toString(), max: 3 })
  return {
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end()
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    },
  }
}

export type Server = {
  port: number
  url: string
  proc: ChildProcess
  output: () => string
  /** Resolves once the process has exited. */
  exited: Promise<number | null>
  kill: (signal?: NodeJS.Signals) => Promise<void>
}

/** A temporary directory removed when the returned function is called. */
export function tempDir(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** Starts `node bin/alliance.js serve` and resolves once it answers `GET /api/health`. */
export async function startServer(env: Record<string, string>, port: number, timeoutMs = 90_000): Promise<Server> {
  const full: Record<string, string | undefined> = {
    ...process.env,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'never',
    TRUST_PROXY: 'true',
    HOST: '127.0.0.1',
    ...env,
    PORT: String(port),
  }
  if (!env.DATABASE_URL) delete full.DATABASE_URL
  const proc = spawn(process.execPath, [bin, 'serve'], { env: full, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  let done = false
  void exited.then(() => (done = true))
  for (;;) {
    if (done) throw new Error(`The server on port ${port} exited while starting:\n${out}`)
    if (out.includes('Alliance is running at')) {
      const ok = await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) break
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`The server on port ${port} did not start within ${timeoutMs} ms:\n${out}`)
    }
    await sleep(100)
  }
  return {
    port,
    url,
    proc,
    output: () => out,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal)
      await exited
    },
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs the CLI against `env`; its exit code and output. */
export function cli(args: string[], env: Record<string, string>) {
  // An empty value removes the variable (DATABASE_URL: '' runs on the embedded database).
  const full = Object.fromEntries(Object.entries({ ...process.env, LOG_LEVEL: 'warn', ...env }).filter(([, v]) => v !== ''))
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: full,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same kill moments and request mix. */
export function seeded(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  }
}

/** Signs in through the API; headers that carry the session cookie and CSRF token. */
export async function signIn(url: string, email: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}: ${await res.text()}`)
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  return { cookie, 'x-csrf-token': csrfToken }
}

/** Percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
