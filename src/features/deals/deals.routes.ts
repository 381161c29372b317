import { createRoute, z } from '@hono/zod-openapi'
import {
  conflictErrors,
  errors,
  expectedVersion,
  IfMatchHeader,
  json,
  jsonBody,
  security,
  SheetFormatQuery,
  sheetDownload,
  sheetFile,
  versionTag,
  type Api,
} from '../../server/api.ts'
import { deleteAccount, listAccounts, putAccount } from './accounts.service.ts'
import {
  ApproveInput,
  CheckResult,
  CustomerAccountInput,
  CustomerAccountSchema,
  DealCheckInput,
  DealCreateInput,
  DealDetail,
  DealList,
  DealListQuery,
  DealPatchInput,
  DealSchema,
  ExtendInput,
  ExtensionRequestInput,
  PartnerPipeline,
  PipelineQuery,
  PipelineReport,
  RejectInput,
  RequestInfoInput,
  RespondInput,
} from './deals.contract.ts'
import { exportPipeline, partnerPipeline, pipelineReport } from './deals.pipeline.ts'
import { approveDeal, extendDeal, rejectDeal, requestExtension, requestInfo, respondToRequest } from './review.service.ts'
import { checkDeal, getDeal, listDeals, registerDeal, updateDeal } from './deals.service.ts'

const tags = ['Deals']
const Id = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
})

const action = <T extends z.ZodType>(path: string, summary: string, body: T) =>
  createRoute({
    method: 'post',
    path: `/api/deals/{id}/${path}`,
    tags,
    security,
    summary,
    request: { params: Id, body: jsonBody(body) },
    responses: { 200: json(DealSchema, 'The deal after the step'), ...errors, ...conflictErrors },
  })

