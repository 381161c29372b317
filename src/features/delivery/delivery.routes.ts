import { createRoute, z, type RouteConfig } from '@hono/zod-openapi'
import { errors, ImportResult, json, jsonBody, Problem, security, type Api } from '../../server/api.ts'
import {
  AssignInput,
  CoupaStatusInput,
  GapSchema,
  GuidelinesSchema,
  IdParam,
  InvoiceCreate,
  InvoiceDecision,
  InvoiceListQuery,
  InvoiceSchema,
  PoCreate,
  PoListQuery,
  PoSchema,
  PoStatusInput,
  ProjectInput,
  ProjectSchema,
  ResourceInput,
  ResourceSchema,
  ScreeningInvite,
  ScreeningResponse,
  ScreeningResult,
  ScreeningSchema,
  SkillSchema,
  SowContent,
  SowCreate,
  SowDiffSchema,
  SowReview,
  SowSchema,
  WorkBody,
  WorkSchema,
} from './delivery.contract.ts'
import {
  decideInvoice,
  exportInvoiceCxml,
  getInvoice,
  importCoupaStatuses,
  invoiceCxml,
  listInvoices,
  setCoupaStatus,
  submitInvoice,
} from './invoices.service.ts'
import { getPo, issuePo, listPos, listWork, recordWork, setPoStatus } from './pos.service.ts'
import { assignResource, createProject, getProject, listProjects } from './projects.service.ts'
import {
  createResource,
  getResource,
  inviteScreening,
  listResources,
  listScreenings,
  listSkills,
  recordScreening,
  rescheduleScreening,
  respondScreening,
  updateResource,
} from './resources.service.ts'
import { checkSow, createSow, diffSow, getGuidelines, getSow, listSows, reviewSow, submitSow, updateSowDraft } from './sows.service.ts'

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } })
/** Refusals name their rule in `code` (409); 422 for input that cannot be taken as it is. */
const refused = { 409: problem('Refused by a rule: `code` names it (e.g. RESOURCE_NOT_SCREENED, PO_BALANCE_EXCEEDED)') }
const unprocessable = { 422: problem('The SOW does not meet the guidelines (SOW_GUIDELINE_GAPS): errors[] lists every gap in words') }
const r = <M extends 'get' | 'post' | 'put', P extends string, Req extends RouteConfig['request'], Res extends RouteConfig['responses']>(
  method: M,
  path: P,
  tag: string,
  summary: string,
  request: Req,
  responses: Res,
) => createRoute({ method, path, tags: [tag], security, summary, request, responses: { ...responses, ...errors } })

const PartnerFilter = z.object({ partnerId: z.string().uuid().optional() })
const ScreeningQuery = z.object({
  from: z.string().datetime({ offset: true }).optional(),
  due: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Only screenings still to hold (invited, accepted, another slot asked)' }),
})
const SowQuery = z.object({
  projectId: z.string().uuid().optional(),
  status: z.enum(['draft', 'submitted', 'returned', 'accepted']).optional(),
})
const DiffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) })
const ImportForm = z
  .object({ file: z.custom<File>((v) => v instanceof File, 'Attach a .csv file').openapi({ type: 'string', format: 'binary' }) })
  .openapi('CoupaStatusUpload')
const CxmlExport = z.object({ payloadId: z.string(), sha256: z.string(), document: z.string() }).openapi('CxmlExport')

const R = 'Delivery: resources'
const P = 'Delivery: projects'
const S = 'Delivery: SOWs and quotes'
const O = 'Delivery: purchase orders'
const I = 'Delivery: invoices'

