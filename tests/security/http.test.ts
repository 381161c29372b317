import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditHead, tableChecksums, VOLATILE_TABLES } from '../../src/core/checksum.ts'
import type { Database } from '../../src/core/db.ts'
import { cspForPage } from '../../src/server/security-headers.ts'
import { makePartner, makeUser } from '../factories/index.ts'
import { createTestApp, type TestApp } from '../setup/app.ts'
import { createTestDb } from '../setup/db.ts'

let db: Database
let t: TestApp
let dataDir: string
let admin: Awaited<ReturnType<TestApp['login']>>
let adminEmail: string

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-http-'))
  db = await createTestDb()
  t = createTestApp(db, { DATA_DIR: dataDir })
  adminEmail = (await makeUser(db, 'admin')).email
  await makePartner(db)
  admin = await t.login(adminEmail)
})
afterAll(async () => {
  await db.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const scriptSrc = (csp: string) => csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? ''

describe('security headers', () => {
  it('are on every answer: JSON, problem+json, 404, CSRF refusals and pages', async () => {
    const answers = [
      await t.request('/api/health'),
      await t.request('/api/partners'),
      await t.request('/api/nothing-here'),
      await t.request('/nothing-here'),
      await admin.get('/api/partners'),
      await t.request('/api/partners', { method: 'POST', headers: { cookie: admin.headers.cookie ?? '' } }),
      await t.request('/api/docs'),
      await t.request('/api/openapi.json'),
    ]
    // Outside /api/ the built web UI answers with its index page (404 when it is not built).
    const built = fs.existsSync(path.resolve('dist/web/index.html'))
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, built ? 200 : 404, 200, 403, 200, 200])
    if (built) {
      const csp = answers[3]!.headers.get('content-security-policy')!
      expect(scriptSrc(csp).trim()).toBe("script-src 'self'")
      expect(csp).toContain("style-src 'self' 'unsafe-inline'")
    }
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(res.headers.get('strict-transport-security')).toBeNull()
      expect(res.headers.get('x-powered-by')).toBeNull()
    }
    expect(answers[0]!.headers.get('content-security-policy')).toContain("default-src 'none'")
  })

  it('give the docs page a policy without unsafe-inline scripts that still allows its own scripts', async () => {
    const res = await t.request('/api/docs')
    const html = await res.text()
    const csp = res.headers.get('content-security-policy')!
    const scripts = scriptSrc(csp)
    expect(scripts).not.toContain('unsafe-inline')
    expect(scripts).not.toContain('unsafe-eval')
    expect(csp).toContain("object-src 'none'")
    // The page works: its inline script is allowed by hash, and where it loads scripts from is allowed.
    expect(csp).toBe(cspForPage(html))
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].filter((m) => m[1]?.trim())
    expect(inline.length).toBeGreaterThan(0)
    expect(scripts.match(/'sha256-/g)?.length).toBe(inline.length)
    for (const m of html.matchAll(/<script[^>]*\bsrc=["']([^"']+)/gi)) {
      const src = m[1]!
      if (/^https?:/.test(src)) expect(scripts).toContain(new URL(src).origin)
    }
  })

  it("give the web UI's built index only 'self' scripts, inline styles only for Mantine", () => {
    const index =
      '<!doctype html><html><head><script type="module" crossorigin src="/assets/index-abc.js"></script>' +
      '<link rel="stylesheet" crossorigin href="/assets/index-abc.css"></head><body><div id="root"></div></body></html>'
    const csp = cspForPage(index)
    expect(scriptSrc(csp).trim()).toBe("script-src 'self'")
    expect(csp).toContain("style-src 'self' 'unsafe-inline'")
    expect(csp).toContain("connect-src 'self'")
  })

  it('add HSTS only over https: directly, or through a trusted proxy', async () => {
    expect((await t.request('https://alliance.example/api/health')).headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/)
    const proxied = await t.request('/api/health', { headers: { 'x-forwarded-proto': 'https' } })
    expect(proxied.headers.get('strict-transport-security')).toMatch(/includeSubDomains/)
    const untrusted = createTestApp(db, { DATA_DIR: dataDir, TRUST_PROXY: 'false' })
    const spoofed = await untrusted.request('/api/health', { headers: { 'x-forwarded-proto': 'https' } })
    expect(spoofed.headers.get('strict-transport-security')).toBeNull()
  })
})

describe('session cookie', () => {
  const login = (headers: Record<string, string> = {}) =>
    t.request('/api/auth/login', { method: 'POST', json: { email: adminEmail, password: 'correct horse battery' }, headers })

  it('is HttpOnly, SameSite and path-wide; Secure over https only', async () => {
    const plain = (await login()).headers.get('set-cookie')!
    expect(plain).toMatch(/HttpOnly/)
    expect(plain).toMatch(/SameSite=Lax/)
    expect(plain).toMatch(/Path=\//)
    expect(plain).not.toMatch(/Secure/)
    expect(plain).toMatch(/^alliance_session=/)
    // Over https: Secure, and the __Host- prefix (this host only, path-wide: no subdomain can plant it).
    const secure = (await login({ 'x-forwarded-proto': 'https' })).headers.get('set-cookie')!
    expect(secure).toMatch(/^__Host-alliance_session=/)
    expect(secure).toMatch(/; Secure/)
    expect(secure).toMatch(/HttpOnly/)
    expect(secure).not.toMatch(/Domain=/)
  })

  it('is read under its https name over https only, and cleared on sign-out with the same flags', async () => {
    const https = { 'x-forwarded-proto': 'https' }
    const res0 = await login(https)
    const { csrfToken } = (await res0.json()) as { csrfToken: string }
    const secret = res0.headers.get('set-cookie')!.split(';')[0]!.split('=')[1]!
    const me = (cookie: string, headers: Record<string, string> = {}) => t.request('/api/auth/me', { headers: { cookie, ...headers } })
    expect((await me(`__Host-alliance_session=${secret}`, https)).status).toBe(200)
    // The same secret under the plain name is not read over https, nor the prefixed one over http.
    expect((await me(`alliance_session=${secret}`, https)).status).toBe(401)
    expect((await me(`__Host-alliance_session=${secret}`)).status).toBe(401)
    const res = await t.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie: `__Host-alliance_session=${secret}`, 'x-csrf-token': csrfToken, ...https },
    })
    expect(res.status).toBe(204)
    expect((await me(`__Host-alliance_session=${secret}`, https)).status).toBe(401)
    const cleared = res.headers.get('set-cookie')!
    expect(cleared).toMatch(/^__Host-alliance_session=;/)
    expect(cleared).toMatch(/Max-Age=0/)
    expect(cleared).toMatch(/HttpOnly/)
    expect(cleared).toMatch(/Secure/)
  })
})

