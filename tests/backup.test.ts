import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { inject } from 'vitest'
import { backup, restore } from '../src/core/backup.ts'
import { auditHead, tableChecksums } from '../src/core/checksum.ts'
import { loadConfig } from '../src/core/config.ts'
import { openPglite, openPostgres, type Database } from '../src/core/db.ts'
import { AppError } from '../src/core/errors.ts'
import { migrate } from '../src/core/migrate.ts'
import { seedDemo } from '../src/features/demo/demo.seed.ts'
import { createTestApp } from './setup/app.ts'
import { usingPostgres } from './setup/db.ts'

// A seeded database with documents is backed up, restored into an empty one, and compared table by table.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-backup-test-'))
const baseUrl = loadConfig().databaseUrl
const created: string[] = []
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true })
  if (baseUrl) await admin((c) => Promise.all(created.map((n) => c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`))))
})

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: baseUrl })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

/** A new, empty PostgreSQL database; its URL. */
async function newDatabase(template?: string): Promise<string> {
  const name = `alliance_backup_${Math.random().toString(36).slice(2, 10)}`
  created.push(name)
  await admin((c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`))
  const url = new URL(baseUrl!)
  url.pathname = `/${name}`
  return url.toString()
}

const hashTree = (root: string) =>
  fs.existsSync(root)
    ? (fs.readdirSync(root, { recursive: true }) as string[])
        .filter((f) => fs.statSync(path.join(root, f)).isFile())
        .sort()
        .map(
          (f) =>
            `${f}:${createHash('sha256')
              .update(fs.readFileSync(path.join(root, f)))
              .digest('hex')}`,
        )
    : []

async function seedWithDocuments(db: Database, dataDir: string) {
  await seedDemo(db, 'alliance-demo')
  const t = createTestApp(db, { DATA_DIR: dataDir })
  const s = await t.login('ops@alliance.example', 'alliance-demo')
  const agreements = await db.owner.query<{ id: string }>("SELECT id::text AS id FROM agreements WHERE status <> 'terminated' ORDER BY id")
  let uploaded = 0
  for (const [i, a] of agreements.entries()) {
    const form = new FormData()
    form.append('file', new File([`%PDF-1.4\n% document ${i}\n%%EOF\n`], `doc-${i}.pdf`, { type: 'application/pdf' }))
    const res = await t.request(`/api/agreements/${a.id}/documents`, { method: 'POST', body: form, headers: s.headers })
    if (res.status === 201) uploaded++
    if (uploaded === 3) break
  }
  expect(uploaded).toBe(3)
}

const snapshot = async (db: Database, dataDir: string) => ({
  tables: await tableChecksums(db.owner),
  auditHead: await auditHead(db.owner),
  // Documents: in the database on PostgreSQL (they travel in its dump), under the data directory on the embedded one.
  files:
    db.kind === 'postgres'
      ? (await db.owner.query<{ sha256: string; content: Uint8Array }>('SELECT sha256, content FROM stored_files ORDER BY sha256')).map(
          (r) => `${r.sha256}:${createHash('sha256').update(r.content).digest('hex')}`,
        )
      : hashTree(path.join(dataDir, 'files')),
})

it('backs up a seeded database with documents and restores it into an empty one, equal table by table', { timeout: 600_000 }, async () => {
  const srcDir = path.join(dir, 'src')
  const dstDir = path.join(dir, 'dst')
  const file = path.join(dir, 'alliance.tar.gz')
  let srcEnv: Record<string, string>
  let dstEnv: Record<string, string>
  let before: Awaited<ReturnType<typeof snapshot>>
  if (usingPostgres) {
    const srcUrl = await newDatabase(inject('postgresTemplate') || undefined)
    const db = await openPostgres(srcUrl, { max: 3 })
    if (!inject('postgresTemplate')) await migrate(db)
    await seedWithDocuments(db, srcDir)
    before = await snapshot(db, srcDir)
    await db.close()
    srcEnv = { DATABASE_URL: srcUrl, DATA_DIR: srcDir }
    dstEnv = { DATABASE_URL: await newDatabase(), DATA_DIR: dstDir }
  } else {
    const db = await openPglite(srcDir)
    await migrate(db)
    await seedWithDocuments(db, srcDir)
    before = await snapshot(db, srcDir)
    await db.close()
    srcEnv = { DATA_DIR: srcDir }
    dstEnv = { DATA_DIR: dstDir }
  }
  expect(before.files.length).toBe(3)
  expect(Object.values(before.tables).filter((v) => !v.startsWith('0:')).length).toBeGreaterThan(20)

  const manifest = await backup(loadConfig(srcEnv), file)
  expect(manifest.tables).toEqual(before.tables)
  expect(manifest.auditHead).toBe(before.auditHead)
  expect(manifest.files).toHaveLength(usingPostgres ? 0 : 3)

  const r = await restore(loadConfig(dstEnv), file)
  expect(r.files).toBe(usingPostgres ? 0 : 3)
  const db = usingPostgres ? await openPostgres(dstEnv.DATABASE_URL!, { max: 2 }) : await openPglite(dstDir)
  try {
    const after = await snapshot(db, dstDir)
    expect(after.tables).toEqual(before.tables)
    expect(after.auditHead).toBe(before.auditHead)
    expect(after.auditHead).toMatch(/^[0-9a-f]{64}$/)
    expect(after.files).toEqual(before.files)
    // The restored database works: the app signs in and reads through row-level security.
    const t = createTestApp(db, { DATA_DIR: dstDir })
    const s = await t.login('admin@alliance.example', 'alliance-demo')
    expect((await s.get('/api/partners?limit=5')).status).toBe(200)
  } finally {
    await db.close()
  }

  // A database that holds data is replaced only when forced.
  const refused = await restore(loadConfig(dstEnv), file).catch((e: unknown) => e)
  expect(refused).toBeInstanceOf(AppError)
  expect((refused as AppError).message).toMatch(/not empty.*--force/)
  expect((await restore(loadConfig(dstEnv), file, { force: true })).tables).toBe(Object.keys(before.tables).length)
})

it('refuses a file that is not a backup', async () => {
  const bogus = path.join(dir, 'bogus.tar.gz')
  fs.writeFileSync(bogus, 'not a backup')
  await expect(restore(loadConfig({ DATA_DIR: path.join(dir, 'other') }), bogus)).rejects.toThrow()
})
