import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, usingPostgres } from '../../tests/setup/db.ts'
import type { Database } from './db.ts'
import { oneRow } from './db-rows.ts'

let db: Database
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(async () => {
  await db?.close()
})

/** Ends every other connection to this database, as a server restart or an administrator would. */
async function terminateOthers(applicationName?: string) {
  const rows = await db.owner.query<{ n: number }>(
    `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND ($1::text IS NULL OR application_name = $1)`,
    [applicationName ?? null],
  )
  return oneRow(rows, 'Count').n
}

const until = async (check: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 100; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`Timed out waiting for ${what}`)
}

describe.skipIf(!usingPostgres)('connections the server drops (PostgreSQL)', () => {
  it('pooled connections: the next statement runs on a new connection and nothing crashes', async () => {
    await Promise.all([1, 2, 3].map(() => db.lookup('SELECT pg_sleep(0.05)')))
    expect(await terminateOthers()).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 100))
    await until(async () => (await db.lookup<{ one: number }>('SELECT 1 AS one').catch(() => []))[0]?.one === 1, 'a new pooled connection')
    expect(
      await db.transaction({ userId: null, partnerId: null, internal: true }, (sql) => sql.query<{ one: number }>('SELECT 1 AS one')),
    ).toEqual([{ one: 1 }])
  })

  it('a listener listens again after its connection is dropped', async () => {
    const got: string[] = []
    const off = await db.listen('reconnect_test', (p) => got.push(p))
    expect(await terminateOthers('alliance-listen')).toBe(1)
    let n = 0
    await until(async () => {
      await db.owner.query(`SELECT pg_notify('reconnect_test', $1)`, [`after-${++n}`])
      await new Promise((r) => setTimeout(r, 50))
      return got.length > 0
    }, 'the listener to reconnect')
    expect(got[0]).toMatch(/^after-\d+$/)
    await off()
    // Unsubscribed: it neither hears nor reconnects.
    await db.owner.query(`SELECT pg_notify('reconnect_test', 'late')`)
    await new Promise((r) => setTimeout(r, 200))
    expect(got).not.toContain('late')
    const listening = await db.owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'alliance-listen'`,
    )
    expect(listening[0]?.n).toBe(0)
  })
})
