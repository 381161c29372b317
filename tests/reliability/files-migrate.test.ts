import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openPostgres, type Database } from '../../src/core/db.ts'
import { blobStore, fileStore, sha256Of } from '../../src/core/storage.ts'
import { cli, freshDatabase, needsPostgres, tempDir } from './harness.ts'

/** `alliance files migrate` moves the documents an earlier version kept under DATA_DIR/files into PostgreSQL. */
const runs = needsPostgres('alliance files migrate')
const pg = runs ? await freshDatabase() : null
const tmp = tempDir('alliance-files-')
let owner: Database | null = null
afterAll(async () => {
  await owner?.close()
  await pg?.drop()
  tmp.remove()
})

describe.skipIf(!runs)('alliance files migrate (PostgreSQL)', { timeout: 120_000 }, () => {
  it('moves each file checked by its hash, refuses a damaged one, and changes nothing when run again', async () => {
    const env = { DATABASE_URL: pg!.url, DATA_DIR: tmp.dir }
    const files = fileStore(path.join(tmp.dir, 'files'))
    const contents = ['%PDF-1.4\n% first\n%%EOF\n', '%PDF-1.4\n% second\n%%EOF\n'].map((t) => Buffer.from(t))
    const stored = await Promise.all(contents.map((c) => files.put(c)))
    // A file whose bytes no longer match its name (damaged on disk).
    const damaged = sha256Of('something else')
    fs.mkdirSync(path.join(tmp.dir, 'files', damaged.slice(0, 2)), { recursive: true })
    fs.writeFileSync(path.join(tmp.dir, 'files', damaged.slice(0, 2), damaged.slice(2)), 'not what the name says')

    const first = cli(['files', 'migrate'], env)
    expect(first.out).toContain('Found 3 documents')
    expect(first.out).toContain('2 moved into the database, 0 already there, 1 refused')
    expect(first.err).toContain(`${damaged.slice(0, 2)}/${damaged.slice(2)}: its content does not match`)
    expect(first.code).toBe(1)

    owner = await openPostgres(pg!.url, { max: 2 })
    const rows = await owner.owner.query<{ sha256: string; content: Uint8Array }>(
      'SELECT sha256, content FROM stored_files ORDER BY sha256',
    )
    expect(rows.map((r) => r.sha256)).toEqual(stored.map((s) => s.sha256).sort())
    for (const r of rows) expect(sha256Of(r.content)).toBe(r.sha256)

    // Once moved, a server with another data directory reads them from the database.
    const elsewhere = blobStore({ config: { dataDir: path.join(tmp.dir, 'elsewhere') }, db: owner })
    for (const [i, s] of stored.entries()) expect((await elsewhere.get(s.sha256))?.equals(contents[i]!)).toBe(true)

    fs.rmSync(path.join(tmp.dir, 'files', damaged.slice(0, 2)), { recursive: true })
    const again = cli(['files', 'migrate'], env)
    expect(again.code).toBe(0)
    expect(again.out).toContain('Found 2 documents')
    expect(again.out).toContain('0 moved into the database, 2 already there, 0 refused')
    expect((await owner.owner.query('SELECT 1 FROM stored_files')).length).toBe(2)
  })

  it('refuses to run on the embedded database, saying why', () => {
    const r = cli(['files', 'migrate'], { DATA_DIR: path.join(tmp.dir, 'embedded'), DATABASE_URL: '' })
    expect(r.code).toBe(1)
    expect(r.err).toContain('set DATABASE_URL')
  })
})
