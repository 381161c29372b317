import fs from 'node:fs'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { loadConfig } from '../../src/core/config.ts'
import { openPglite, openPostgres, type Database } from '../../src/core/db.ts'
import { migrate } from '../../src/core/migrate.ts'

const config = loadConfig()

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: config.databaseUrl })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database (a copy of the run's migrated
 * template) when DATABASE_URL is set,
 * else an in-memory embedded one copied from the migrated template.
 */
export async function createTestDb(): Promise<Database> {
  if (!config.databaseUrl) {
    const template = fs.readFileSync(inject('pgliteTemplate'))
    return openPglite(null, { loadDataDir: new Blob([template]) })
  }
  const name = `alliance_test_${randomBytes(6).toString('hex')}`
  const template = inject('postgresTemplate')
  await admin((c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`))
  const url = new URL(config.databaseUrl)
  url.pathname = `/${name}`
  const db = await openPostgres(url.toString(), { max: 5 })
  if (!template) await migrate(db)
  return {
    ...db,
    kind: db.kind,
    owner: db.owner,
    transaction: db.transaction,
    close: async () => {
      await db.close()
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    },
  }
}

export const usingPostgres = !!config.databaseUrl
