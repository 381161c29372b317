import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bodyLimit } from 'hono/body-limit'
import { getCookie } from 'hono/cookie'
import { HTTPException } from 'hono/http-exception'
import type { Logger } from 'pino'
import { ZodError } from 'zod'
import { actorFromSession, actorFromToken } from '../core/auth/authenticate.ts'
import type { Actor } from '../core/auth/permissions.ts'
import type { Config } from '../core/config.ts'
import type { Database } from '../core/db.ts'
import { fromDatabaseError } from '../core/db-errors.ts'
import { AppError, problem, validationError } from '../core/errors.ts'
import { agreementsRoutes } from '../features/agreements/agreements.routes.ts'
import { identityRoutes } from '../features/identity/identity.routes.ts'
import { inquiriesRoutes } from '../features/inquiries/inquiries.routes.ts'
import { mailRoutes } from '../features/mail/mail.routes.ts'
import { onboardingRoutes } from '../features/onboarding/onboarding.routes.ts'
import { partnersRoutes } from '../features/partners/partners.routes.ts'
import { programRoutes } from '../features/program/program.routes.ts'
import { reviewsRoutes } from '../features/reviews/reviews.routes.ts'
import { dealsRoutes } from '../features/deals/deals.routes.ts'
import { safetyRoutes } from '../features/safety/safety.routes.ts'
import { programsRoutes } from '../features/marketing/programs.routes.ts'
import { eventsRoutes } from '../features/marketing/events.routes.ts'
import { fundsRoutes } from '../features/funds/funds.routes.ts'
import { deliveryRoutes } from '../features/delivery/delivery.routes.ts'
import { pagesRoutes } from '../features/marketing/pages.routes.ts'
import { notificationsRoutes } from '../features/notifications/notifications.routes.ts'
import { worklistRoutes } from '../features/worklist/worklist.routes.ts'
import { webhooksRoutes } from '../features/webhooks/webhooks.routes.ts'
import { createApi, errors, json } from './api.ts'
import { docsRoutes } from './docs.ts'
import { registerWebhookDocs } from './webhooks-doc.ts'
import { idempotency } from './idempotency.ts'
import { rejectNulBytes } from './nul-bytes.ts'
import { securityHeaders } from './security-headers.ts'
import { serveWeb } from './static.ts'
import { createRoute, z } from '@hono/zod-openapi'

import { SESSION_COOKIE, sessionCookieName } from './cookies.ts'
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web')

const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['System'],
  summary: 'Liveness check',
  responses: { 200: json(z.object({ status: z.literal('ok') }).openapi('Health'), 'The server is up'), 400: errors[400] },
})

/** webDist: the built web app to serve (default dist/web, when it has been built). */
export type AppDeps = { db: Database; config: Config; log: Logger; now?: () => Date; webDist?: string }

export function createApp(deps: AppDeps) {
  const app = createApi()
  const now = deps.now ?? (() => new Date())
  // Outermost, so every answer carries them: errors, 404s, static files and the docs page too.
  app.use('*', ...securityHeaders({ trustProxy: deps.config.trustProxy }))

  app.onError((err, c) => {
    const requestId = c.get('requestId')
    let e: AppError
    if (err instanceof AppError) e = err
    else if (err instanceof ZodError) e = validationError(err)
    else if (err instanceof HTTPException && err.status === 413) e = new AppError('PAYLOAD_TOO_LARGE')
    else if (err instanceof HTTPException && err.status < 500) e = new AppError('BAD_REQUEST', err.message)
    else {
      // The database refusing a value is the client's error; anything else is ours.
      const refused = fromDatabaseError(err)
      if (refused) deps.log.warn({ err, requestId }, 'database refused the input')
      else deps.log.error({ err, requestId }, 'unhandled error')
      e = refused ?? new AppError('INTERNAL', 'Something went wrong; the request changed nothing')
    }
    if (e.details.retryAfterSeconds) c.header('Retry-After', String(e.details.retryAfterSeconds))
    return c.body(JSON.stringify(problem(e, requestId)), e.status as 400, { 'Content-Type': 'application/problem+json' })
  })

  app.notFound((c) => {
    if (!c.req.path.startsWith('/api/')) return c.text('Not found', 404)
    const e = new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`)
    return c.body(JSON.stringify(problem(e)), 404, { 'Content-Type': 'application/problem+json' })
  })

  // Request id, structured log line, and the per-request service context.
  app.use('/api/*', async (c, next) => {
    const started = performance.now()
    const requestId = c.req.header('x-request-id')?.slice(0, 100) || randomUUID()
    c.set('requestId', requestId)
    c.header('X-Request-Id', requestId)
    let actor: Actor | null = null
    let csrfToken: string | null = null
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
    const cookie = getCookie(c, sessionCookieName(c, deps.config.trustProxy))
    if (bearer) {
      actor = await actorFromToken(deps.db, bearer)
      if (!actor) throw new AppError('UNAUTHENTICATED', 'The API token is invalid, expired or revoked')
    } else if (cookie) {
      const s = await actorFromSession(deps.db, cookie)
      if (s) {
        actor = s
        csrfToken = s.csrfToken
      }
    }
    c.set('csrfToken', csrfToken)
    // Writes authenticated by cookie must echo the session's CSRF token in a header.
    if (actor?.via === 'session' && UNSAFE.has(c.req.method) && c.req.header('x-csrf-token') !== csrfToken)
      throw new AppError('CSRF_FAILED', 'Missing or wrong X-CSRF-Token header')
    const log = deps.log.child({ requestId })
    c.set('ctx', { db: deps.db, actor, now, log, config: deps.config, requestId })
    try {
      await next()
    } finally {
      log.info(
        {
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round(performance.now() - started),
          userId: actor?.userId,
        },
        'request',
      )
    }
  })

  app.use('/api/*', (c, next) => {
    // Imports and agreement documents are larger than other bodies (a document's own limit is checked by
    // its service); public forms take small ones: whatever a visitor sends, the server reads little.
    const path = c.req.path
    const maxSize = path.endsWith('/import')
      ? deps.config.importLimitBytes
      : path.endsWith('/documents') || /^\/api\/funds\/(requests\/[^/]+\/claims|claims\/[^/]+\/files)$/.test(path)
        ? deps.config.documentLimitBytes + 64_000
        : path.startsWith('/api/public/')
          ? deps.config.publicBodyLimitBytes
          : deps.config.bodyLimitBytes
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxSize} bytes`)
      },
    })(c, next)
  })

  app.use('/api/*', rejectNulBytes)
  app.use('/api/*', idempotency)

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE })
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })

  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
  identityRoutes(app)
  partnersRoutes(app)
  programRoutes(app)
  reviewsRoutes(app)
  mailRoutes(app)
  inquiriesRoutes(app)
  agreementsRoutes(app)
  onboardingRoutes(app)
  dealsRoutes(app)
  safetyRoutes(app)
  programsRoutes(app)
  eventsRoutes(app)
  fundsRoutes(app)
  deliveryRoutes(app)
  pagesRoutes(app)
  notificationsRoutes(app)
  registerWebhookDocs(app)
  worklistRoutes(app)
  webhooksRoutes(app)

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Alliance API', version: '1.0.0', description: 'Partner relationship management: the public REST API.' },
  })
  docsRoutes(app)

  const web = deps.webDist ?? webDist
  if (fs.existsSync(path.join(web, 'index.html'))) serveWeb(app, web)
  return app
}

export type App = ReturnType<typeof createApp>
