import { assertCan } from '../../core/auth/permissions.ts'
import { newSecret } from '../../core/auth/secrets.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { oneRow } from '../../core/db-rows.ts'
import { isoOrNull } from '../../core/dates.ts'

type TokenRow = { id: string; name: string; prefix: string; created_at: Date; expires_at: Date | null; revoked_at: Date | null }
const COLUMNS = 'id, name, prefix, created_at, expires_at, revoked_at'
const toToken = (r: TokenRow) => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at.toISOString(),
  expiresAt: isoOrNull(r.expires_at),
  revokedAt: isoOrNull(r.revoked_at),
})

/** API tokens belong to the user who makes them and act with that user's role and tenant. */
export async function listTokens(ctx: Ctx) {
  assertCan(ctx.actor, 'tokens:manage')
  const userId = ctx.actor.userId
  const rows = await inTx(ctx, (sql) =>
    sql.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC`, [userId]),
  )
  return rows.map(toToken)
}

export async function createToken(ctx: Ctx, input: { name: string; expiresInDays?: number }) {
  assertCan(ctx.actor, 'tokens:manage')
  const actor = ctx.actor
  // Only a signed-in person makes tokens: a token cannot mint another that outlives or survives it (decision 012).
  if (actor.via !== 'session') throw new AppError('FORBIDDEN', 'API tokens are created by a signed-in user, not by another API token')
  const { secret, hash } = newSecret('alt_')
  const expiresAt = input.expiresInDays ? new Date(ctx.now().getTime() + input.expiresInDays * 86400_000) : null
  return inTx(ctx, async (sql) => {
    const row = oneRow(
      await sql.query<TokenRow>(
        `INSERT INTO api_tokens (user_id, name, prefix, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [actor.userId, input.name, secret.slice(0, 10), hash, expiresAt],
      ),
      'Token',
    )
    const token = toToken(row)
    await audit(ctx, sql, { entity: 'api_token', entityId: token.id, action: 'create', partnerId: actor.partnerId, after: token })
    return { ...token, token: secret }
  })
}

export async function revokeToken(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, 'tokens:manage')
  const actor = ctx.actor
  await inTx(ctx, async (sql) => {
    const rows = await sql.query<TokenRow>(
      `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, actor.userId],
    )
    if (!rows.length) throw new AppError('TOKEN_NOT_FOUND', 'API token not found')
    await audit(ctx, sql, { entity: 'api_token', entityId: id, action: 'revoke', partnerId: actor.partnerId })
  })
}
