import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../core/config.ts'
import type { Database } from '../core/db.ts'
import { createTestDb } from '../../tests/setup/db.ts'
import { createApp } from './app.ts'

const script = 'export const hello = "world";\n'.repeat(100)
let db: Database
let app: ReturnType<typeof createApp>
beforeAll(async () => {
  db = await createTestDb()
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-web-'))
  fs.mkdirSync(path.join(dist, 'assets'))
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>')
  const js = path.join(dist, 'assets', 'app-Ab12Cd34.js')
  fs.writeFileSync(js, script)
  fs.writeFileSync(`${js}.gz`, zlib.gzipSync(script))
  fs.writeFileSync(`${js}.br`, zlib.brotliCompressSync(script))
  app = createApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }), log: pino({ level: 'silent' }), webDist: dist })
})
afterAll(() => db.close())

describe('the web app over the wire', () => {
  it('sends hashed assets as brotli or gzip, kept for a year', async () => {
    const br = await app.request('/assets/app-Ab12Cd34.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(br.status).toBe(200)
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(br.headers.get('vary')).toContain('Accept-Encoding')
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(zlib.brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(script)

    const gz = await app.request('/assets/app-Ab12Cd34.js', { headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(zlib.gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(script)

    const plain = await app.request('/assets/app-Ab12Cd34.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(script)
  })

  it('revalidates index.html on every load, at the root and on app paths', async () => {
    for (const p of ['/', '/login', '/partners/123']) {
      const res = await app.request(p)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.text()).toContain('<div id="root">')
    }
  })

  it('leaves API answers and missing assets without cache headers', async () => {
    const gone = await app.request('/assets/app-OldBuild.js')
    expect(gone.status).toBe(404)
    expect(gone.headers.get('cache-control')).toBeNull()
    const health = await app.request('/api/health')
    expect(health.headers.get('cache-control')).toBeNull()
    const missing = await app.request('/api/nothing-here')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('cache-control')).toBeNull()
  })
})
