import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openPglite } from '../../src/core/db.ts'
import { migrate } from '../../src/core/migrate.ts'
import { loadConfig } from '../../src/core/config.ts'

/**
 * Migrates one embedded database and saves it as a template, so each test file starts from a
 * fresh copy in well under the seconds a first creation takes.
 */
export async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  if (loadConfig().databaseUrl) return provide('pgliteTemplate', '')
  const db = await openPglite(null)
  await migrate(db)
  const dump = await db.dump!()
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-template-')), 'template.tar')
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  await db.close()
  provide('pgliteTemplate', file)
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
  }
}
