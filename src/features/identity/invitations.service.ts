import type { Actor } from '../../core/auth/permissions.ts'
import { assertCan } from '../../core/auth/permissions.ts'
import { newSecret } from '../../core/auth/secrets.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { queueMail } from '../../core/mail.ts'
import { invitationMail } from './identity.mail.ts'
import type { User } from './identity.contract.ts'
import { getUser, getUserRow, INVITE_TTL_MS, invitationUrl } from './users.service.ts'

/** Replaces a user's invitation with a new link (the old one stops working) and emails it to them only. */
async function reissue(ctx: Ctx, sql: Sql, user: User, invitedBy: string): Promise<void> {
  const invite = newSecret('inv_')
  const expiresAt = new Date(ctx.now().getTime() + INVITE_TTL_MS)
  await sql.query(
    `UPDATE users SET invite_hash = $2, invite_expires_at = $3, version = version + 1, updated_at = now() WHERE id = $1 AND status = 'invited'`,
    [user.id, invite.hash, expiresAt],
  )
  await audit(ctx, sql, { entity: 'user', entityId: user.id, action: 'invite', partnerId: user.partnerId, after: { expiresAt } })
  const url = invitationUrl(ctx, invite.secret)
  await queueMail(sql, invitationMail, { to: user.email, partnerId: user.partnerId, data: { name: user.name, invitedBy, url, expiresAt } })
}

/** Sends an invited user a new invitation link by email (the earlier link stops working); like the first, nobody else sees it. */
export async function resendInvitation(ctx: Ctx, id: string): Promise<{ user: User }> {
  assertCan(ctx.actor, 'users:manage')
  const invitedBy = ctx.actor.name
  const user = await getUser(ctx, id)
  if (user.status !== 'invited')
    throw new AppError('INVALID_TRANSITION', 'Only a user who has not accepted the invitation yet can be sent a new link')
  return inTx(ctx, async (sql) => {
    await reissue(ctx, sql, user, invitedBy)
    return { user: (await getUserRow(sql, id))! }
  })
}

/**
 * The invited person asks for a new link (theirs expired or was lost): if an invitation waits for this
 * email, a new link goes to that address. The answer is the same either way, so it tells nobody whether
 * the address has an account.
 */
export async function requestNewInvitation(ctx: Ctx, email: string): Promise<void> {
  const [u] = await ctx.db.lookup<{ user_id: string; status: string; partner_id: string | null }>('SELECT * FROM auth_user_by_email($1)', [
    email,
  ])
  if (!u || u.status !== 'invited') return
  const scope = { userId: u.user_id, partnerId: u.partner_id, internal: u.partner_id === null }
  await ctx.db.transaction(scope, async (sql) => {
    const user = (await getUserRow(sql, u.user_id))!
    const actor: Actor = { userId: user.id, email: user.email, name: user.name, role: user.role, partnerId: user.partnerId, via: 'session' }
    await reissue({ ...ctx, actor }, sql, user, 'The Alliance partner program')
  })
}
