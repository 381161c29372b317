import { createRoute, z } from '@hono/zod-openapi'
import { conflictErrors, errors, json, jsonBody, Problem, security, type Api } from '../../server/api.ts'
import { clientAddress } from '../../server/cookies.ts'
import {
  AssignInput,
  CommentInput,
  InquiryDetail,
  InquiryInput,
  InquiryListQuery,
  InquirySchema,
  PublicInquiryStatus,
  QueueInput,
  QueueSchema,
  RoutingRuleInput,
  RoutingRulePatch,
  RoutingRuleSchema,
  StatusCheckQuery,
  StatusInput,
} from './inquiries.contract.ts'
import { ConvertInput, convertInquiry } from './inquiries.convert.ts'
import { inquiryStatus, submitInquiry } from './public.service.ts'
import { createRoutingRule, deleteRoutingRule, listQueues, listRoutingRules, putQueue, updateRoutingRule } from './inquiries.rules.ts'
import { assignInquiry, commentOnInquiry, getInquiry, listInquiries, setInquiryStatus } from './inquiries.service.ts'

const tags = ['Inquiries']
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } })
const tooMany = { 429: problem('Too many requests from this address or email; Retry-After says when to try again') }
const uuidParam = (name: string) =>
  z
    .string()
    .uuid()
    .openapi({ param: { name, in: 'path' } })
const Id = z.object({ id: uuidParam('id') })
const Reference = z.object({
  reference: z
    .string()
    .max(40)
    .openapi({ param: { name: 'reference', in: 'path' }, example: 'INQ-7K4Q-M2PD' }),
})
const QueueKey = z.object({
  key: z
    .string()
    .max(40)
    .openapi({ param: { name: 'key', in: 'path' }, example: 'gpa' }),
})

