import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/core/config.ts'
import type { Database } from '../../src/core/db.ts'
import { createApp } from '../../src/server/app.ts'
import type { Matrix } from './harness.ts'

const dir = path.dirname(fileURLToPath(import.meta.url))

describe('authorization matrix', () => {
  it('covers every route the app registers, once', async () => {
    const app = createApp({ db: {} as Database, config: loadConfig({ LOG_LEVEL: 'silent' }), log: pino({ level: 'silent' }) })
    const registered = new Set(
      app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`),
    )
    const entries: string[] = []
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.matrix.ts'))) {
      const { matrix } = (await import(path.join(dir, file))) as { matrix: Matrix }
      entries.push(...Object.keys(matrix))
    }
    expect(
      entries.filter((e, i) => entries.indexOf(e) !== i),
      'routes in two matrices',
    ).toEqual([])
    expect(
      [...registered].filter((r) => !entries.includes(r)),
      'routes missing from the matrix',
    ).toEqual([])
    expect(
      entries.filter((r) => !registered.has(r)),
      'matrix entries without a route',
    ).toEqual([])
  })
})
