import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/core/config.ts'
import { eventCatalog } from '../src/core/events.ts'
import { createApp } from '../src/server/app.ts'

// The document needs no database: it is built from the route declarations.
const app = createApp({ db: null as never, config: loadConfig({ LOG_LEVEL: 'silent' }), log: pino({ level: 'silent' }) })

describe('OpenAPI document', () => {
  it('describes every API route the app serves, with its schemas', async () => {
    const doc = await (await app.request('/api/openapi.json')).json()
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    )
    const served = app.routes
      .filter(
        (r) =>
          r.method !== 'ALL' &&
          r.path.startsWith('/api/') &&
          !['/api/openapi.json', '/api/docs', '/api/docs/assets/:file'].includes(r.path),
      )
      .map((r) => `${r.method} ${r.path}`)
    expect(served.filter((r) => !documented.has(r))).toEqual([])
    for (const name of ['Partner', 'PartnerCreateInput', 'Problem', 'User', 'ApiToken']) expect(doc.components.schemas).toHaveProperty(name)
    expect(doc.components.securitySchemes).toHaveProperty('bearer')
  })

  it('has a top-level webhooks section with every event type of the catalog and its payload', async () => {
    const doc = await (await app.request('/api/openapi.json')).json()
    const types = eventCatalog().map((e) => e.type)
    expect(types).toEqual(expect.arrayContaining(['deal.approved', 'agreement.signed', 'inquiry.received', 'metrics.confirmed']))
    expect(Object.keys(doc.webhooks).sort()).toEqual([...types].sort())
    const approved = doc.webhooks['deal.approved'].post.requestBody.content['application/json'].schema
    expect(JSON.stringify(approved)).toContain('dealId')
  })

  it('serves a docs page', async () => {
    const res = await app.request('/api/docs')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('/api/openapi.json')
  })
})
