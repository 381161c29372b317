import type { Ctx } from './context.ts'
import { systemScope } from './db.ts'
import { AppError } from './errors.ts'

/** Hits are kept this long; no limit has a longer window. */
export const RATE_LIMIT_RETENTION_MS = 24 * 3600_000

/** A limit: at most `max` hits per key within a sliding window. `name` keeps its hits apart from other limits'. */
export type RateLimit = { name: string; windowMs: number; max: number }

/**
 * The one rate limiter (public Contact Us routes, the deal conflict check, …). Counts the recent hits of every
 * (limit, key) pair given and, when none is over its limit, records this hit against each; otherwise refuses
 * with 429 and Retry-After (when the oldest hit that blocks leaves the window). A refused attempt is not
 * counted. State is in the database, so limits hold across restarts and servers, also for requests at the same moment. A null key is skipped.
 */
export async function rateLimit(
  ctx: Ctx,
  checks: { limit: RateLimit; key: string | null }[],
  message = 'Too many requests; try again later',
) {
  const now = ctx.now()
  const active = checks.filter((c): c is { limit: RateLimit; key: string } => c.key !== null)
  const blockedUntil = await ctx.db.transaction(systemScope, async (sql) => {
    // One counter at a time per (limit, key), on every server: requests arriving together would otherwise each count
    // the hits before any of them is recorded, and all pass. Locks are taken in one order, so two never wait on each other.
    const keys = [...new Set(active.map(({ limit, key }) => `${limit.name}\n${key}`))].sort()
    for (const k of keys) await sql.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [k])
    const until: number[] = []
    for (const { limit, key } of active) {
      const [r] = await sql.query<{ hits: number; oldest: Date | null }>(
        `SELECT count(*)::int AS hits, min(at) AS oldest FROM rate_limit_hits WHERE bucket = $1 AND key = $2 AND at > $3`,
        [limit.name, key, new Date(now.getTime() - limit.windowMs)],
      )
      if (r && r.hits >= limit.max && r.oldest) until.push(r.oldest.getTime() + limit.windowMs)
    }
    if (until.length) return Math.max(...until)
    for (const { limit, key } of active)
      await sql.query('INSERT INTO rate_limit_hits (bucket, key, at) VALUES ($1, $2, $3)', [limit.name, key, now])
    return null
  })
  if (blockedUntil !== null) {
    const retryAfterSeconds = Math.max(1, Math.ceil((blockedUntil - now.getTime()) / 1000))
    throw new AppError('TOO_MANY_REQUESTS', message, { retryAfterSeconds })
  }
}

/** Forgets hits older than `olderThanMs` (the longest window in use): they no longer count for anything. */
export async function pruneRateLimitHits(ctx: Ctx, olderThanMs: number): Promise<number> {
  const before = new Date(ctx.now().getTime() - olderThanMs)
  const rows = await ctx.db.transaction(systemScope, (sql) => sql.query('DELETE FROM rate_limit_hits WHERE at < $1 RETURNING 1', [before]))
  return rows.length
}
