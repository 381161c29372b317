import { randomBytes } from 'node:crypto'
import type { Actor } from '../../core/auth/permissions.ts'
import { hashSecret, newSecret, verifyPassword } from '../../core/auth/secrets.ts'
import { audit } from '../../core/audit.ts'
import type { Ctx } from '../../core/context.ts'
import type { Scope } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { getUserRow, setPassword } from './users.service.ts'
import type { User } from './identity.contract.ts'
import { oneRow } from '../../core/db-rows.ts'

const WINDOW_MS = 15 * 60_000
export const MAX_FAILURES_PER_ACCOUNT = 5
export const MAX_FAILURES_PER_ADDRESS = 20

const anonymous: Scope = { userId: null, partnerId: null, internal: false }
const scopeFor = (userId: string, partnerId: string | null): Scope => ({ userId, partnerId, internal: partnerId === null })

/** Throttling state lives in the database so it holds across restarts and processes. */
async function assertNotThrottled(ctx: Ctx, email: string, address: string) {
  const since = new Date(ctx.now().getTime() - WINDOW_MS)
  const r = oneRow(
    await ctx.db.lookup<{ by_email: number; by_address: number; oldest: Date | null }>(
      `SELECT count(*) FILTER (WHERE email = $1)::int AS by_email, count(*) FILTER (WHERE address = $2)::int AS by_address,
            min(failed_at) AS oldest
     FROM login_failures WHERE failed_at > $3 AND (email = $1 OR address = $2)`,
      [email, address, since],
    ),
    'Login failure',
  )
  if (r.by_email >= MAX_FAILURES_PER_ACCOUNT || r.by_address >= MAX_FAILURES_PER_ADDRESS) {
    const retry = r.oldest ? Math.max(1, Math.ceil((r.oldest.getTime() + WINDOW_MS - ctx.now().getTime()) / 1000)) : 60
    throw new AppError('TOO_MANY_REQUESTS', 'Too many failed sign-in attempts; try again later', { retryAfterSeconds: retry })
  }
}

export async function login(
  ctx: Ctx,
  input: { email: string; password: string },
  address: string,
): Promise<{ user: User; sessionSecret: string; csrfToken: string; expiresAt: Date }> {
  const email = input.email.toLowerCase()
  await assertNotThrottled(ctx, email, address)
  const [found] = await ctx.db.lookup<{ user_id: string; status: string; partner_id: string | null; password_hash: string | null }>(
    'SELECT * FROM auth_user_by_email($1)',
    [email],
  )
  const ok = await verifyPassword(found?.password_hash ?? null, input.password)
  if (!found || !ok || found.status !== 'active') {
    await ctx.db.transaction(anonymous, (sql) =>
      sql.query('INSERT INTO login_failures (email, address, failed_at) VALUES ($1, $2, $3)', [email, address, ctx.now()]),
    )
    // The same answer whether the email is unknown, the password wrong or the account inactive.
    throw new AppError('INVALID_CREDENTIALS')
  }
  const session = newSecret()
  const csrfToken = randomBytes(24).toString('base64url')
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.sessionTtlMs)
  const user = await ctx.db.transaction(scopeFor(found.user_id, found.partner_id), async (sql) => {
    await sql.query('DELETE FROM login_failures WHERE email = $1', [email])
    await sql.query('INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
      session.hash,
      found.user_id,
      csrfToken,
      expiresAt,
    ])
    const u = (await getUserRow(sql, found.user_id))!
    const actor: Actor = { userId: u.id, email: u.email, name: u.name, role: u.role, partnerId: u.partnerId, via: 'session' }
    await audit({ ...ctx, actor }, sql, { entity: 'session', entityId: u.id, action: 'login', partnerId: u.partnerId })
    return u
  })
  return { user, sessionSecret: session.secret, csrfToken, expiresAt }
}

export async function logout(ctx: Ctx, sessionSecret: string | undefined): Promise<void> {
  if (!sessionSecret || !ctx.actor) return
  const actor = ctx.actor
  await ctx.db.transaction(scopeFor(actor.userId, actor.partnerId), async (sql) => {
    await sql.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [hashSecret(sessionSecret)])
    await audit(ctx, sql, { entity: 'session', entityId: actor.userId, action: 'logout', partnerId: actor.partnerId })
  })
}

export async function me(ctx: Ctx): Promise<User> {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED')
  const actor = ctx.actor
  const user = await ctx.db.transaction(scopeFor(actor.userId, actor.partnerId), (sql) => getUserRow(sql, actor.userId))
  if (!user) throw new AppError('UNAUTHENTICATED')
  return user
}

/** An invited user sets a password with the secret from the invitation link. */
export async function acceptInvitation(ctx: Ctx, token: string, password: string): Promise<User> {
  const [inv] = await ctx.db.lookup<{ user_id: string; partner_id: string | null }>('SELECT * FROM auth_invitation($1)', [
    hashSecret(token),
  ])
  if (!inv) throw new AppError('NOT_FOUND', 'This invitation is unknown, used or expired')
  return ctx.db.transaction(scopeFor(inv.user_id, inv.partner_id), async (sql) => {
    const u = (await getUserRow(sql, inv.user_id))!
    const actor: Actor = { userId: u.id, email: u.email, name: u.name, role: u.role, partnerId: u.partnerId, via: 'session' }
    await setPassword({ ...ctx, actor }, sql, u.id, password)
    return (await getUserRow(sql, u.id))!
  })
}
