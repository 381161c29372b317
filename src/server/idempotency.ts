import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { inTx } from '../core/context.ts'
import { AppError } from '../core/errors.ts'
import { isSecretAnswer, type AppEnv } from './api.ts'
import { oneRow } from '../core/db-rows.ts'

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])
const TTL = "interval '24 hours'"

type Stored = { request_hash: string; status: number | null; response: string | null; content_type: string | null; withheld: boolean }

/**
 * Writes may carry an `Idempotency-Key`: the first request with a key acts and its answer is kept
 * for 24 hours; a retry with the same key and body gets that answer again, without acting twice.
 * An answer marked secret (`secretAnswer`: a token shown once) is never kept: the key still guards
 * against acting twice, and its retry is refused with 409 instead of replaying the secret.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('idempotency-key')
  const ctx = c.get('ctx')
  if (!key || !WRITES.has(c.req.method) || !ctx.actor) return next()
  if (key.length > 200) throw new AppError('BAD_REQUEST', 'Idempotency-Key is longer than 200 characters')
  const userId = ctx.actor.userId
  // Through Hono's body cache: an earlier middleware may have read the body already (the raw stream is then spent).
  const body = Buffer.from(await c.req.arrayBuffer())
  const hash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n`).update(body).digest('hex')
  const claimed = await inTx(ctx, async (sql) => {
    await sql.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at < now() - ${TTL}`, [userId, key])
    const rows = await sql.query(
      'INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key',
      [userId, key, hash],
    )
    return rows.length > 0
  })
  if (!claimed) {
    const prior = oneRow(
      await inTx(ctx, (sql) =>
        sql.query<Stored>(
          'SELECT request_hash, status, response, content_type, withheld FROM idempotency_keys WHERE user_id = $1 AND key = $2',
          [userId, key],
        ),
      ),
      'Idempotency key',
    )

    if (prior.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request')
    if (prior.status === null) throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still in progress')
    if (prior.withheld)
      throw new AppError(
        'CONFLICT',
        'A request with this Idempotency-Key was done already; its answer held a secret shown only once and is not kept',
      )
    const headers: Record<string, string> = { 'Idempotent-Replayed': 'true' }
    if (prior.content_type) headers['Content-Type'] = prior.content_type
    return new Response(prior.response || null, { status: prior.status, headers })
  }
  try {
    await next()
  } finally {
    const status = c.res.status
    // Server errors release the key so the client can retry; any other answer is kept.
    await inTx(ctx, (sql) =>
      status >= 500
        ? sql.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2', [userId, key])
        : isSecretAnswer(c.res)
          ? sql.query('UPDATE idempotency_keys SET status = $3, withheld = true WHERE user_id = $1 AND key = $2', [userId, key, status])
          : c.res
              .clone()
              .text()
              .then((text) =>
                sql.query('UPDATE idempotency_keys SET status = $3, response = $4, content_type = $5 WHERE user_id = $1 AND key = $2', [
                  userId,
                  key,
                  status,
                  text,
                  c.res.headers.get('content-type'),
                ]),
              ),
    )
  }
}
