import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Config } from './config.ts'

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

/** The configured store: files under the data directory (used on PostgreSQL too, where the database holds no files). */
export const blobStore = (config: Config): BlobStore => fileStore(path.join(config.dataDir, 'files'))

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
