import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import * as tar from 'tar'
import { auditHead, tableChecksums } from './checksum.ts'
import type { Config } from './config.ts'
import { openPglite, type Sql } from './db.ts'
import { AppError } from './errors.ts'
import { fileStore, sha256Of } from './storage.ts'

/**
 * A backup is a .tar.gz: manifest.json (what it holds, each table's checksum and the audit chain's head
 * at the moment of the backup), the database (database.tar: PGlite's data directory dump, or
 * database.pgdump: pg_dump's custom format) and every stored document under files/ by its SHA-256.
 */
export type Manifest = {
  format: 'alliance-backup'
  version: 1
  createdAt: string
  database: 'pglite' | 'postgres'
  tables: Record<string, string>
  auditHead: string
  files: { sha256: string; size: number }[]
}

const filesDir = (config: Config) => path.join(config.dataDir, 'files')
const HASH_PATH = /^[0-9a-f]{2}\/[0-9a-f]{62}$/

function storedFiles(config: Config): { sha256: string; size: number; rel: string }[] {
  const root = filesDir(config)
  if (!fs.existsSync(root)) return []
  const out = []
  for (const dir of fs.readdirSync(root))
    for (const name of fs.readdirSync(path.join(root, dir))) {
      const rel = `${dir}/${name}`
      if (HASH_PATH.test(rel)) out.push({ sha256: dir + name, size: fs.statSync(path.join(root, rel)).size, rel })
    }
  return out.sort((a, b) => a.sha256.localeCompare(b.sha256))
}

/** pg_dump / pg_restore on PATH, or a clear refusal naming what to install. */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const found = spawnSync(name, ['--version'], { encoding: 'utf8' })
  if (found.error || found.status !== 0)
    throw new AppError(
      'BAD_REQUEST',
      `${name} was not found on PATH. Backups of a PostgreSQL database use the PostgreSQL client tools (the server's major version or newer), e.g. "apt-get install postgresql-client".`,
    )
  return name
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new AppError('INTERNAL', `${cmd} failed (${code}): ${err.trim().slice(0, 2000)}`)),
    )
  })
}

async function withOwner<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}
const clientSql = (c: pg.Client): Sql => ({ query: async (text, params) => (await c.query(text, params)).rows })

/** Writes a backup of the configured database and its documents to `file`. */
export async function backup(config: Config, file: string): Promise<Manifest> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-backup-'))
  try {
    let manifest: Omit<Manifest, 'files'>
    const base = { format: 'alliance-backup', version: 1, createdAt: new Date().toISOString() } as const
    if (config.databaseUrl) {
      const dump = pgTool('pg_dump')
      const url = config.databaseUrl
      // The checksums and the dump read one snapshot, so the manifest describes exactly what was dumped.
      manifest = await withOwner(url, async (c) => {
        await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
        const snapshot = (await c.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]?.s ?? ''
        const sql = clientSql(c)
        const m = { ...base, database: 'postgres' as const, tables: await tableChecksums(sql), auditHead: await auditHead(sql) }
        await run(dump, ['--format=custom', `--snapshot=${snapshot}`, '--file', path.join(work, 'database.pgdump'), '--dbname', url])
        await c.query('COMMIT')
        return m
      })
    } else {
      // The embedded database is locked to this process while it is open: nothing writes meanwhile.
      const db = await openPglite(config.dataDir)
      try {
        const m = { ...base, database: 'pglite' as const, tables: await tableChecksums(db.owner), auditHead: await auditHead(db.owner) }
        const blob = await db.dump!()
        fs.writeFileSync(path.join(work, 'database.tar'), new Uint8Array(await blob.arrayBuffer()))
        manifest = m
      } finally {
        await db.close()
      }
    }
    const files = storedFiles(config)
    fs.mkdirSync(path.join(work, 'files'))
    for (const f of files) {
      fs.mkdirSync(path.join(work, 'files', f.rel.slice(0, 2)), { recursive: true })
      fs.copyFileSync(path.join(filesDir(config), f.rel), path.join(work, 'files', f.rel))
    }
    const full: Manifest = { ...manifest, files: files.map(({ sha256, size }) => ({ sha256, size })) }
    fs.writeFileSync(path.join(work, 'manifest.json'), JSON.stringify(full, null, 2))
    const entries = ['manifest.json', manifest.database === 'postgres' ? 'database.pgdump' : 'database.tar', 'files']
    await tar.create({ gzip: true, file: path.resolve(file), cwd: work, portable: true }, entries)
    return full
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

export type RestoreResult = { manifest: Manifest; tables: number; files: number; auditHead: string }

/**
 * Restores a backup into the configured database and data directory. A database that holds data is
 * replaced only with `force`; afterwards every table's checksum and the audit chain's head must equal
 * the backup's, and every document its hash, or the restore reports what differs.
 */
export async function restore(config: Config, file: string, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `No such file: ${file}`)
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-restore-'))
  try {
    await tar.extract({ file, cwd: work, strict: true, filter: (p) => /^(manifest\.json|database\.(tar|pgdump)|files(\/.*)?)$/.test(p) })
    const manifest = readManifest(work)
    const target = config.databaseUrl ? 'postgres' : 'pglite'
    if (manifest.database !== target)
      throw new AppError('BAD_REQUEST', `This backup is of a ${manifest.database} database; the configured database is ${target}`)
    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(work, 'files', f.sha256.slice(0, 2), f.sha256.slice(2)))
      if (sha256Of(bytes) !== f.sha256) throw new AppError('BAD_REQUEST', `Document ${f.sha256} in the backup does not match its hash`)
    }
    const after = config.databaseUrl
      ? await restorePostgres(config.databaseUrl, work, !!opts.force)
      : await restorePglite(config, work, !!opts.force)
    const store = fileStore(filesDir(config))
    for (const f of manifest.files) await store.put(fs.readFileSync(path.join(work, 'files', f.sha256.slice(0, 2), f.sha256.slice(2))))
    const differs = Object.keys({ ...manifest.tables, ...after.tables }).filter((t) => manifest.tables[t] !== after.tables[t])
    if (differs.length || after.auditHead !== manifest.auditHead)
      throw new AppError('INTERNAL', `The restored database differs from the backup: ${differs.join(', ') || 'audit chain head'}`)
    return { manifest, tables: Object.keys(after.tables).length, files: manifest.files.length, auditHead: after.auditHead }
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

