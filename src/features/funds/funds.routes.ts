import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../core/errors.ts'
import { conflictErrors, errors, json, jsonBody, security, sheetDownload, sheetFile, uploadBody, type Api } from '../../server/api.ts'
import {
  AllocationInput,
  AllocationQuery,
  AllocationSchema,
  ClaimDetails,
  ClaimId,
  ClaimUpload,
  ConversionSchema,
  ConvertQuery,
  FileId,
  FxQuery,
  FxRateInput,
  FxRateSchema,
  LedgerExportQuery,
  LedgerQuery,
  LedgerTransactionSchema,
  LimitInput,
  LimitSchema,
  NoteInput,
  PartnerFundsSchema,
  PartnerId,
  PaymentInput,
  ProofUpload,
  ReasonInput,
  RequestId,
  RequestInput,
  RequestQuery,
  RequestSchema,
  TransactionId,
} from './funds.contract.ts'
import { convert, importRates, listRates, setRate } from './fx.service.ts'
import { exportLedger, listLedger } from './ledger.service.ts'
import {
  addProof,
  approveRequest,
  createClaim,
  createRequest,
  decideClaim,
  downloadProof,
  getRequest,
  listAllocations,
  listLimits,
  listRequests,
  partnerFunds,
  rejectRequest,
  reverseTransaction,
  setAllocation,
  setLimit,
} from './mdf.service.ts'

const tags = ['Funds']
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: z.any() } } })
const fileErrors = { 413: problem('The file is over the size limit'), 415: problem('Not a PDF or image') }
const fxErrors = { 422: problem('An exchange rate is missing: the error names the currency and the date') }
const importErrors = { 422: problem('Bad rows: each named by row and column; nothing was imported') }
const conflict = { 409: conflictErrors[409] }

