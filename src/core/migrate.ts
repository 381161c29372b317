import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database } from './db.ts'

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations')

/** Applies the committed SQL migrations in order, each in its own transaction; returns the names applied. */
export async function migrate(db: Database): Promise<string[]> {
  await db.owner.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
  const done = new Set((await db.owner.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name))
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
  const applied: string[] = []
  for (const file of files) {
    if (done.has(file)) continue
    const body = fs.readFileSync(path.join(dir, file), 'utf8')
    const name = file.replace(/'/g, "''")
    try {
      await db.owner.exec(`BEGIN;\n${body}\n;INSERT INTO schema_migrations (name) VALUES ('${name}');\nCOMMIT;`)
    } catch (e) {
      await db.owner.exec('ROLLBACK').catch(() => {})
      throw new Error(`Migration ${file} failed: ${(e as Error).message}`, { cause: e })
    }
    applied.push(file)
  }
  return applied
}
