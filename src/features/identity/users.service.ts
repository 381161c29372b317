import { randomUUID } from 'node:crypto'
import { assertCan, isExternal, isExternalRole, type Role } from '../../core/auth/permissions.ts'
import { hashPassword, newSecret } from '../../core/auth/secrets.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { queueMail } from '../../core/mail.ts'
import { Where } from '../../core/where.ts'
import { accountExistsMail, invitationMail } from './identity.mail.ts'
import type { User, UserCreate, UserPatch } from './identity.contract.ts'
import { oneRow } from '../../core/db-rows.ts'

type UserRow = {
  id: string
  email: string
  name: string
  role: Role
  status: User['status']
  partner_id: string | null
  created_at: Date
  version: number
}

export const COLUMNS = 'id, email::text AS email, name, role, status, partner_id, created_at, version'
export const INVITE_TTL_MS = 7 * 24 * 3600_000

export const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  status: r.status,
  partnerId: r.partner_id,
  createdAt: r.created_at.toISOString(),
  version: r.version,
})

export async function getUserRow(sql: Sql, id: string): Promise<User | null> {
  const rows = await sql.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id])
  return rows[0] ? toUser(rows[0]) : null
}

export async function listUsers(ctx: Ctx, q: { q?: string; partnerId?: string; role?: Role; status?: User['status'] }) {
  const actor = ctx.actor
  assertCan(actor, 'users:read')
  const where = new Where()
  // Partner admins see their own company's users only (RLS backs this up).
  if (isExternal(actor)) where.add('partner_id = ?', actor.partnerId)
  else if (q.partnerId) where.add('partner_id = ?', q.partnerId)
  if (q.role) where.add('role = ?', q.role)
  if (q.status) where.add('status = ?', q.status)
  if (q.q) where.add('(email::text ILIKE ? OR name ILIKE ?)', `%${q.q}%`, `%${q.q}%`)
  const rows = await inTx(ctx, (sql) =>
    sql.query<UserRow>(`SELECT ${COLUMNS} FROM users ${where} ORDER BY name, id LIMIT 500`, where.params),
  )
  return rows.map(toUser)
}

export async function getUser(ctx: Ctx, id: string): Promise<User> {
  assertCan(ctx.actor, 'users:read')
  const actor = ctx.actor
  const user = await inTx(ctx, (sql) => getUserRow(sql, id))
  if (!user || (isExternal(actor) && user.partnerId !== actor.partnerId)) throw new AppError('USER_NOT_FOUND', 'User not found')
  return user
}

/** Checks who may grant which role to whom: partner admins only external roles in their own company. */
function checkRoleGrant(ctx: Ctx, role: Role, partnerId: string | null) {
  const actor = ctx.actor!
  if (isExternal(actor)) {
    if (!isExternalRole(role)) throw new AppError('FORBIDDEN', 'Partner admins may only grant partner roles')
    if (partnerId !== actor.partnerId) throw new AppError('FORBIDDEN', 'Partner admins manage their own company only')
  }
  if (isExternalRole(role) && !partnerId)
    throw new AppError('VALIDATION_FAILED', 'Partner users need a partner', {
      errors: [{ path: 'partnerId', message: 'Required for partner roles' }],
    })
  if (!isExternalRole(role) && partnerId)
    throw new AppError('VALIDATION_FAILED', 'Internal users belong to no partner', {
      errors: [{ path: 'partnerId', message: 'Only partner roles belong to a partner' }],
    })
}

/** The link an invited user opens to choose a password. */
export const invitationUrl = (ctx: Ctx, token: string) => `${ctx.config.publicUrl}/accept-invitation?token=${encodeURIComponent(token)}`