const routes = {
  partnerFunds: createRoute({
    method: 'get',
    path: '/api/partners/{id}/funds',
    tags,
    security,
    summary:
      "The partner's fund balances by fund and program year (allocated, available, committed, payable, paid, expired), each a Money summed from the ledger",
    request: { params: PartnerId },
    responses: { 200: json(PartnerFundsSchema, 'Balances'), ...errors },
  }),
  allocations: createRoute({
    method: 'get',
    path: '/api/funds/allocations',
    tags,
    security,
    summary: 'MDF allocations (a partner sees its own)',
    request: { query: AllocationQuery },
    responses: { 200: json(z.object({ items: z.array(AllocationSchema) }), 'Allocations'), ...errors },
  }),
  setAllocation: createRoute({
    method: 'put',
    path: '/api/funds/allocations',
    tags,
    security,
    summary:
      "Set a partner's MDF allocation for a program year (the tier's default when no amount is given); the change is a ledger transaction",
    request: { body: jsonBody(AllocationInput) },
    responses: { 200: json(AllocationSchema, 'The allocation'), ...errors, ...conflict },
  }),
  limits: createRoute({
    method: 'get',
    path: '/api/funds/approval-limits',
    tags,
    security,
    summary: 'Approval limits per user or role (staff managing funds)',
    responses: { 200: json(z.object({ items: z.array(LimitSchema) }), 'Limits'), ...errors },
  }),
  setLimit: createRoute({
    method: 'put',
    path: '/api/funds/approval-limits',
    tags,
    security,
    summary: 'Set the approval limit of a Marketing or Partner Incentives user, or of the role, in a currency',
    request: { body: jsonBody(LimitInput) },
    responses: { 200: json(LimitSchema, 'The limit'), ...errors },
  }),
  requests: createRoute({
    method: 'get',
    path: '/api/funds/requests',
    tags,
    security,
    summary: 'MDF requests with their claims and the date of each step, newest first; queue=true keeps those waiting for a decision',
    request: { query: RequestQuery },
    responses: { 200: json(z.object({ items: z.array(RequestSchema) }), 'Requests'), ...errors },
  }),
  createRequest: createRoute({
    method: 'post',
    path: '/api/funds/requests',
    tags,
    security,
    summary: 'Ask for MDF pre-approval of an activity (type, plan, dates, amount, expected outcomes)',
    request: { body: jsonBody(RequestInput) },
    responses: { 201: json(RequestSchema, 'Submitted'), ...errors },
  }),
  request: createRoute({
    method: 'get',
    path: '/api/funds/requests/{requestId}',
    tags,
    security,
    summary: 'One MDF request with its claims',
    request: { params: RequestId },
    responses: { 200: json(RequestSchema, 'The request'), ...errors },
  }),
  approve: createRoute({
    method: 'post',
    path: '/api/funds/requests/{requestId}/approve',
    tags,
    security,
    summary: "Approve a request within your limit (above it, a second approver commits it); never beyond the partner's available balance",
    request: { params: RequestId },
    responses: { 200: json(RequestSchema, 'Approved or awaiting a second approver'), ...errors, ...conflict },
  }),
  reject: createRoute({
    method: 'post',
    path: '/api/funds/requests/{requestId}/reject',
    tags,
    security,
    summary: 'Reject a request with a reason',
    request: { params: RequestId, body: jsonBody(ReasonInput) },
    responses: { 200: json(RequestSchema, 'Rejected'), ...errors, ...conflict },
  }),
  createClaim: createRoute({
    method: 'post',
    path: '/api/funds/requests/{requestId}/claims',
    tags,
    security,
    summary:
      'Claim against an approved request within its claim window (multipart: "file", proof judged by its bytes; "details", MdfClaimDetails as JSON)',
    request: { params: RequestId, body: { required: true, content: { 'multipart/form-data': { schema: ClaimUpload } } } },
    responses: { 201: json(RequestSchema, 'The request with the new claim'), ...errors, ...conflict, ...fileErrors },
  }),
  addProof: createRoute({
    method: 'post',
    path: '/api/funds/claims/{claimId}/files',
    tags,
    security,
    summary: 'Add proof of performance to a claim (multipart "file"); a claim waiting for more proof goes back for review',
    request: { params: ClaimId, body: { required: true, content: { 'multipart/form-data': { schema: ProofUpload } } } },
    responses: { 201: json(RequestSchema, 'The request'), ...errors, ...conflict, ...fileErrors },
  }),
  proof: createRoute({
    method: 'get',
    path: '/api/funds/claims/{claimId}/files/{fileId}',
    tags,
    security,
    summary: 'Download a proof of performance',
    request: { params: FileId },
    responses: {
      200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
      ...errors,
    },
  }),
  approveClaim: createRoute({
    method: 'post',
    path: '/api/funds/claims/{claimId}/approve',
    tags,
    security,
    summary: 'Approve a claim: the committed amount becomes payable',
    request: { params: ClaimId },
    responses: { 200: json(RequestSchema, 'The request'), ...errors, ...conflict },
  }),
  rejectClaim: createRoute({
    method: 'post',
    path: '/api/funds/claims/{claimId}/reject',
    tags,
    security,
    summary: 'Reject a claim with a reason',
    request: { params: ClaimId, body: jsonBody(ReasonInput) },
    responses: { 200: json(RequestSchema, 'The request'), ...errors, ...conflict },
  }),
  moreProof: createRoute({
    method: 'post',
    path: '/api/funds/claims/{claimId}/request-proof',
    tags,
    security,
    summary: 'Ask the partner for more proof, saying what is missing',
    request: { params: ClaimId, body: jsonBody(NoteInput) },
    responses: { 200: json(RequestSchema, 'The request'), ...errors, ...conflict },
  }),
  pay: createRoute({
    method: 'post',
    path: '/api/funds/claims/{claimId}/pay',
    tags,
    security,
    summary: 'Record the payment of an approved claim with its reference',
    request: { params: ClaimId, body: jsonBody(PaymentInput) },
    responses: { 200: json(RequestSchema, 'The request'), ...errors, ...conflict },
  }),
  ledger: createRoute({
    method: 'get',
    path: '/api/funds/ledger',
    tags,
    security,
    summary: 'Ledger transactions with their entries, newest first (a partner sees its own)',
    request: { query: LedgerQuery },
    responses: { 200: json(z.object({ items: z.array(LedgerTransactionSchema) }), 'Transactions'), ...errors },
  }),
  ledgerExport: createRoute({
    method: 'get',
    path: '/api/funds/ledger/export',
    tags,
    security,
    summary: 'The ledger as CSV or XLSX, one row per entry',
    request: { query: LedgerExportQuery },
    responses: { 200: sheetFile, ...errors },
  }),
  reverse: createRoute({
    method: 'post',
    path: '/api/funds/ledger/{transactionId}/reverse',
    tags,
    security,
    summary: 'Reverse an allocation or adjustment with a reason (a new transaction negating it)',
    request: { params: TransactionId, body: jsonBody(ReasonInput) },
    responses: { 200: json(z.object({ id: z.string().uuid() }), 'The reversal'), ...errors, ...conflict },
  }),
  rates: createRoute({
    method: 'get',
    path: '/api/funds/fx-rates',
    tags,
    security,
    summary: 'Exchange rates on file (units of a currency per one euro on a day), newest first',
    request: { query: FxQuery },
    responses: { 200: json(z.object({ items: z.array(FxRateSchema) }), 'Rates'), ...errors },
  }),
  setRate: createRoute({
    method: 'put',
    path: '/api/funds/fx-rates',
    tags,
    security,
    summary: 'Enter one exchange rate by hand',
    request: { body: jsonBody(FxRateInput) },
    responses: { 200: json(FxRateSchema, 'The rate'), ...errors },
  }),
  importRates: createRoute({
    method: 'post',
    path: '/api/funds/fx-rates/import',
    tags,
    security,
    summary:
      'Import an ECB-style reference-rate CSV (multipart "file": Date, then one column per currency, per one euro); all rows or none',
    request: { body: uploadBody },
    responses: {
      200: json(z.object({ rates: z.number().int(), changed: z.number().int(), days: z.number().int() }), 'Imported'),
      ...errors,
      ...importErrors,
    },
  }),
  convert: createRoute({
    method: 'get',
    path: '/api/funds/fx-rates/convert',
    tags,
    security,
    summary: 'Convert an amount to USD at the rates of a day, naming the rates used',
    request: { query: ConvertQuery },
    responses: { 200: json(ConversionSchema, 'The conversion'), ...errors, ...fxErrors },
  }),
}

