import { randomBytes } from 'node:crypto'
import { permissionsOf, type Actor } from '../../core/auth/permissions.ts'
import { hashSecret, newSecret, verifyPassword } from '../../core/auth/secrets.ts'
import { audit } from '../../core/audit.ts'
import type { Ctx } from '../../core/context.ts'
import type { Scope } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { assertMayTry, recordFailure, recordSuccess } from './login-throttle.ts'
import { getUserRow, setPassword } from './users.service.ts'
import type { Me, User } from './identity.contract.ts'

/** The answer that tells the web who is signed in and what the role may do (sign-in, invitation, `/me`). */
export const signedIn = (user: User, csrfToken: string | null): Me => ({ user, csrfToken, permissions: permissionsOf(user.role) })

const anonymous: Scope = { userId: null, partnerId: null, internal: false }
const scopeFor = (userId: string, partnerId: string | null): Scope => ({ userId, partnerId, internal: partnerId === null })

export async function login(
  ctx: Ctx,
  input: { email: string; password: string },
  address: string,
): Promise<{ user: User; sessionSecret: string; csrfToken: string; expiresAt: Date }> {
  const email = input.email.toLowerCase()
  await assertMayTry(ctx, email, address)
  const [found] = await ctx.db.lookup<{ user_id: string; status: string; partner_id: string | null; password_hash: string | null }>(
    'SELECT * FROM auth_user_by_email($1)',
    [email],
  )
  const ok = await verifyPassword(found?.password_hash ?? null, input.password)
  if (!found || !ok || found.status !== 'active') {
    await ctx.db.transaction(anonymous, (sql) => recordFailure(sql, email, address, ctx.now()))
    // The same answer whether the email is unknown, the password wrong or the account inactive.
    throw new AppError('INVALID_CREDENTIALS')
  }
  const session = newSecret()
  const csrfToken = randomBytes(24).toString('base64url')
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.sessionTtlMs)
  const user = await ctx.db.transaction(scopeFor(found.user_id, found.partner_id), async (sql) => {
    await recordSuccess(sql, email, address, ctx.now())
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

/** An invited user sets a password with the secret from the invitation link, and is signed in. */
export async function acceptInvitation(
  ctx: Ctx,
  token: string,
  password: string,
): Promise<{ user: User; sessionSecret: string; csrfToken: string; expiresAt: Date }> {
  const [inv] = await ctx.db.lookup<{ user_id: string; partner_id: string | null }>('SELECT * FROM auth_invitation($1)', [
    hashSecret(token),
  ])
  if (!inv) throw new AppError('NOT_FOUND', 'This invitation is unknown, used or expired')
  const session = newSecret()
  const csrfToken = randomBytes(24).toString('base64url')
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.sessionTtlMs)
  const user = await ctx.db.transaction(scopeFor(inv.user_id, inv.partner_id), async (sql) => {
    const u = (await getUserRow(sql, inv.user_id))!
    const actor: Actor = { userId: u.id, email: u.email, name: u.name, role: u.role, partnerId: u.partnerId, via: 'session' }
    await setPassword({ ...ctx, actor }, sql, u.id, password)
    await sql.query('INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
      session.hash,
      u.id,
      csrfToken,
      expiresAt,
    ])
    await audit({ ...ctx, actor }, sql, { entity: 'session', entityId: u.id, action: 'login', partnerId: u.partnerId })
    return (await getUserRow(sql, u.id))!
  })
  return { user, sessionSecret: session.secret, csrfToken, expiresAt }
}