function readManifest(dir: string): Manifest {
  const p = path.join(dir, 'manifest.json')
  const m = fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, 'utf8')) as Manifest) : null
  if (m?.format !== 'alliance-backup' || m.version !== 1)
    throw new AppError('BAD_REQUEST', 'Not an Alliance backup (no manifest.json of version 1)')
  return m
}

/** How many users the database holds (0 when it has no schema yet): "non-empty" means someone could sign in. */
async function userCount(sql: Sql): Promise<number> {
  const [exists] = await sql.query<{ t: string | null }>("SELECT to_regclass('public.users')::text AS t")
  if (!exists?.t) return 0
  const [row] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM users')
  return row?.n ?? 0
}

const refuseNonEmpty = (where: string, users: number) => {
  throw new AppError('CONFLICT', `The database ${where} is not empty (${users} users); restore with --force to replace it`)
}

async function restorePglite(config: Config, work: string, force: boolean) {
  const dir = config.dataDir
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    const db = await openPglite(dir)
    let users: number
    try {
      users = await userCount(db.owner)
    } finally {
      await db.close()
    }
    if (users > 0 && !force) refuseNonEmpty(`in ${dir}`, users)
  }
  // Replace the database files; documents under files/ stay (they are content-addressed, the backup's are added).
  if (fs.existsSync(dir))
    for (const name of fs.readdirSync(dir)) if (name !== 'files') fs.rmSync(path.join(dir, name), { recursive: true, force: true })
  const dump = fs.readFileSync(path.join(work, 'database.tar'))
  const db = await openPglite(dir, { loadDataDir: new Blob([new Uint8Array(dump)]) })
  try {
    return { tables: await tableChecksums(db.owner), auditHead: await auditHead(db.owner) }
  } finally {
    await db.close()
  }
}

async function restorePostgres(url: string, work: string, force: boolean) {
  const restoreTool = pgTool('pg_restore')
  await withOwner(url, async (c) => {
    const users = await userCount(clientSql(c))
    if (users > 0 && !force) refuseNonEmpty('at DATABASE_URL', users)
    await c.query(`DROP SCHEMA IF EXISTS pgboss CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;
      DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'alliance_app') THEN
        CREATE ROLE alliance_app NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$;
      GRANT alliance_app TO CURRENT_USER;`)
  })
  await run(restoreTool, ['--no-owner', '--exit-on-error', '--dbname', url, path.join(work, 'database.pgdump')])
  return withOwner(url, async (c) => ({ tables: await tableChecksums(clientSql(c)), auditHead: await auditHead(clientSql(c)) }))
}
