import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { isHttps } from './cookies.ts'

/** Every non-HTML answer (JSON, problem+json, files): it loads nothing and no one may frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/**
 * The web UI's policy. Scripts come only from the server itself (the built bundle has no inline script);
 * Mantine sets styles inline (style attributes and its CSS-variable style element), so style-src alone
 * allows 'unsafe-inline'. A page the server generates with an inline script (the API docs) has that
 * script's hash added, and only for that page.
 */
export function htmlCsp(extra: { scriptHashes?: string[]; scriptOrigins?: string[]; styleOrigins?: string[] } = {}): string {
  const scripts = ["'self'", ...(extra.scriptHashes ?? []).map((h) => `'${h}'`), ...(extra.scriptOrigins ?? [])]
  const styles = ["'self'", "'unsafe-inline'", ...(extra.styleOrigins ?? [])]
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    `style-src ${styles.join(' ')}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi
const EXTERNAL = /<(script|link)\b[^>]*\b(?:src|href)=["'](https:\/\/[^"'/]+)/gi

/** The policy for one HTML page the server produced: its inline scripts' hashes and the origins it loads from. */
export function cspForPage(html: string): string {
  const scriptHashes = [...html.matchAll(INLINE_SCRIPT)]
    .map((m) => m[1] ?? '')
    .filter((s) => s.trim())
    .map((s) => `sha256-${createHash('sha256').update(s).digest('base64')}`)
  const scriptOrigins = new Set<string>()
  const styleOrigins = new Set<string>()
  for (const m of html.matchAll(EXTERNAL)) {
    const origin = m[2]
    if (!origin) continue
    if (m[1]?.toLowerCase() === 'script') scriptOrigins.add(origin)
    else styleOrigins.add(origin)
  }
  return htmlCsp({ scriptHashes, scriptOrigins: [...scriptOrigins], styleOrigins: [...styleOrigins] })
}

const HSTS = 'max-age=31536000; includeSubDomains'

/**
 * Security headers on every answer: nosniff, no referrer, no framing, same-origin isolation (Hono's
 * secure-headers), a Content-Security-Policy fitted to what the answer is, and HSTS when the client came
 * over https (directly, or through a trusted proxy).
 */
export function securityHeaders(opts: { trustProxy: boolean }): MiddlewareHandler[] {
  const statics = secureHeaders({
    contentSecurityPolicy: undefined,
    strictTransportSecurity: false,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    xXssProtection: '0',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
  })
  const policy: MiddlewareHandler = async (c, next) => {
    await next()
    const type = c.res.headers.get('content-type') ?? ''
    let csp = API_CSP
    if (type.startsWith('text/html')) {
      // Pages are small; the docs page is generated per request, the web UI's index read once at start.
      const html = await c.res.clone().text()
      csp = cspForPage(html)
    }
    c.res.headers.set('Content-Security-Policy', csp)
    if (isHttps(c, opts.trustProxy)) c.res.headers.set('Strict-Transport-Security', HSTS)
  }
  return [statics, policy]
}
