import { createRoute, z } from '@hono/zod-openapi'
import { conflictErrors, errors, json, security, type Api } from '../../server/api.ts'
import { MailDetailSchema, MailList, MailListQuery, MailMessageSchema } from './mail.contract.ts'
import { getMail, listMail, retryMail } from './mail.service.ts'

const tags = ['Mail']
const Id = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
})

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/mail',
    tags,
    security,
    summary: 'The mail outbox: queued, sent and failed messages, newest first',
    request: { query: MailListQuery },
    responses: { 200: json(MailList, 'A page of messages'), ...errors },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/mail/{id}',
    tags,
    security,
    summary: 'One message with its text and HTML',
    request: { params: Id },
    responses: { 200: json(MailDetailSchema, 'The message'), ...errors },
  }),
  retry: createRoute({
    method: 'post',
    path: '/api/mail/{id}/retry',
    tags,
    security,
    summary: 'Send a failed or waiting message again now',
    request: { params: Id },
    responses: { 200: json(MailMessageSchema, 'Queued again'), ...errors, 409: conflictErrors[409] },
  }),
}

export function mailRoutes(app: Api) {
  app.openapi(routes.list, async (c) => c.json(await listMail(c.get('ctx'), c.req.valid('query')), 200))
  app.openapi(routes.get, async (c) => c.json(await getMail(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.retry, async (c) => c.json(await retryMail(c.get('ctx'), c.req.valid('param').id), 200))
}
