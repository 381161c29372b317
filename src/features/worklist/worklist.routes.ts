import { createRoute } from '@hono/zod-openapi'
import { errors, json, security, type Api } from '../../server/api.ts'
import { WorklistSchema } from './worklist.contract.ts'
import { getWorklist } from './worklist.service.ts'

const routes = {
  get: createRoute({
    method: 'get',
    path: '/api/worklist',
    tags: ['Worklist'],
    security,
    summary: 'What waits for me: counts and the first items of each kind of work my role does',
    responses: { 200: json(WorklistSchema, 'My worklist'), ...errors },
  }),
}

export function worklistRoutes(app: Api) {
  app.openapi(routes.get, async (c) => c.json(await getWorklist(c.get('ctx')), 200))
}