const routes = {
  skills: r(
    'get',
    '/api/resources/skills',
    R,
    'The skills list (data) resources choose from',
    {},
    { 200: json(z.array(SkillSchema), 'Skills') },
  ),
  screenings: r(
    'get',
    '/api/resources/screenings',
    R,
    "The screening calendar: an assessor's own screenings, a partner's own company's, partner operations all",
    { query: ScreeningQuery },
    { 200: json(z.array(ScreeningSchema), 'Screenings by start') },
  ),
  listResources: r(
    'get',
    '/api/resources',
    R,
    "Resources: a partner's own company's; assessors those waiting for a screening and those they screen; partner operations all",
    { query: PartnerFilter },
    { 200: json(z.array(ResourceSchema), 'Resources') },
  ),
  createResource: r(
    'post',
    '/api/resources',
    R,
    "Add a resource (partner admins: their own company's)",
    { body: jsonBody(ResourceInput) },
    { 201: json(ResourceSchema, 'The resource'), ...refused },
  ),
  getResource: r(
    'get',
    '/api/resources/{id}',
    R,
    'One resource with its screenings and whether it may be assigned',
    { params: IdParam },
    {
      200: json(ResourceSchema, 'The resource'),
    },
  ),
  updateResource: r(
    'put',
    '/api/resources/{id}',
    R,
    'Change a resource',
    { params: IdParam, body: jsonBody(ResourceInput) },
    {
      200: json(ResourceSchema, 'The resource'),
    },
  ),
  invite: r(
    'post',
    '/api/resources/{id}/screenings',
    R,
    'Invite the resource to a technical screening by video meeting (Solutions assessors); an iCalendar invitation is emailed',
    { params: IdParam, body: jsonBody(ScreeningInvite) },
    { 201: json(ScreeningSchema, 'The screening'), ...refused },
  ),
  reschedule: r(
    'put',
    '/api/resources/screenings/{id}',
    R,
    'Move a screening to another slot (its assessor); a new invitation is emailed',
    { params: IdParam, body: jsonBody(ScreeningInvite) },
    { 200: json(ScreeningSchema, 'The screening'), ...refused },
  ),
  respond: r(
    'post',
    '/api/resources/screenings/{id}/response',
    R,
    "The partner admin accepts the slot or asks for another one, for its company's resource",
    { params: IdParam, body: jsonBody(ScreeningResponse) },
    { 200: json(ScreeningSchema, 'The screening'), ...refused },
  ),
  record: r(
    'post',
    '/api/resources/screenings/{id}/result',
    R,
    'Record attendance and the result: passed or failed with a score per skill and notes, or a no-show (its assessor)',
    { params: IdParam, body: jsonBody(ScreeningResult) },
    { 200: json(ScreeningSchema, 'The screening'), ...refused },
  ),
  listProjects: r(
    'get',
    '/api/projects',
    P,
    "Projects: a partner's own company's, staff all",
    { query: PartnerFilter },
    {
      200: json(z.array(ProjectSchema), 'Projects'),
    },
  ),
  createProject: r(
    'post',
    '/api/projects',
    P,
    'Open a project for a client, by one service partner (partner operations)',
    { body: jsonBody(ProjectInput) },
    {
      201: json(ProjectSchema, 'The project'),
    },
  ),
  getProject: r(
    'get',
    '/api/projects/{id}',
    P,
    'One project with its assigned resources',
    { params: IdParam },
    { 200: json(ProjectSchema, 'The project') },
  ),
  assign: r(
    'post',
    '/api/projects/{id}/assignments',
    P,
    'Assign a resource: only with a valid screening pass (RESOURCE_NOT_SCREENED) and while the partner is cleared by the safety gate (SAFETY_BLOCKED)',
    { params: IdParam, body: jsonBody(AssignInput) },
    { 200: json(ProjectSchema, 'The project'), ...refused },
  ),
  listWork: r(
    'get',
    '/api/projects/{id}/work',
    P,
    'Work entries of a project',
    { params: IdParam },
    { 200: json(z.array(WorkSchema), 'Work entries') },
  ),
  recordWork: r(
    'post',
    '/api/projects/{id}/work',
    P,
    'Record time or a milestone against an open PO line of the project; none open: NO_OPEN_PO',
    { params: IdParam, body: jsonBody(WorkBody) },
    { 201: json(WorkSchema, 'The entry'), ...refused },
  ),
  guidelines: r(
    'get',
    '/api/sows/guidelines',
    S,
    'The SOW and quote guidelines (data)',
    {},
    { 200: json(GuidelinesSchema, 'The guidelines') },
  ),
  check: r(
    'post',
    '/api/sows/check',
    S,
    'The live check: every gap of a draft against the guidelines, in words (nothing is stored)',
    { body: jsonBody(SowContent) },
    { 200: json(z.object({ gaps: z.array(GapSchema) }), 'The gaps (none: ready to submit)') },
  ),
  listSows: r(
    'get',
    '/api/sows',
    S,
    "SOWs and quotes: a partner's own company's, staff all",
    { query: SowQuery },
    { 200: json(z.array(SowSchema), 'SOWs') },
  ),
  createSow: r(
    'post',
    '/api/sows',
    S,
    "Start a SOW or quote for one of the company's projects (a draft)",
    { body: jsonBody(SowCreate) },
    {
      201: json(SowSchema, 'The SOW'),
    },
  ),
  getSow: r(
    'get',
    '/api/sows/{id}',
    S,
    'One SOW with its gaps and every submitted version',
    { params: IdParam },
    { 200: json(SowSchema, 'The SOW') },
  ),
  updateSow: r(
    'put',
    '/api/sows/{id}',
    S,
    'Edit the draft (a draft or a returned SOW)',
    { params: IdParam, body: jsonBody(SowContent) },
    {
      200: json(SowSchema, 'The SOW'),
      ...refused,
    },
  ),
  submitSow: r(
    'post',
    '/api/sows/{id}/submit',
    S,
    'Submit the draft as a new version; refused with every gap while the guidelines are not met, or while a named resource is not screened',
    { params: IdParam },
    { 200: json(SowSchema, 'The SOW'), ...refused, ...unprocessable },
  ),
  reviewSow: r(
    'post',
    '/api/sows/{id}/review',
    S,
    'Accept the submitted version, or return it with comments (Solutions, partner operations)',
    { params: IdParam, body: jsonBody(SowReview) },
    { 200: json(SowSchema, 'The SOW'), ...refused },
  ),
  diffSow: r(
    'get',
    '/api/sows/{id}/diff',
    S,
    'What changed between two versions, field by field',
    { params: IdParam, query: DiffQuery },
    {
      200: json(SowDiffSchema, 'The changes'),
    },
  ),
  listPos: r(
    'get',
    '/api/purchase-orders',
    O,
    "Purchase orders with their balance: a partner's own company's, staff all",
    { query: PoListQuery },
    {
      200: json(z.array(PoSchema), 'Purchase orders'),
    },
  ),
  issuePo: r(
    'post',
    '/api/purchase-orders',
    O,
    'Issue a PO (partner operations): needs a valid signed flow-down for the client (FLOW_DOWN_REQUIRED), an accepted SOW (SOW_NOT_ACCEPTED) and safety clearance (SAFETY_BLOCKED)',
    { body: jsonBody(PoCreate) },
    { 201: json(PoSchema, 'The purchase order'), ...refused },
  ),
  getPo: r(
    'get',
    '/api/purchase-orders/{id}',
    O,
    'One PO: lines, and its balance (ordered, invoiced, approved, paid, remaining) derived',
    { params: IdParam },
    {
      200: json(PoSchema, 'The purchase order'),
    },
  ),
  poStatus: r(
    'post',
    '/api/purchase-orders/{id}/status',
    O,
    'Close or cancel an open PO',
    { params: IdParam, body: jsonBody(PoStatusInput) },
    {
      200: json(PoSchema, 'The purchase order'),
      ...refused,
    },
  ),
  listInvoices: r(
    'get',
    '/api/invoices',
    I,
    "Invoices: a partner's own company's, staff all",
    { query: InvoiceListQuery },
    {
      200: json(z.array(InvoiceSchema), 'Invoices'),
    },
  ),
  submitInvoice: r(
    'post',
    '/api/invoices',
    I,
    'Submit an invoice against PO lines: never past a line\u2019s remaining amount (PO_BALANCE_EXCEEDED), numbers unique per partner (DUPLICATE_INVOICE_NUMBER), in the PO\u2019s currency (CURRENCY_MISMATCH)',
    { body: jsonBody(InvoiceCreate) },
    { 201: json(InvoiceSchema, 'The invoice'), ...refused },
  ),
  coupaImport: r(
    'post',
    '/api/invoices/coupa-import',
    I,
    "Import the statuses from Coupa's CSV export (Invoice #, PO #, Status): all rows or none",
    { body: { required: true, content: { 'multipart/form-data': { schema: ImportForm } } } },
    { 200: json(ImportResult, 'Rows imported'), 422: problem('Rows that cannot be imported, each named') },
  ),
  getInvoice: r('get', '/api/invoices/{id}', I, 'One invoice', { params: IdParam }, { 200: json(InvoiceSchema, 'The invoice') }),
  decideInvoice: r(
    'post',
    '/api/invoices/{id}/decision',
    I,
    'Approve or dispute a submitted invoice (partner operations)',
    { params: IdParam, body: jsonBody(InvoiceDecision) },
    { 200: json(InvoiceSchema, 'The invoice'), ...refused },
  ),
  exportCxml: r(
    'post',
    '/api/invoices/{id}/cxml',
    I,
    'Export an approved invoice for Coupa: the cXML InvoiceDetailRequest is built, validated and kept with its SHA-256',
    { params: IdParam },
    { 201: json(CxmlExport, 'The exported document'), ...refused },
  ),
  getCxml: r(
    'get',
    '/api/invoices/{id}/cxml',
    I,
    'The latest exported cXML document of the invoice, as kept',
    { params: IdParam },
    {
      200: { description: 'The cXML document', content: { 'application/xml': { schema: z.string() } } },
    },
  ),
  coupaStatus: r(
    'post',
    '/api/invoices/{id}/coupa-status',
    I,
    'Enter the status Coupa returned (approved, disputed, paid) by hand',
    { params: IdParam, body: jsonBody(CoupaStatusInput) },
    { 200: json(InvoiceSchema, 'The invoice'), ...refused },
  ),
}

