import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openPglite, openPostgres } from '../../src/core/db.ts'
import { migrate } from '../../src/core/migrate.ts'
import { loadConfig } from '../../src/core/config.ts'

/**
 * Migrates one embedded database and saves it as a template, so each test file starts from a
 * fresh copy in well under the seconds a first creation takes.
 */
export async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const url = loadConfig().databaseUrl
  if (url) {
    provide('pgliteTemplate', '')
    return setupPostgresTemplate(url, provide)
  }
  const db = await openPglite(null)
  await migrate(db)
  const dump = await db.dump!()
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-template-')), 'template.tar')
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  await db.close()
  provide('pgliteTemplate', file)
}

/**
 * On PostgreSQL: one migrated template database per run, which each test file's database copies
 * (`CREATE DATABASE … TEMPLATE`) instead of migrating again; dropped when the run ends.
 */
async function setupPostgresTemplate(url: string, provide: (key: string, value: string) => void) {
  const name = `alliance_template_${randomBytes(6).toString('hex')}`
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      await c.query(sql)
    } finally {
      await c.end()
    }
  }
  await admin(`CREATE DATABASE ${name}`)
  const target = new URL(url)
  target.pathname = `/${name}`
  const db = await openPostgres(target.toString(), { max: 1 })
  await migrate(db)
  await db.close()
  provide('postgresTemplate', name)
  return async () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
    postgresTemplate: string
  }
}
