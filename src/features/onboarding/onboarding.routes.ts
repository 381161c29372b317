import { createRoute, z } from '@hono/zod-openapi'
import { conflictErrors, errors, json, jsonBody, security, type Api } from '../../server/api.ts'
import { completeCase } from './onboarding.complete.ts'
import {
  CaseCreateInput,
  CaseDetailSchema,
  CaseListQuery,
  CasePatchInput,
  CaseSchema,
  ChecklistInput,
  CommentInput,
  CompleteInput,
  CompleteResult,
} from './onboarding.contract.ts'
import { addComment, createCase, getCase, listCases, setChecklistItem, updateCase } from './onboarding.service.ts'

const tags = ['Onboarding']
const Id = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
})
const ItemPath = Id.extend({
  key: z
    .string()
    .regex(/^[a-z_]{1,50}$/)
    .openapi({ param: { name: 'key', in: 'path' } }),
})

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/onboarding/cases',
    tags,
    security,
    summary: 'Onboarding cases: all for GPA and partner operations, their own for requesters and sponsors; open ones first by due date',
    request: { query: CaseListQuery },
    responses: { 200: json(z.object({ items: z.array(CaseSchema) }).openapi('OnboardingCaseList'), 'Cases'), ...errors },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/onboarding/cases',
    tags,
    security,
    summary: 'Request onboarding: deal-driven (POTC or reseller agreement) or sponsor-driven',
    request: { body: jsonBody(CaseCreateInput) },
    responses: { 201: json(CaseDetailSchema, 'Requested'), ...errors, ...conflictErrors },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/onboarding/cases/{id}',
    tags,
    security,
    summary: 'A case with its checklist, comments and history',
    request: { params: Id },
    responses: { 200: json(CaseDetailSchema, 'The case'), ...errors },
  }),
  update: createRoute({
    method: 'patch',
    path: '/api/onboarding/cases/{id}',
    tags,
    security,
    summary: 'Assign the GPA owner, set the due date, start or cancel',
    request: { params: Id, body: jsonBody(CasePatchInput) },
    responses: { 200: json(CaseDetailSchema, 'Updated'), ...errors, ...conflictErrors },
  }),
  check: createRoute({
    method: 'put',
    path: '/api/onboarding/cases/{id}/checklist/{key}',
    tags,
    security,
    summary: 'Tick or untick a checklist item',
    request: { params: ItemPath, body: jsonBody(ChecklistInput) },
    responses: { 200: json(CaseDetailSchema, 'Updated'), ...errors, ...conflictErrors },
  }),
  comment: createRoute({
    method: 'post',
    path: '/api/onboarding/cases/{id}/comments',
    tags,
    security,
    summary: 'Comment on a case',
    request: { params: Id, body: jsonBody(CommentInput) },
    responses: { 201: json(CaseDetailSchema, 'Commented'), ...errors },
  }),
  complete: createRoute({
    method: 'post',
    path: '/api/onboarding/cases/{id}/complete',
    tags,
    security,
    summary: 'Complete: create (or activate) the partner, send its first agreement for signature, invite its first partner admin',
    request: { params: Id, body: jsonBody(CompleteInput) },
    responses: { 200: json(CompleteResult, 'Completed'), ...errors, ...conflictErrors },
  }),
}

export function onboardingRoutes(app: Api) {
  app.openapi(routes.list, async (c) => c.json({ items: await listCases(c.get('ctx'), c.req.valid('query')) }, 200))
  app.openapi(routes.create, async (c) => {
    const created = await createCase(c.get('ctx'), c.req.valid('json'))
    c.header('Location', `/api/onboarding/cases/${created.id}`)
    return c.json(created, 201)
  })
  app.openapi(routes.get, async (c) => c.json(await getCase(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.update, async (c) => c.json(await updateCase(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))
  app.openapi(routes.check, async (c) => {
    const { id, key } = c.req.valid('param')
    return c.json(await setChecklistItem(c.get('ctx'), id, key, c.req.valid('json').done), 200)
  })
  app.openapi(routes.comment, async (c) => c.json(await addComment(c.get('ctx'), c.req.valid('param').id, c.req.valid('json').body), 201))
  app.openapi(routes.complete, async (c) => {
    return c.json(await completeCase(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200)
  })
}
