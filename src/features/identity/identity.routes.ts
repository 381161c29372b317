import { createRoute, z } from '@hono/zod-openapi'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { clientAddress, sessionCookieName, sessionCookieOptions } from '../../server/cookies.ts'
import { conflictErrors, errors, json, jsonBody, secretAnswer, security, type Api } from '../../server/api.ts'
import { acceptInvitation, login, logout, me, signedIn } from './auth.service.ts'
import {
  AcceptInvitationInput,
  InvitationRenewed,
  InvitationRenewInput,
  LoginInput,
  MeSchema,
  TokenCreated,
  TokenCreateInput,
  TokenSchema,
  UserCreated,
  UserCreateInput,
  UserListQuery,
  UserPatchInput,
  UserSchema,
} from './identity.contract.ts'
import { requestNewInvitation, resendInvitation } from './invitations.service.ts'
import { createToken, listTokens, revokeToken } from './tokens.service.ts'
import { createUser, getUser, listUsers, updateUser } from './users.service.ts'

const IdParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
})
const tags = { auth: ['Authentication'], users: ['Users'], tokens: ['API tokens'] }

const routes = {
  login: createRoute({
    method: 'post',
    path: '/api/auth/login',
    tags: tags.auth,
    summary: 'Sign in; sets the session cookie',
    request: { body: jsonBody(LoginInput) },
    responses: { 200: json(MeSchema, 'Signed in'), 400: errors[400], 401: errors[401], 429: { description: 'Too many failed attempts' } },
  }),
  logout: createRoute({
    method: 'post',
    path: '/api/auth/logout',
    tags: tags.auth,
    summary: 'Sign out; revokes the session',
    // A cookie-authenticated sign-out needs the CSRF token (403); a malformed Idempotency-Key is refused (400).
    responses: { 204: { description: 'Signed out' }, 400: errors[400], 403: errors[403] },
  }),
  me: createRoute({
    method: 'get',
    path: '/api/auth/me',
    tags: tags.auth,
    summary: 'The signed-in user',
    security,
    responses: { 200: json(MeSchema, 'The current user'), 400: errors[400], 401: errors[401] },
  }),
  acceptInvitation: createRoute({
    method: 'post',
    path: '/api/auth/invitations/accept',
    tags: tags.auth,
    summary: 'Set a password from an invitation link',
    request: { body: jsonBody(AcceptInvitationInput) },
    responses: {
      200: json(MeSchema, 'Invitation accepted: the password is set and the user is signed in (session cookie)'),
      400: errors[400],
      404: errors[404],
    },
  }),
  requestInvitation: createRoute({
    method: 'post',
    path: '/api/auth/invitations/renew',
    tags: tags.auth,
    summary: 'An invited person asks for a new invitation link',
    description:
      'If an invitation waits for this email, a new link is emailed to it (the earlier link stops working). The answer is the same whether or not it does.',
    request: { body: jsonBody(InvitationRenewInput) },
    responses: { 202: json(InvitationRenewed, 'Asked'), 400: errors[400] },
  }),
  resendInvitation: createRoute({
    method: 'post',
    path: '/api/users/{id}/invitation',
    tags: tags.users,
    summary: 'Send an invited user a new invitation link (the earlier link stops working)',
    security,
    request: { params: IdParam },
    responses: { 200: json(UserCreated, 'A new link was emailed to the invited person'), ...errors, 409: conflictErrors[409] },
  }),
  listUsers: createRoute({
    method: 'get',
    path: '/api/users',
    tags: tags.users,
    summary: 'List users (partner admins: their company only)',
    security,
    request: { query: UserListQuery },
    responses: { 200: json(z.object({ items: z.array(UserSchema) }).openapi('UserList'), 'Users'), ...errors },
  }),
  createUser: createRoute({
    method: 'post',
    path: '/api/users',
    tags: tags.users,
    summary: 'Create or invite a user',
    security,
    request: { body: jsonBody(UserCreateInput) },
    responses: { 201: json(UserCreated, 'Created'), ...errors, 409: errors[400] },
  }),
  getUser: createRoute({
    method: 'get',
    path: '/api/users/{id}',
    tags: tags.users,
    summary: 'One user',
    security,
    request: { params: IdParam },
    responses: { 200: json(UserSchema, 'The user'), ...errors },
  }),
  updateUser: createRoute({
    method: 'patch',
    path: '/api/users/{id}',
    tags: tags.users,
    summary: 'Rename, change role, deactivate or reactivate',
    security,
    request: { params: IdParam, body: jsonBody(UserPatchInput) },
    responses: { 200: json(UserSchema, 'Updated'), ...errors },
  }),
  listTokens: createRoute({
    method: 'get',
    path: '/api/tokens',
    tags: tags.tokens,
    summary: 'Your API tokens',
    security,
    responses: { 200: json(z.object({ items: z.array(TokenSchema) }).openapi('ApiTokenList'), 'Tokens'), ...errors },
  }),
  createToken: createRoute({
    method: 'post',
    path: '/api/tokens',
    tags: tags.tokens,
    summary: 'Create an API token (the secret is shown once)',
    security,
    request: { body: jsonBody(TokenCreateInput) },
    responses: { 201: json(TokenCreated, 'Created'), ...errors },
  }),
  revokeToken: createRoute({
    method: 'delete',
    path: '/api/tokens/{id}',
    tags: tags.tokens,
    summary: 'Revoke an API token',
    security,
    request: { params: IdParam },
    responses: { 204: { description: 'Revoked' }, ...errors },
  }),
}