const routes = {
  register: createRoute({
    method: 'post',
    path: '/api/deals',
    tags,
    security,
    summary: 'Register a deal (partner users for their company; Sales on behalf of a partner): conflict check, routing and review clock',
    request: { body: jsonBody(DealCreateInput) },
    responses: { 201: json(DealSchema, 'Registered; internal users also get the conflicts'), ...errors, ...conflictErrors },
  }),
  check: createRoute({
    method: 'post',
    path: '/api/deals/check',
    tags,
    security,
    summary: 'Live conflict check while a registration is typed (partner users learn only whether a conflict may exist)',
    request: { body: jsonBody(DealCheckInput) },
    responses: { 200: json(CheckResult, 'The check'), ...errors },
  }),
  list: createRoute({
    method: 'get',
    path: '/api/deals',
    tags,
    security,
    summary: "Deals, newest first (partner users: their own company's); the review queue with queue=",
    request: { query: DealListQuery },
    responses: { 200: json(DealList, 'A page'), ...errors },
  }),
  pipeline: createRoute({
    method: 'get',
    path: '/api/deals/pipeline',
    tags,
    security,
    summary: 'Pipeline report by partner, tier, stage, country or quarter (partners per their pipeline reporting benefit)',
    request: { query: PipelineQuery },
    responses: { 200: json(PipelineReport, 'The report'), ...errors },
  }),
  pipelineExport: createRoute({
    method: 'get',
    path: '/api/deals/pipeline/export',
    tags,
    security,
    summary: 'The pipeline report as CSV or XLSX',
    request: { query: PipelineQuery.extend(SheetFormatQuery.shape) },
    responses: {
      200: sheetFile,
      ...errors,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/deals/{id}',
    tags,
    security,
    summary: 'One deal with its history (ETag carries its version); internal users also get its conflicts',
    request: { params: Id },
    responses: { 200: json(DealDetail, 'The deal'), ...errors },
  }),
  patch: createRoute({
    method: 'patch',
    path: '/api/deals/{id}',
    tags,
    security,
    summary: 'Change a registration under review, or the stage and value of an approved one; honours If-Match',
    request: { params: Id, headers: IfMatchHeader, body: jsonBody(DealPatchInput) },
    responses: { 200: json(DealSchema, 'Changed'), ...errors, ...conflictErrors },
  }),
  approve: action(
    'approve',
    'Approve with a protection period (at most one approved registration per customer and product line)',
    ApproveInput,
  ),
  reject: action('reject', 'Reject with a reason', RejectInput),
  requestInfo: action('request-info', 'Ask the partner for more information (the review clock pauses)', RequestInfoInput),
  respond: action('respond', 'Answer a request for information (the review clock runs again)', RespondInput),
  extensionRequest: action('extension-request', 'Ask for a longer protection period of an approved registration', ExtensionRequestInput),
  extend: action('extend', 'Extend the protection period of an approved registration', ExtendInput),
  partnerPipeline: createRoute({
    method: 'get',
    path: '/api/partners/{id}/pipeline',
    tags,
    security,
    summary: "The partner's open approved pipeline at each quarter end of a year (the averagePipeline metric's input)",
    request: { params: Id, query: z.object({ year: z.coerce.number().int().min(2000).max(2100) }) },
    responses: { 200: json(PartnerPipeline, 'Quarter-end pipeline'), ...errors },
  }),
  accounts: createRoute({
    method: 'get',
    path: '/api/customer-accounts',
    tags,
    security,
    summary: 'Customer accounts and their Sales owners (by domain)',
    responses: { 200: json(z.object({ items: z.array(CustomerAccountSchema) }).openapi('CustomerAccountList'), 'Accounts'), ...errors },
  }),
  putAccount: createRoute({
    method: 'post',
    path: '/api/customer-accounts',
    tags,
    security,
    summary: 'Set the Sales owner of a customer account (creates or replaces by domain)',
    request: { body: jsonBody(CustomerAccountInput) },
    responses: { 201: json(CustomerAccountSchema, 'Created'), 200: json(CustomerAccountSchema, 'Replaced'), ...errors },
  }),
  deleteAccount: createRoute({
    method: 'delete',
    path: '/api/customer-accounts/{id}',
    tags,
    security,
    summary: 'Remove a customer account',
    request: { params: Id },
    responses: { 204: { description: 'Removed' }, ...errors },
  }),
}

export function dealsRoutes(app: Api) {
  app.openapi(routes.register, async (c) => {
    const deal = await registerDeal(c.get('ctx'), c.req.valid('json'))
    c.header('Location', `/api/deals/${deal.id}`)
    return c.json(deal, 201)
  })
  app.openapi(routes.check, async (c) => c.json(await checkDeal(c.get('ctx'), c.req.valid('json')), 200))
  app.openapi(routes.list, async (c) => c.json(await listDeals(c.get('ctx'), c.req.valid('query')), 200))
  // Registered before /{id} so "pipeline" is not taken for an id.
  app.openapi(routes.pipeline, async (c) => c.json(await pipelineReport(c.get('ctx'), c.req.valid('query')), 200))
  app.openapi(routes.pipelineExport, async (c) => {
    const { format, ...q } = c.req.valid('query')
    return sheetDownload(await exportPipeline(c.get('ctx'), q, format), `pipeline-by-${q.groupBy}`, format) as never
  })
  app.openapi(routes.get, async (c) => {
    const deal = await getDeal(c.get('ctx'), c.req.valid('param').id)
    versionTag(c, deal.version)
    return c.json(deal, 200)
  })
  app.openapi(routes.patch, async (c) => {
    const expected = expectedVersion(c.req.valid('header')['if-match'])
    const deal = await updateDeal(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'), expected)
    versionTag(c, deal.version)
    return c.json(deal, 200)
  })
  const id = (c: { req: { valid(t: 'param'): { id: string } } }) => c.req.valid('param').id
  app.openapi(routes.approve, async (c) => c.json(await approveDeal(c.get('ctx'), id(c), c.req.valid('json')), 200))
  app.openapi(routes.reject, async (c) => c.json(await rejectDeal(c.get('ctx'), id(c), c.req.valid('json').reason), 200))
  app.openapi(routes.requestInfo, async (c) => c.json(await requestInfo(c.get('ctx'), id(c), c.req.valid('json').question), 200))
  app.openapi(routes.respond, async (c) => c.json(await respondToRequest(c.get('ctx'), id(c), c.req.valid('json').answer), 200))
  app.openapi(routes.extensionRequest, async (c) => c.json(await requestExtension(c.get('ctx'), id(c), c.req.valid('json').reason), 200))
  app.openapi(routes.extend, async (c) => c.json(await extendDeal(c.get('ctx'), id(c), c.req.valid('json').days), 200))
  app.openapi(routes.partnerPipeline, async (c) =>
    c.json(await partnerPipeline(c.get('ctx'), c.req.valid('param').id, c.req.valid('query').year), 200),
  )
  app.openapi(routes.accounts, async (c) => c.json({ items: await listAccounts(c.get('ctx')) }, 200))
  app.openapi(routes.putAccount, async (c) => {
    const { account, created } = await putAccount(c.get('ctx'), c.req.valid('json'))
    return created ? c.json(account, 201) : c.json(account, 200)
  })
  app.openapi(routes.deleteAccount, async (c) => {
    await deleteAccount(c.get('ctx'), c.req.valid('param').id)
    return c.body(null, 204)
  })
}