/** Creates a user with a password, or invites them: the invitation link is emailed to them, and shown to nobody else. */
export async function createUser(ctx: Ctx, input: UserCreate): Promise<{ user: User }> {
  assertCan(ctx.actor, 'users:manage')
  const actor = ctx.actor
  const partnerId = isExternal(actor) ? (input.partnerId ?? actor.partnerId) : (input.partnerId ?? null)
  checkRoleGrant(ctx, input.role, partnerId)
  const ownCompany = actor.partnerId
  if (ownCompany !== null) return inTx(ctx, (sql) => inviteColleague(ctx, sql, { ...input, partnerId: ownCompany }))
  const passwordHash = input.password ? await hashPassword(input.password) : null
  return inTx(ctx, (sql) => insertUser(ctx, sql, { ...input, partnerId }, passwordHash))
}

/**
 * A partner admin invites a colleague: only an address of one of the company's email domains (kept on the
 * partner by staff), and never with a password (the colleague chooses it through the invitation). The
 * answer is the same whether the address is new or already has an account anywhere: an existing account is
 * not doubled, its owner is told by email, and the partner admin learns nothing about it.
 */
async function inviteColleague(ctx: Ctx, sql: Sql, input: UserCreate & { partnerId: string }): Promise<{ user: User }> {
  if (input.password)
    throw new AppError('FORBIDDEN', 'Partner admins invite users; each chooses their own password through the invitation', {
      errors: [{ path: 'password', message: 'Leave it out: the invited user sets it' }],
    })
  const [partner] = await sql.query<{ email_domains: string[] }>('SELECT email_domains FROM partners WHERE id = $1', [input.partnerId])
  const domain = input.email.slice(input.email.lastIndexOf('@') + 1).toLowerCase()
  if (!partner?.email_domains.includes(domain))
    throw new AppError('FORBIDDEN', "Partner admins invite addresses of their company's email domains only", {
      errors: [
        {
          path: 'email',
          message: partner?.email_domains.length
            ? `Use an address at ${partner.email_domains.join(', ')}`
            : 'Your company has no email domain on record; ask your partner manager to add it',
        },
      ],
    })
  const [existing] = await sql.query<{ user_id: string }>('SELECT user_id FROM auth_user_by_email($1)', [input.email])
  if (!existing) return insertUser(ctx, sql, { email: input.email, name: input.name, role: input.role, partnerId: input.partnerId }, null)
  // Internal only (no partner id): the partner's own view of the audit log must not show which account this was.
  await audit(ctx, sql, { entity: 'user', entityId: existing.user_id, action: 'invite_existing', after: { invitedBy: ctx.actor!.userId } })
  await queueMail(sql, accountExistsMail, { to: input.email, data: { invitedBy: ctx.actor!.name, url: `${ctx.config.publicUrl}/login` } })
  const now = ctx.now().toISOString()
  const user: User = {
    id: randomUUID(),
    email: input.email,
    name: input.name,
    role: input.role,
    status: 'invited',
    partnerId: input.partnerId,
    createdAt: now,
    version: 1,
  }
  return { user }
}

/**
 * Inserts a user inside the caller's transaction, who has established who may grant the role (user
 * management, or a completed onboarding for a partner's first admin). Without a password hash the user is
 * invited: the invitation link goes to them by email only; the outbox keeps a placeholder (decision 012).
 */
