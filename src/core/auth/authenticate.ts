import type { Database } from '../db.ts'
import type { Actor, Role } from './permissions.ts'
import { hashSecret } from './secrets.ts'

export type SessionActor = Actor & { csrfToken: string; sessionHash: string }

type AuthRow = { user_id: string; email: string; name: string; role: Role; partner_id: string | null }

const toActor = (r: AuthRow, via: Actor['via']): Actor => ({
  userId: r.user_id,
  email: r.email,
  name: r.name,
  role: r.role,
  partnerId: r.partner_id,
  via,
})

// Lookups run as the application role with no tenant; the SECURITY DEFINER functions answer by secret only.

export async function actorFromSession(db: Database, cookie: string): Promise<SessionActor | null> {
  const sessionHash = hashSecret(cookie)
  const rows = await db.lookup<AuthRow & { csrf_token: string }>('SELECT * FROM auth_session($1)', [sessionHash])
  const r = rows[0]
  return r ? { ...toActor(r, 'session'), csrfToken: r.csrf_token, sessionHash } : null
}

export async function actorFromToken(db: Database, token: string): Promise<Actor | null> {
  const rows = await db.lookup<AuthRow & { token_id: string }>('SELECT * FROM auth_token($1)', [hashSecret(token)])
  return rows[0] ? toActor(rows[0], 'token') : null
}
