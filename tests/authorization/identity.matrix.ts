import type { Matrix } from './harness.ts'
import { sys } from '../factories/index.ts'
import { type Role } from '../../src/core/auth/permissions.ts'
import { createToken } from '../../src/features/identity/tokens.service.ts'
import { createUser } from '../../src/features/identity/users.service.ts'
import { db } from './harness.ts'
import { userReaders, unique } from './fixtures.ts'

export const matrix: Matrix = {
  'GET /api/health': { allow: 'public', ok: 200, call: () => ({ method: 'GET', path: '/api/health' }) },
  'GET /api/openapi.json': { allow: 'public', ok: 200, call: () => ({ method: 'GET', path: '/api/openapi.json' }) },
  'GET /api/docs': { allow: 'public', ok: 200, call: () => ({ method: 'GET', path: '/api/docs' }) },
  'GET /api/docs/assets/:file': { allow: 'public', ok: 200, call: () => ({ method: 'GET', path: '/api/docs/assets/swagger-ui.css' }) },
  'POST /api/auth/login': {
    allow: 'public',
    ok: 401,
    call: () => ({ method: 'POST', path: '/api/auth/login', json: { email: `nobody-${unique()}@example.com`, password: 'x' } }),
  },
  'POST /api/auth/invitations/accept': {
    allow: 'public',
    ok: 404,
    call: () => ({
      method: 'POST',
      path: '/api/auth/invitations/accept',
      json: { token: 'inv_unknown-token', password: 'long enough pw' },
    }),
  },
  'POST /api/auth/invitations/renew': {
    allow: 'public',
    ok: 202,
    call: () => ({ method: 'POST', path: '/api/auth/invitations/renew', json: { email: `nobody-${unique()}@example.com` } }),
  },
  'POST /api/users/:id/invitation': {
    allow: ['admin', 'partner_admin'],
    ok: 200,
    otherTenant: 404,
    call: async (f) => {
      const { user } = await createUser(sys(db), {
        email: `inv-${unique()}@example.com`,
        name: 'Invited',
        role: 'partner_user',
        partnerId: f.partnerA,
      })
      return { method: 'POST', path: `/api/users/${user.id}/invitation` }
    },
  },
  'GET /api/auth/me': { allow: 'authenticated', ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/auth/me' }) },
  'GET /api/users': { allow: userReaders, ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/users' }) },
  'POST /api/users': {
    allow: ['admin', 'partner_admin'],
    ok: 201,
    otherTenant: 403,
    call: async (f) => {
      // Partner admins invite addresses of their company's email domains only, without a password.
      await db.owner.query(`UPDATE partners SET email_domains = '{example.com}' WHERE id = $1`, [f.partnerA])
      return {
        method: 'POST',
        path: '/api/users',
        json:
          f.who === 'admin'
            ? { email: `u-${unique()}@example.com`, name: 'New', role: 'sales', password: 'long enough pw' }
            : { email: `u-${unique()}@example.com`, name: 'New', role: 'partner_user', partnerId: f.partnerA },
      }
    },
  },
  'GET /api/users/:id': {
    allow: userReaders,
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/users/${f.userOfA}` }),
  },
  'PATCH /api/users/:id': {
    allow: ['admin', 'partner_admin'],
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'PATCH', path: `/api/users/${f.userOfA}`, json: { name: `Renamed ${unique()}` } }),
  },
  'GET /api/tokens': { allow: 'authenticated', ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/tokens' }) },
  'POST /api/tokens': {
    allow: 'authenticated',
    ok: 201,
    otherTenant: 201,
    call: () => ({ method: 'POST', path: '/api/tokens', json: { name: 'matrix' } }),
  },
  'DELETE /api/tokens/:id': {
    allow: 'authenticated',
    ok: 204,
    otherTenant: 404,
    // Each caller revokes its own token; the other tenant aims at a token of a user of company A.
    call: async (f) => {
      const owner = f.who === 'otherTenant' || !f.actorId ? f.userOfA : f.actorId
      const ctx = {
        ...sys(db),
        actor: { userId: owner, email: 'x', name: 'x', role: 'partner_user' as Role, partnerId: null, via: 'session' as const },
      }
      const token = await createToken(ctx, { name: 'to revoke' })
      return { method: 'DELETE', path: `/api/tokens/${token.id}` }
    },
  },
  // Last: it ends the sessions the other checks use.
  'POST /api/auth/logout': { allow: 'public', ok: 204, call: () => ({ method: 'POST', path: '/api/auth/logout' }) },
}