export function deliveryRoutes(app: Api) {
  app.openapi(routes.skills, async (c) => c.json(await listSkills(c.get('ctx')), 200))
  app.openapi(routes.screenings, async (c) => {
    const q = c.req.valid('query')
    return c.json(await listScreenings(c.get('ctx'), { from: q.from, due: q.due === 'true' }), 200)
  })
  app.openapi(routes.listResources, async (c) => c.json(await listResources(c.get('ctx'), c.req.valid('query')), 200))
  app.openapi(routes.createResource, async (c) => c.json(await createResource(c.get('ctx'), c.req.valid('json')), 201))
  app.openapi(routes.getResource, async (c) => c.json(await getResource(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.updateResource, async (c) =>
    c.json(await updateResource(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(routes.invite, async (c) => c.json(await inviteScreening(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201))
  app.openapi(routes.reschedule, async (c) =>
    c.json(await rescheduleScreening(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(routes.respond, async (c) => c.json(await respondScreening(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))
  app.openapi(routes.record, async (c) => c.json(await recordScreening(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))
  app.openapi(routes.listProjects, async (c) => c.json(await listProjects(c.get('ctx'), c.req.valid('query')), 200))
  app.openapi(routes.createProject, async (c) => c.json(await createProject(c.get('ctx'), c.req.valid('json')), 201))
  app.openapi(routes.getProject, async (c) => c.json(await getProject(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.assign, async (c) => c.json(await assignResource(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))
  app.openapi(routes.listWork, async (c) => c.json(await listWork(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.recordWork, async (c) =>
    c.json(await recordWork(c.get('ctx'), { ...c.req.valid('json'), projectId: c.req.valid('param').id }), 201),
  )
  app.openapi(routes.guidelines, async (c) => c.json(await getGuidelines(c.get('ctx')), 200))
  app.openapi(routes.check, async (c) => c.json({ gaps: await checkSow(c.get('ctx'), c.req.valid('json')) }, 200))
  app.openapi(routes.listSows, async (c) => c.json(await listSows(c.get('ctx'), c.req.valid('query')), 200))
  app.openapi(routes.createSow, async (c) => c.json(await createSow(c.get('ctx'), c.req.valid('json')), 201))
  app.openapi(routes.getSow, async (c) => c.json(await getSow(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.updateSow, async (c) => c.json(await updateSowDraft(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))
  app.openapi(routes.submitSow, async (c) => c.json(await submitSow(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.reviewSow, async (c) => c.json(await reviewSow(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))
  app.openapi(routes.diffSow, async (c) => {
    const q = c.req.valid('query')
    return c.json(await diffSow(c.get('ctx'), c.req.valid('param').id, q.from, q.to), 200)
  })
  app.openapi(routes.listPos, async (c) => c.json(await listPos(c.get('ctx'), c.req.valid('query')), 200))
  app.openapi(routes.issuePo, async (c) => c.json(await issuePo(c.get('ctx'), c.req.valid('json')), 201))
  app.openapi(routes.getPo, async (c) => c.json(await getPo(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.poStatus, async (c) =>
    c.json(await setPoStatus(c.get('ctx'), c.req.valid('param').id, c.req.valid('json').status), 200),
  )
  app.openapi(routes.listInvoices, async (c) => c.json(await listInvoices(c.get('ctx'), c.req.valid('query')), 200))
  app.openapi(routes.submitInvoice, async (c) => c.json(await submitInvoice(c.get('ctx'), c.req.valid('json')), 201))
  app.openapi(routes.coupaImport, async (c) => c.json(await importCoupaStatuses(c.get('ctx'), await c.req.valid('form').file.text()), 200))
  app.openapi(routes.getInvoice, async (c) => c.json(await getInvoice(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.decideInvoice, async (c) =>
    c.json(await decideInvoice(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(routes.exportCxml, async (c) => c.json(await exportInvoiceCxml(c.get('ctx'), c.req.valid('param').id), 201))
  app.openapi(routes.getCxml, async (c) => {
    const x = await invoiceCxml(c.get('ctx'), c.req.valid('param').id)
    return c.body(x.document, 200, { 'Content-Type': 'application/xml; charset=utf-8', 'X-Content-SHA256': x.sha256 })
  })
  app.openapi(routes.coupaStatus, async (c) =>
    c.json(await setCoupaStatus(c.get('ctx'), c.req.valid('param').id, c.req.valid('json').status), 200),
  )
}
