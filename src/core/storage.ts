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