describe('CSRF', () => {
  type Doc = { paths: Record<string, Record<string, unknown>> }
  const writes = async () => {
    const doc = (await (await t.request('/api/openapi.json')).json()) as Doc
    const out: { method: string; path: string }[] = []
    for (const [p, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops))
        if (['post', 'put', 'patch', 'delete'].includes(method))
          out.push({ method: method.toUpperCase(), path: p.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000') })
    return out
  }

  it('refuses every cookie-authenticated write without the token, or with a wrong one, and changes nothing', async () => {
    const routes = await writes()
    expect(routes.length).toBeGreaterThan(40)
    const before = [await tableChecksums(db.owner, { exclude: VOLATILE_TABLES }), await auditHead(db.owner)]
    for (const r of routes) {
      for (const token of [undefined, 'wrong', '']) {
        const headers: Record<string, string> = { cookie: admin.headers.cookie ?? '', 'content-type': 'application/json' }
        if (token !== undefined) headers['x-csrf-token'] = token
        const res = await t.request(r.path, { method: r.method, headers, body: '{}' })
        expect([r, res.status, ((await res.json()) as { code: string }).code]).toEqual([r, 403, 'CSRF_FAILED'])
      }
    }
    expect([await tableChecksums(db.owner, { exclude: VOLATILE_TABLES }), await auditHead(db.owner)]).toEqual(before)
  })

  it('lets the same write through with the token, and never asks bearer tokens for one', async () => {
    const ok = await admin.post('/api/partners', { legalName: 'Token Check Ltd', type: 'oem', headquartersCountry: 'DE' })
    expect(ok.status).toBe(201)
    const token = (await (await admin.post('/api/tokens', { name: 'csrf check' })).json()) as { token: string }
    const res = await t.asBearer(token.token).post('/api/partners', { legalName: 'Bearer Ltd', type: 'oem', headquartersCountry: 'DE' })
    expect(res.status).toBe(201)
  })
})

describe('CORS', () => {
  it('is closed: no allow-origin for another origin, on preflight or on requests', async () => {
    const origin = 'https://evil.example'
    const preflight = await t.request('/api/partners', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-csrf-token' },
    })
    expect(preflight.status).toBeGreaterThanOrEqual(400)
    const get = await admin.get('/api/partners', undefined, { origin })
    for (const res of [preflight, get]) {
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      expect(res.headers.get('access-control-allow-credentials')).toBeNull()
    }
  })
})