export function identityRoutes(app: Api) {
  app.openapi(routes.login, async (c) => {
    const ctx = c.get('ctx')
    const address = clientAddress(c, ctx.config.trustProxy)
    const r = await login(ctx, c.req.valid('json'), address)
    secretAnswer(c)
    setCookie(c, sessionCookieName(c, ctx.config.trustProxy), r.sessionSecret, {
      ...sessionCookieOptions(c, ctx.config.trustProxy),
      expires: r.expiresAt,
    })
    return c.json(signedIn(r.user, r.csrfToken), 200)
  })
  app.openapi(routes.logout, async (c) => {
    const trustProxy = c.get('ctx').config.trustProxy
    const name = sessionCookieName(c, trustProxy)
    await logout(c.get('ctx'), getCookie(c, name))
    deleteCookie(c, name, sessionCookieOptions(c, trustProxy))
    return c.body(null, 204)
  })
  app.openapi(routes.me, async (c) => c.json(signedIn(await me(c.get('ctx')), c.get('csrfToken')), 200))
  app.openapi(routes.acceptInvitation, async (c) => {
    const ctx = c.get('ctx')
    const { token, password } = c.req.valid('json')
    const r = await acceptInvitation(ctx, token, password)
    secretAnswer(c)
    setCookie(c, sessionCookieName(c, ctx.config.trustProxy), r.sessionSecret, {
      ...sessionCookieOptions(c, ctx.config.trustProxy),
      expires: r.expiresAt,
    })
    return c.json(signedIn(r.user, r.csrfToken), 200)
  })
  app.openapi(routes.requestInvitation, async (c) => {
    await requestNewInvitation(c.get('ctx'), c.req.valid('json').email)
    return c.json({ message: 'If an invitation is waiting for this email, a new link is on its way to it.' }, 202)
  })
  app.openapi(routes.resendInvitation, async (c) => c.json(await resendInvitation(c.get('ctx'), c.req.valid('param').id), 200))

  app.openapi(routes.listUsers, async (c) => c.json({ items: await listUsers(c.get('ctx'), c.req.valid('query')) }, 200))
  app.openapi(routes.createUser, async (c) => {
    const { user } = await createUser(c.get('ctx'), c.req.valid('json'))
    return c.json({ user }, 201)
  })
  app.openapi(routes.getUser, async (c) => c.json(await getUser(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.updateUser, async (c) => c.json(await updateUser(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))

  app.openapi(routes.listTokens, async (c) => c.json({ items: await listTokens(c.get('ctx')) }, 200))
  app.openapi(routes.createToken, async (c) => {
    const created = await createToken(c.get('ctx'), c.req.valid('json'))
    secretAnswer(c)
    return c.json(created, 201)
  })
  app.openapi(routes.revokeToken, async (c) => {
    await revokeToken(c.get('ctx'), c.req.valid('param').id)
    return c.body(null, 204)
  })
}
