import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../core/errors.ts'
import { conflictErrors, errors, json, jsonBody, security, type Api } from '../../server/api.ts'
import { EvidenceDecisionInput, EvidenceInput, EvidenceSchema, EvidenceUpload } from './evidence.contract.ts'
import { decideEvidence, downloadEvidence, listEvidence, uploadEvidence } from './evidence.service.ts'
import {
  PartnerId,
  ProviderInput,
  ProviderSchema,
  RequirementsInput,
  RequirementsSchema,
  SubscriptionInput,
  SubscriptionSchema,
} from './safety.contract.ts'
import { getRequirements, getSubscription, listProviders, putProvider, putRequirements, setSubscription } from './subscription.service.ts'

const tags = ['Safety']
const EvidenceId = z.object({
  evidenceId: z
    .string()
    .uuid()
    .openapi({ param: { name: 'evidenceId', in: 'path' } }),
})
const fileErrors = {
  413: { description: 'The file is over the size limit', content: { 'application/problem+json': { schema: z.any() } } },
  415: { description: 'Not a PDF or image', content: { 'application/problem+json': { schema: z.any() } } },
}

const routes = {
  subscription: createRoute({
    method: 'get',
    path: '/api/partners/{id}/safety/subscription',
    tags,
    security,
    summary: "The partner's third-party compliance subscription (null when none is recorded)",
    request: { params: PartnerId },
    responses: { 200: json(SubscriptionSchema.nullable(), 'The subscription'), ...errors },
  }),
  setSubscription: createRoute({
    method: 'put',
    path: '/api/partners/{id}/safety/subscription',
    tags,
    security,
    summary: 'Enter the subscription by hand: provider, account id, status, grade or score, date of the provider update (safety users)',
    request: { params: PartnerId, body: jsonBody(SubscriptionInput) },
    responses: { 200: json(SubscriptionSchema, 'The subscription'), ...errors },
  }),
  providers: createRoute({
    method: 'get',
    path: '/api/safety/providers',
    tags,
    security,
    summary: 'Third-party compliance providers and how each grades',
    responses: { 200: json(z.object({ items: z.array(ProviderSchema) }), 'Providers'), ...errors },
  }),
  putProvider: createRoute({
    method: 'put',
    path: '/api/safety/providers',
    tags,
    security,
    summary: 'Add or change a provider: letter grades with a passing grade, or a percentage with a pass mark (safety users)',
    request: { body: jsonBody(ProviderInput) },
    responses: { 200: json(ProviderSchema, 'The provider'), ...errors },
  }),
  requirements: createRoute({
    method: 'get',
    path: '/api/safety/requirements',
    tags,
    security,
    summary: 'Minimum requirements of high-risk partners: insurance types and limits, statistics thresholds, provider update age',
    responses: { 200: json(RequirementsSchema, 'The requirements'), ...errors },
  }),
  putRequirements: createRoute({
    method: 'put',
    path: '/api/safety/requirements',
    tags,
    security,
    summary: 'Change the minimum requirements (safety users); every partner is re-assessed in the same transaction',
    request: { body: jsonBody(RequirementsInput) },
    responses: { 200: json(RequirementsSchema, 'The requirements'), ...errors },
  }),
  evidence: createRoute({
    method: 'get',
    path: '/api/partners/{id}/safety/evidence',
    tags,
    security,
    summary: "The partner's evidence, newest first, with its status and whether it has expired (computed from today)",
    request: { params: PartnerId },
    responses: { 200: json(z.object({ items: z.array(EvidenceSchema) }), 'Evidence'), ...errors },
  }),
  upload: createRoute({
    method: 'post',
    path: '/api/partners/{id}/safety/evidence',
    tags,
    security,
    summary: 'Upload evidence (multipart: "file", a PDF or image judged by its bytes; "details", SafetyEvidenceInput as JSON)',
    request: { params: PartnerId, body: { required: true, content: { 'multipart/form-data': { schema: EvidenceUpload } } } },
    responses: { 201: json(EvidenceSchema, 'Submitted for review'), ...errors, ...fileErrors },
  }),
  decide: createRoute({
    method: 'post',
    path: '/api/safety/evidence/{evidenceId}/decide',
    tags,
    security,
    summary: 'Accept submitted evidence, or reject it with a reason (safety users)',
    request: { params: EvidenceId, body: jsonBody(EvidenceDecisionInput) },
    responses: { 200: json(EvidenceSchema, 'Decided'), ...errors, ...conflictErrors },
  }),
  download: createRoute({
    method: 'get',
    path: '/api/safety/evidence/{evidenceId}/document',
    tags,
    security,
    summary: "Download the evidence's document",
    request: { params: EvidenceId },
    responses: {
      200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
      ...errors,
    },
  }),
}

function parseDetails(raw: string) {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path: 'details', message: 'Not JSON' }] })
  }
  const parsed = EvidenceInput.safeParse(value)
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', 'Validation failed', {
      errors: parsed.error.issues.map((i) => ({ path: ['details', ...i.path].join('.'), message: i.message })),
    })
  return parsed.data
}

const disposition = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`

export function evidenceRoutes(app: Api) {
  app.openapi(routes.subscription, async (c) => c.json(await getSubscription(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.setSubscription, async (c) =>
    c.json(await setSubscription(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(routes.providers, async (c) => c.json({ items: await listProviders(c.get('ctx')) }, 200))
  app.openapi(routes.putProvider, async (c) => c.json(await putProvider(c.get('ctx'), c.req.valid('json')), 200))
  app.openapi(routes.requirements, async (c) => c.json(await getRequirements(c.get('ctx')), 200))
  app.openapi(routes.putRequirements, async (c) => c.json(await putRequirements(c.get('ctx'), c.req.valid('json')), 200))
  app.openapi(routes.evidence, async (c) => c.json({ items: await listEvidence(c.get('ctx'), c.req.valid('param').id) }, 200))
  app.openapi(routes.upload, async (c) => {
    const { file, details } = c.req.valid('form')
    const input = parseDetails(details)
    const evidence = await uploadEvidence(c.get('ctx'), c.req.valid('param').id, input, {
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })
    return c.json(evidence, 201)
  })
  app.openapi(routes.decide, async (c) =>
    c.json(await decideEvidence(c.get('ctx'), c.req.valid('param').evidenceId, c.req.valid('json')), 200),
  )
  app.openapi(routes.download, async (c) => {
    const { evidence, bytes } = await downloadEvidence(c.get('ctx'), c.req.valid('param').evidenceId)
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': evidence.contentType,
      'Content-Disposition': disposition(evidence.filename),
      'X-Content-Type-Options': 'nosniff',
    })
  })
}
