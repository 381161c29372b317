import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

export const SESSION_COOKIE = 'alliance_session'

/** The caller's address, for throttling; a proxy's X-Forwarded-For wins over the socket. */
export function clientAddress(c: Context): string {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
  if (forwarded) return forwarded
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
