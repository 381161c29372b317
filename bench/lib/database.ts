import pg from 'pg'
import { defer } from './cleanup.ts'

export const adminUrl = (): string =>
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** Creates a fresh, empty database on the admin server and returns its URL; cleanup drops it. */
export async function createBenchDatabase(tag: string): Promise<string> {
  const name = `alliance_bench_${tag}_${process.pid}`
  await asAdmin(`CREATE DATABASE ${name}`)
  defer(() => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
  const url = new URL(adminUrl())
  url.pathname = `/${name}`
  return url.toString()
}
