import type { Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'

/**
 * Sign-in throttling without lockout (decision 013). Failures count per account AND address together:
 * a few are free, then each further attempt of that pair waits longer (15 s, 30 s, 1 min … up to 15 min).
 * Wider counts catch spraying (one address, many accounts) and distributed guessing (one account, many
 * addresses), but never hold back an account at an address it has signed in from before: an attacker
 * elsewhere, or a neighbour behind the same address, cannot lock a user out.
 */
export const THROTTLE = {
  windowMs: 60 * 60_000,
  freePerPair: 5,
  freePerAddress: 30,
  freePerAccount: 30,
  firstDelayMs: 15_000,
  maxDelayMs: 15 * 60_000,
  knownForMs: 30 * 24 * 3600_000,
} as const

/** The wait before the next attempt after `failures`, when `free` of them cost nothing: doubling, capped. */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0
  return Math.min(THROTTLE.maxDelayMs, THROTTLE.firstDelayMs * 2 ** Math.min(failures - free, 20))
}

type Counts = {
  pair: number
  pair_last: Date | null
  by_address: number
  address_last: Date | null
  by_email: number
  email_last: Date | null
  known: boolean
}

/** Refuses (429 with Retry-After) an attempt that comes before its wait is over; state is in the database. */
export async function assertMayTry(ctx: Ctx, email: string, address: string): Promise<void> {
  const now = ctx.now()
  const [r] = await ctx.db.lookup<Counts>(
    `SELECT count(*) FILTER (WHERE email = $1 AND address = $2)::int AS pair, max(failed_at) FILTER (WHERE email = $1 AND address = $2) AS pair_last,
            count(*) FILTER (WHERE address = $2)::int AS by_address, max(failed_at) FILTER (WHERE address = $2) AS address_last,
            count(*) FILTER (WHERE email = $1)::int AS by_email, max(failed_at) FILTER (WHERE email = $1) AS email_last,
            EXISTS (SELECT 1 FROM login_known WHERE email = $1 AND address = $2 AND last_success_at > $4) AS known
     FROM login_failures WHERE failed_at > $3 AND (email = $1 OR address = $2)`,
    [email, address, new Date(now.getTime() - THROTTLE.windowMs), new Date(now.getTime() - THROTTLE.knownForMs)],
  )
  if (!r) return
  const until = (last: Date | null, failures: number, free: number) => (last ? last.getTime() + delayAfter(failures, free) : 0)
  const waits = [until(r.pair_last, r.pair, THROTTLE.freePerPair)]
  if (!r.known)
    waits.push(until(r.address_last, r.by_address, THROTTLE.freePerAddress), until(r.email_last, r.by_email, THROTTLE.freePerAccount))
  const next = Math.max(...waits)
  if (next > now.getTime())
    throw new AppError('TOO_MANY_REQUESTS', 'Too many failed sign-in attempts; try again later', {
      retryAfterSeconds: Math.max(1, Math.ceil((next - now.getTime()) / 1000)),
    })
}

export async function recordFailure(sql: Sql, email: string, address: string, at: Date): Promise<void> {
  await sql.query('INSERT INTO login_failures (email, address, failed_at) VALUES ($1, $2, $3)', [email, address, at])
}

/** A success clears this pair's failures (not those of other addresses) and marks the address as known for the account. */
export async function recordSuccess(sql: Sql, email: string, address: string, at: Date): Promise<void> {
  await sql.query('DELETE FROM login_failures WHERE email = $1 AND address = $2', [email, address])
  await sql.query(
    `INSERT INTO login_known (email, address, last_success_at) VALUES ($1, $2, $3)
     ON CONFLICT (email, address) DO UPDATE SET last_success_at = excluded.last_success_at`,
    [email, address, at],
  )
}