const routes = {
  submit: createRoute({
    method: 'post',
    path: '/api/public/inquiries',
    tags,
    summary: 'Contact Us: submit a partnership inquiry (no sign-in); acknowledged by email with its reference',
    request: { body: jsonBody(InquiryInput) },
    responses: {
      201: json(
        PublicInquiryStatus,
        'Received: the same answer whether this is a new inquiry or is merged internally into an earlier one with the same email and company',
      ),
      400: errors[400],
      413: problem('Request body too large'),
      ...tooMany,
    },
  }),
  status: createRoute({
    method: 'get',
    path: '/api/public/inquiries/{reference}',
    tags,
    summary: "An inquiry's status and next step, for its reference together with its email",
    request: { params: Reference, query: StatusCheckQuery },
    responses: {
      200: json(PublicInquiryStatus, 'The status'),
      400: errors[400],
      404: problem('No inquiry with this reference and email'),
      ...tooMany,
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/api/inquiries',
    tags,
    security,
    summary: 'The inquiry queue, newest first, with filters',
    request: { query: InquiryListQuery },
    responses: {
      200: json(z.object({ items: z.array(InquirySchema), nextCursor: z.string().nullable() }).openapi('InquiryList'), 'A page'),
      ...errors,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/inquiries/{id}',
    tags,
    security,
    summary: 'One inquiry with its comments and history',
    request: { params: Id },
    responses: { 200: json(InquiryDetail, 'The inquiry'), ...errors },
  }),
  assign: createRoute({
    method: 'post',
    path: '/api/inquiries/{id}/assign',
    tags,
    security,
    summary: 'Assign an owner (or none)',
    request: { params: Id, body: jsonBody(AssignInput) },
    responses: { 200: json(InquiryDetail, 'Assigned'), ...errors },
  }),
  comment: createRoute({
    method: 'post',
    path: '/api/inquiries/{id}/comments',
    tags,
    security,
    summary: 'Add an internal comment',
    request: { params: Id, body: jsonBody(CommentInput) },
    responses: { 201: json(InquiryDetail, 'Commented'), ...errors },
  }),
  setStatus: createRoute({
    method: 'post',
    path: '/api/inquiries/{id}/status',
    tags,
    security,
    summary: 'Change the status (declining needs a reason; asking for information a note); the submitter is emailed',
    request: { params: Id, body: jsonBody(StatusInput) },
    responses: { 200: json(InquiryDetail, 'Changed'), ...errors, 409: conflictErrors[409] },
  }),
  convert: createRoute({
    method: 'post',
    path: '/api/inquiries/{id}/convert',
    tags,
    security,
    summary: 'Convert to an onboarding case (deal- or sponsor-driven); the inquiry becomes converted and the submitter is emailed',
    request: { params: Id, body: jsonBody(ConvertInput) },
    responses: {
      201: json(z.object({ inquiry: InquiryDetail, caseId: z.string().uuid() }).openapi('InquiryConverted'), 'Converted'),
      ...errors,
      409: conflictErrors[409],
    },
  }),
  rules: createRoute({
    method: 'get',
    path: '/api/inquiries/routing-rules',
    tags,
    security,
    summary: 'Routing rules in the order they are tried',
    responses: { 200: json(z.object({ items: z.array(RoutingRuleSchema) }).openapi('RoutingRuleList'), 'Rules'), ...errors },
  }),
  createRule: createRoute({
    method: 'post',
    path: '/api/inquiries/routing-rules',
    tags,
    security,
    summary: 'Add a routing rule',
    request: { body: jsonBody(RoutingRuleInput) },
    responses: { 201: json(RoutingRuleSchema, 'Created'), ...errors },
  }),
  updateRule: createRoute({
    method: 'patch',
    path: '/api/inquiries/routing-rules/{id}',
    tags,
    security,
    summary: 'Change a routing rule',
    request: { params: Id, body: jsonBody(RoutingRulePatch) },
    responses: { 200: json(RoutingRuleSchema, 'Changed'), ...errors },
  }),
  deleteRule: createRoute({
    method: 'delete',
    path: '/api/inquiries/routing-rules/{id}',
    tags,
    security,
    summary: 'Remove a routing rule',
    request: { params: Id },
    responses: { 204: { description: 'Removed' }, ...errors },
  }),
  queues: createRoute({
    method: 'get',
    path: '/api/inquiries/queues',
    tags,
    security,
    summary: 'Inquiry queues and their members in turn order',
    responses: { 200: json(z.object({ items: z.array(QueueSchema) }).openapi('InquiryQueueList'), 'Queues'), ...errors },
  }),
  putQueue: createRoute({
    method: 'put',
    path: '/api/inquiries/queues/{key}',
    tags,
    security,
    summary: 'Create or change a queue (members: null for every active GPS user)',
    request: { params: QueueKey, body: jsonBody(QueueInput) },
    responses: { 200: json(QueueSchema, 'Changed'), 201: json(QueueSchema, 'Created'), ...errors },
  }),
}

export function inquiriesRoutes(app: Api) {
  app.openapi(routes.submit, async (c) => {
    const ctx = c.get('ctx')
    return c.json(await submitInquiry(ctx, c.req.valid('json'), clientAddress(c, ctx.config.trustProxy)), 201)
  })
  app.openapi(routes.status, async (c) => {
    const ctx = c.get('ctx')
    return c.json(
      await inquiryStatus(ctx, c.req.valid('param').reference, c.req.valid('query').email, clientAddress(c, ctx.config.trustProxy)),
      200,
    )
  })
  // Fixed paths before /{id}.
  app.openapi(routes.rules, async (c) => c.json({ items: await listRoutingRules(c.get('ctx')) }, 200))
  app.openapi(routes.createRule, async (c) => c.json(await createRoutingRule(c.get('ctx'), c.req.valid('json')), 201))
  app.openapi(routes.updateRule, async (c) =>
    c.json(await updateRoutingRule(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(routes.deleteRule, async (c) => {
    await deleteRoutingRule(c.get('ctx'), c.req.valid('param').id)
    return c.body(null, 204)
  })
  app.openapi(routes.queues, async (c) => c.json({ items: await listQueues(c.get('ctx')) }, 200))
  app.openapi(routes.putQueue, async (c) => {
    const { queue, created } = await putQueue(c.get('ctx'), c.req.valid('param').key, c.req.valid('json'))
    return c.json(queue, created ? 201 : 200)
  })
  app.openapi(routes.list, async (c) => c.json(await listInquiries(c.get('ctx'), c.req.valid('query')), 200))
  app.openapi(routes.get, async (c) => c.json(await getInquiry(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.assign, async (c) =>
    c.json(await assignInquiry(c.get('ctx'), c.req.valid('param').id, c.req.valid('json').ownerId), 200),
  )
  app.openapi(routes.comment, async (c) =>
    c.json(await commentOnInquiry(c.get('ctx'), c.req.valid('param').id, c.req.valid('json').body), 201),
  )
  app.openapi(routes.setStatus, async (c) =>
    c.json(await setInquiryStatus(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(routes.convert, async (c) => {
    const result = await convertInquiry(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'))
    c.header('Location', `/api/onboarding/cases/${result.caseId}`)
    return c.json(result, 201)
  })
}
