import { createRoute } from '@hono/zod-openapi'
import { conflictErrors, errors, json, jsonBody, security, type Api } from '../../server/api.ts'
import { Id } from './programs.contract.ts'
import { Directory, DirectoryQuery, PageInput, PageSchema, ReviewInput } from './pages.contract.ts'
import { directory, getPage, reviewPage, savePage } from './pages.service.ts'

const tags = ['Partner pages']
const { 409: conflict } = conflictErrors

const routes = {
  get: createRoute({
    method: 'get',
    path: '/api/partners/{id}/page',
    tags,
    security,
    summary: "A partner's page: the draft, the approved version the directory shows, and its level (basic, or enhanced in JAM)",
    request: { params: Id },
    responses: { 200: json(PageSchema, 'The page'), ...errors },
  }),
  save: createRoute({
    method: 'put',
    path: '/api/partners/{id}/page',
    tags,
    security,
    summary: "Edit the company's page and submit it for approval (partner admin); enhanced content only for JAM members",
    request: { params: Id, body: jsonBody(PageInput) },
    responses: { 200: json(PageSchema, 'The page, submitted'), ...errors },
  }),
  approve: createRoute({
    method: 'post',
    path: '/api/partners/{id}/page/approve',
    tags,
    security,
    summary: 'Approve the submitted page: the directory shows it from now on (marketing)',
    request: { params: Id, body: jsonBody(ReviewInput) },
    responses: { 200: json(PageSchema, 'The page'), ...errors, 409: conflict },
  }),
  reject: createRoute({
    method: 'post',
    path: '/api/partners/{id}/page/reject',
    tags,
    security,
    summary: 'Send the submitted page back with a note (marketing); the directory keeps the last approved version',
    request: { params: Id, body: jsonBody(ReviewInput) },
    responses: { 200: json(PageSchema, 'The page'), ...errors, 409: conflict },
  }),
  directory: createRoute({
    method: 'get',
    path: '/api/public/partners',
    tags,
    summary: 'The public directory of partners by tier (no sign-in): approved pages of active partners, public fields only',
    request: { query: DirectoryQuery },
    responses: { 200: json(Directory, 'A page of partners by name'), 400: errors[400] },
  }),
}

export function pagesRoutes(app: Api) {
  app.openapi(routes.get, async (c) => c.json(await getPage(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.save, async (c) => c.json(await savePage(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))
  app.openapi(routes.approve, async (c) =>
    c.json(await reviewPage(c.get('ctx'), c.req.valid('param').id, 'approve', c.req.valid('json').note), 200),
  )
  app.openapi(routes.reject, async (c) =>
    c.json(await reviewPage(c.get('ctx'), c.req.valid('param').id, 'reject', c.req.valid('json').note), 200),
  )
  app.openapi(routes.directory, async (c) => {
    // Public and the same for every visitor: shared caches may keep it for a minute.
    c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=300')
    c.header('Vary', 'Accept-Encoding')
    return c.json(await directory(c.get('ctx'), c.req.valid('query')), 200)
  })
}
