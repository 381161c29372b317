import { createRoute, z } from '@hono/zod-openapi'
import { conflictErrors, errors, json, jsonBody, security, type Api } from '../../server/api.ts'
import { GapCloseInput, GapCommentInput, GapListQuery, GapPatchInput, GapSchema, RedFlagInput } from './evidence.contract.ts'
import { closeGap, commentGap, listGaps, raiseRedFlag, updateGap } from './gaps.service.ts'
import { PartnerId } from './safety.contract.ts'

const tags = ['Safety']
const GapId = z.object({
  gapId: z
    .string()
    .uuid()
    .openapi({ param: { name: 'gapId', in: 'path' } }),
})

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/safety/gaps',
    tags,
    security,
    summary: 'The gap queue: computed gaps and red flags, open first, oldest first (partner users: their own company only)',
    request: { query: GapListQuery },
    responses: { 200: json(z.object({ items: z.array(GapSchema) }), 'Gaps'), ...errors },
  }),
  raise: createRoute({
    method: 'post',
    path: '/api/partners/{id}/safety/red-flags',
    tags,
    security,
    summary: 'Raise a red flag by hand (an incident, a client complaint) with its severity (safety users)',
    request: { params: PartnerId, body: jsonBody(RedFlagInput) },
    responses: { 201: json(GapSchema, 'Raised'), ...errors },
  }),
  update: createRoute({
    method: 'patch',
    path: '/api/safety/gaps/{gapId}',
    tags,
    security,
    summary: 'Assign an owner or set a due date (safety users)',
    request: { params: GapId, body: jsonBody(GapPatchInput) },
    responses: { 200: json(GapSchema, 'The gap'), ...errors, ...conflictErrors },
  }),
  comment: createRoute({
    method: 'post',
    path: '/api/safety/gaps/{gapId}/comments',
    tags,
    security,
    summary: 'Follow a gap up with a comment (safety users)',
    request: { params: GapId, body: jsonBody(GapCommentInput) },
    responses: { 201: json(GapSchema, 'The gap'), ...errors },
  }),
  close: createRoute({
    method: 'post',
    path: '/api/safety/gaps/{gapId}/close',
    tags,
    security,
    summary: 'Close a red flag with a note (computed gaps close themselves when their cause is gone)',
    request: { params: GapId, body: jsonBody(GapCloseInput) },
    responses: { 200: json(GapSchema, 'Closed'), ...errors, ...conflictErrors },
  }),
}

export function gapsRoutes(app: Api) {
  app.openapi(routes.list, async (c) => c.json({ items: await listGaps(c.get('ctx'), c.req.valid('query')) }, 200))
  app.openapi(routes.raise, async (c) => c.json(await raiseRedFlag(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201))
  app.openapi(routes.update, async (c) => c.json(await updateGap(c.get('ctx'), c.req.valid('param').gapId, c.req.valid('json')), 200))
  app.openapi(routes.comment, async (c) =>
    c.json(await commentGap(c.get('ctx'), c.req.valid('param').gapId, c.req.valid('json').body), 201),
  )
  app.openapi(routes.close, async (c) => c.json(await closeGap(c.get('ctx'), c.req.valid('param').gapId, c.req.valid('json').note), 200))
}
