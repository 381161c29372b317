import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Config } from './config.ts'
import type { Database, Owner } from './db.ts'

/**
 * Where uploaded files' bytes live, addressed only by their SHA-256 (never by a name a user gave).
 * The file store writes under the data directory; an S3-compatible store can implement the same interface.
 */
export interface BlobStore {
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>
  get(sha256: string): Promise<Buffer | null>
}

const HASH = /^[0-9a-f]{64}$/

export const sha256Of = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex')

/** Content-addressed files under `<root>/ab/cdef…`; a write goes to a temporary name first, so a reader never sees half a file. */
export function fileStore(root: string): BlobStore {
  const pathOf = (sha256: string) => {
    if (!HASH.test(sha256)) throw new Error('Not a SHA-256 hex digest')
    return path.join(root, sha256.slice(0, 2), sha256.slice(2))
  }
  return {
    async put(bytes) {
      const sha256 = sha256Of(bytes)
      const target = pathOf(sha256)
      await fs.mkdir(path.dirname(target), { recursive: true })
      const exists = await fs.stat(target).then(
        (s) => s.size === bytes.byteLength,
        () => false,
      )
      if (!exists) {
        const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`
        await fs.writeFile(tmp, bytes)
        await fs.rename(tmp, target)
      }
      return { sha256, size: bytes.byteLength }
    },
    async get(sha256) {
      return fs.readFile(pathOf(sha256)).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null
        throw e
      })
    },
  }
}

/**
 * Content-addressed bytes in the `stored_files` table, through the owner connection: one row per distinct content,
 * written once (a second upload of the same bytes adds nothing), read back only by its hash.
 */
export function databaseStore(owner: Owner): BlobStore {
  return {
    async put(bytes) {
      const sha256 = sha256Of(bytes)
      await owner.query('INSERT INTO stored_files (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [
        sha256,
        bytes.byteLength,
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      ])
      return { sha256, size: bytes.byteLength }
    },
    async get(sha256) {
      if (!HASH.test(sha256)) throw new Error('Not a SHA-256 hex digest')
      const [row] = await owner.query<{ content: Uint8Array }>('SELECT content FROM stored_files WHERE sha256 = $1', [sha256])
      return row ? Buffer.from(row.content) : null
    },
  }
}

/** The files under the data directory: the store on the embedded database, and where `files migrate` reads from. */
export const localFiles = (config: Pick<Config, 'dataDir'>): BlobStore => fileStore(path.join(config.dataDir, 'files'))

/**
 * The configured store. On PostgreSQL, the database itself, so that every server behind a load balancer reads what any
 * of them stored; a document stored under DATA_DIR/files before (by an earlier version) is still read from there
 * until `alliance files migrate` has moved it. On the embedded database, files under the data directory.
 */
export function blobStore(ctx: { config: Pick<Config, 'dataDir'>; db: Pick<Database, 'kind' | 'owner'> }): BlobStore {
  const files = localFiles(ctx.config)
  if (ctx.db.kind !== 'postgres') return files
  const database = databaseStore(ctx.db.owner)
  return {
    put: (bytes) => database.put(bytes),
    get: async (sha256) => (await database.get(sha256)) ?? files.get(sha256),
  }
}

export type FilesMigration = { found: number; moved: number; alreadyThere: number; refused: { file: string; reason: string }[] }

/**
 * Moves the documents under DATA_DIR/files into the database: each file's bytes must hash to its name, and once
 * stored, the database's copy is read back and hashed again. Idempotent: a file already in the database counts as
 * such. The files are left in place (remove them once every server runs this version).
 */
export async function migrateFilesToDatabase(config: Pick<Config, 'dataDir'>, db: Pick<Database, 'owner'>): Promise<FilesMigration> {
  const root = path.join(config.dataDir, 'files')
  const result: FilesMigration = { found: 0, moved: 0, alreadyThere: 0, refused: [] }
  const names = await fs.readdir(root, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[]
    throw e
  })
  const database = databaseStore(db.owner)
  for (const rel of names.sort()) {
    const sha256 = rel.replace(/[\\/]/g, '')
    if (!HASH.test(sha256) || rel.length !== 65) continue // temporary names, directories
    result.found++
    const bytes = await fs.readFile(path.join(root, rel))
    if (sha256Of(bytes) !== sha256) {
      result.refused.push({ file: rel, reason: "its content does not match its name's SHA-256" })
      continue
    }
    const [present] = await db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM stored_files WHERE sha256 = $1', [sha256])
    if (present && present.n > 0) {
      result.alreadyThere++
      continue
    }
    await database.put(bytes)
    const back = await database.get(sha256)
    if (!back || sha256Of(back) !== sha256) {
      result.refused.push({ file: rel, reason: 'the copy in the database does not read back the same' })
      continue
    }
    result.moved++
  }
  return result
}

const SAME_TYPE: Record<string, string[]> = { jpg: ['jpg', 'jpeg'], tif: ['tif', 'tiff'] }

/**
 * The name an uploaded file is kept and offered under: the base name only, printable and short, ending in the
 * extension of the type judged from its bytes. A last extension that does not match that type is dropped, and
 * the type's extension is added unless the name already ends in it: `invoice.pdf.html` holding a PDF is kept
 * as `invoice.pdf`, `scan.exe` as `scan.pdf`, `contract` as `contract.pdf`. A name is never used as a path.
 */
export function storedName(name: string, ext: string): string {
  const matches = SAME_TYPE[ext] ?? [ext]
  const endsRight = (n: string) => matches.includes(path.extname(n).slice(1).toLowerCase())
  let base = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .slice(0, 200)
    .trim()
  if (!endsRight(base) && /^\.[\p{L}\p{N}]{1,10}$/u.test(path.extname(base))) base = base.slice(0, -path.extname(base).length)
  base = base.replace(/^[. ]+|[. ]+$/g, '')
  if (!base) return `document.${ext}`
  return endsRight(base) ? base : `${base}.${ext}`
}
