import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

export const SESSION_COOKIE = 'alliance_session'
/** Over https the session cookie carries the __Host- prefix: Secure, for this host only, path-wide (no other subdomain can set it). */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`

/** The caller's address, for throttling; a trusted proxy's X-Forwarded-For wins over the socket. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined
  if (forwarded) return forwarded
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** Whether the client reached us over https (directly, or through a trusted proxy). */
export const isHttps = (c: Context, trustProxy: boolean): boolean =>
  new URL(c.req.url).protocol === 'https:' || (trustProxy && c.req.header('x-forwarded-proto') === 'https')

/** The session cookie's name for this request: prefixed over https, plain over http (local use). */
export const sessionCookieName = (c: Context, trustProxy: boolean): string =>
  isHttps(c, trustProxy) ? SECURE_SESSION_COOKIE : SESSION_COOKIE

/** The session cookie's options: never readable by scripts, sent on same-site requests and top-level navigation only. */
export const sessionCookieOptions = (c: Context, trustProxy: boolean) =>
  ({ httpOnly: true, sameSite: 'Lax', secure: isHttps(c, trustProxy), path: '/' }) as const
