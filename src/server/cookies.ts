import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

export const SESSION_COOKIE = 'alliance_session'

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