function parseJsonField<T extends z.ZodType>(schema: T, raw: string, field: string): z.output<T> {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path: field, message: 'Not JSON' }] })
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', 'Validation failed', {
      errors: parsed.error.issues.map((i) => ({ path: [field, ...i.path].join('.'), message: i.message })),
    })
  return parsed.data
}

const disposition = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`
const fileOf = async (file: File) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })

export function fundsRoutes(app: Api) {
  app.openapi(routes.partnerFunds, async (c) => c.json(await partnerFunds(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.allocations, async (c) => c.json({ items: await listAllocations(c.get('ctx'), c.req.valid('query')) }, 200))
  app.openapi(routes.setAllocation, async (c) => c.json(await setAllocation(c.get('ctx'), c.req.valid('json')), 200))
  app.openapi(routes.limits, async (c) => c.json({ items: await listLimits(c.get('ctx')) }, 200))
  app.openapi(routes.setLimit, async (c) => c.json(await setLimit(c.get('ctx'), c.req.valid('json')), 200))
  app.openapi(routes.requests, async (c) => c.json({ items: await listRequests(c.get('ctx'), c.req.valid('query')) }, 200))
  app.openapi(routes.createRequest, async (c) => c.json(await createRequest(c.get('ctx'), c.req.valid('json')), 201))
  app.openapi(routes.request, async (c) => c.json(await getRequest(c.get('ctx'), c.req.valid('param').requestId), 200))
  app.openapi(routes.approve, async (c) => c.json(await approveRequest(c.get('ctx'), c.req.valid('param').requestId), 200))
  app.openapi(routes.reject, async (c) =>
    c.json(await rejectRequest(c.get('ctx'), c.req.valid('param').requestId, c.req.valid('json').reason), 200),
  )
  app.openapi(routes.createClaim, async (c) => {
    const { file, details } = c.req.valid('form')
    const input = parseJsonField(ClaimDetails, details, 'details')
    return c.json(await createClaim(c.get('ctx'), c.req.valid('param').requestId, input, await fileOf(file)), 201)
  })
  app.openapi(routes.addProof, async (c) =>
    c.json(await addProof(c.get('ctx'), c.req.valid('param').claimId, await fileOf(c.req.valid('form').file)), 201),
  )
  app.openapi(routes.proof, async (c) => {
    const p = c.req.valid('param')
    const f = await downloadProof(c.get('ctx'), p.claimId, p.fileId)
    return c.body(new Uint8Array(f.bytes), 200, {
      'Content-Type': f.contentType,
      'Content-Disposition': disposition(f.filename),
      'X-Content-Type-Options': 'nosniff',
    })
  })
  app.openapi(routes.approveClaim, async (c) =>
    c.json(await decideClaim(c.get('ctx'), c.req.valid('param').claimId, { action: 'approve' }), 200),
  )
  app.openapi(routes.rejectClaim, async (c) =>
    c.json(await decideClaim(c.get('ctx'), c.req.valid('param').claimId, { action: 'reject', reason: c.req.valid('json').reason }), 200),
  )
  app.openapi(routes.moreProof, async (c) =>
    c.json(await decideClaim(c.get('ctx'), c.req.valid('param').claimId, { action: 'more_proof', note: c.req.valid('json').note }), 200),
  )
  app.openapi(routes.pay, async (c) =>
    c.json(await decideClaim(c.get('ctx'), c.req.valid('param').claimId, { action: 'pay', reference: c.req.valid('json').reference }), 200),
  )
  app.openapi(routes.ledger, async (c) => c.json({ items: await listLedger(c.get('ctx'), c.req.valid('query')) }, 200))
  app.openapi(routes.ledgerExport, async (c) => {
    const { format, ...q } = c.req.valid('query')
    return sheetDownload(await exportLedger(c.get('ctx'), q, format), 'ledger', format) as never
  })
  app.openapi(routes.reverse, async (c) =>
    c.json(await reverseTransaction(c.get('ctx'), c.req.valid('param').transactionId, c.req.valid('json').reason), 200),
  )
  app.openapi(routes.rates, async (c) => c.json({ items: await listRates(c.get('ctx'), c.req.valid('query')) }, 200))
  app.openapi(routes.setRate, async (c) => c.json(await setRate(c.get('ctx'), c.req.valid('json')), 200))
  app.openapi(routes.importRates, async (c) => c.json(await importRates(c.get('ctx'), await c.req.valid('form').file.text()), 200))
  app.openapi(routes.convert, async (c) => c.json(await convert(c.get('ctx'), c.req.valid('query')), 200))
}