export async function insertUser(
  ctx: Ctx,
  sql: Sql,
  input: { email: string; name: string; role: Role; partnerId: string | null },
  passwordHash: string | null,
): Promise<{ user: User }> {
  const { partnerId } = input
  const invite = passwordHash ? null : newSecret('inv_')
  if (partnerId) {
    const p = await sql.query('SELECT 1 FROM partners WHERE id = $1', [partnerId])
    if (!p.length)
      throw new AppError('VALIDATION_FAILED', 'Unknown partner', { errors: [{ path: 'partnerId', message: 'No such partner' }] })
  }
  const taken = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM auth_user_by_email($1)', [input.email])
  if (oneRow(taken, 'Email count').n > 0)
    throw new AppError('EMAIL_TAKEN', 'A user with this email already exists', { errors: [{ path: 'email', message: 'Already in use' }] })
  const expiresAt = new Date(ctx.now().getTime() + INVITE_TTL_MS)
  const rows = await sql.query<UserRow>(
    `INSERT INTO users (email, name, role, partner_id, password_hash, status, invite_hash, invite_expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [
      input.email,
      input.name,
      input.role,
      partnerId,
      passwordHash,
      invite ? 'invited' : 'active',
      invite?.hash ?? null,
      invite ? expiresAt : null,
    ],
  )
  const user = toUser(oneRow(rows, 'User'))
  await audit(ctx, sql, { entity: 'user', entityId: user.id, action: 'create', partnerId, after: user })
  if (!invite) return { user }
  const url = invitationUrl(ctx, invite.secret)
  const invitedBy = ctx.actor && ctx.actor.via !== 'system' ? ctx.actor.name : 'The Alliance partner program'
  await queueMail(sql, invitationMail, { to: user.email, partnerId, data: { name: user.name, invitedBy, url, expiresAt } })
  return { user }
}

export async function updateUser(ctx: Ctx, id: string, patch: UserPatch): Promise<User> {
  assertCan(ctx.actor, 'users:manage')
  const before = await getUser(ctx, id)
  const role = patch.role ?? before.role
  checkRoleGrant(ctx, role, before.partnerId)
  if (id === ctx.actor.userId && (patch.status === 'deactivated' || (patch.role && patch.role !== before.role)))
    throw new AppError('FORBIDDEN', 'You cannot deactivate yourself or change your own role')
  // Someone who never accepted an invitation has no password: they become active by accepting it.
  const hasPassword = await inTx(
    ctx,
    async (sql) => (await sql.query<{ ok: boolean }>('SELECT password_hash IS NOT NULL AS ok FROM users WHERE id = $1', [id]))[0]?.ok,
  )
  if (patch.status === 'active' && before.status !== 'active' && !hasPassword)
    throw new AppError('INVALID_TRANSITION', 'This user has not accepted the invitation yet; send them the link again', {
      errors: [{ path: 'status', message: 'Only a user with a password can be activated' }],
    })
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<UserRow>(
      `UPDATE users SET name = $2, role = $3, status = $4, version = version + 1, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, patch.name ?? before.name, role, patch.status ?? before.status],
    )
    const user = toUser(oneRow(rows, 'User', 'USER_NOT_FOUND'))
    // Deactivation ends every session and token of the user at once.
    if (user.status === 'deactivated') {
      await sql.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id])
      await sql.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id])
    }
    await audit(ctx, sql, { entity: 'user', entityId: id, action: 'update', partnerId: user.partnerId, before, after: user })
    return user
  })
}

/** Sets a password (CLI and invitation acceptance); the caller has established who may. */
export async function setPassword(ctx: Ctx, sql: Sql, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password)
  const rows = await sql.query<{ partner_id: string | null }>(
    `UPDATE users SET password_hash = $2, status = CASE WHEN status = 'invited' THEN 'active' ELSE status END,
       invite_hash = NULL, invite_expires_at = NULL, version = version + 1, updated_at = now()
     WHERE id = $1 RETURNING partner_id`,
    [userId, hash],
  )
  const { partner_id: partnerId } = oneRow(rows, 'User', 'USER_NOT_FOUND')
  await sql.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId])
  await audit(ctx, sql, { entity: 'user', entityId: userId, action: 'set_password', partnerId })
}

/** Active internal users (with `role`, or among `ids`), by name: owners and members of work queues. */
export async function activeStaff(sql: Sql, which: { role?: Role; ids?: string[] }): Promise<{ id: string; name: string; role: Role }[]> {
  return sql.query(
    `SELECT id, name, role FROM users WHERE status = 'active' AND partner_id IS NULL
       AND ($1::text IS NULL OR role = $1) AND ($2::uuid[] IS NULL OR id = ANY($2)) ORDER BY name, id`,
    [which.role ?? null, which.ids ?? null],
  )
}
