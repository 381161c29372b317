import { createRoute, z } from '@hono/zod-openapi'
import { conflictErrors, errors, json, jsonBody, security, type Api } from '../../server/api.ts'
import { partnerBenefits } from './benefits.service.ts'
import { BenefitsSchema } from './benefits.contract.ts'
import { PartnerEvaluationSchema } from './evaluation.contract.ts'
import { partnerEvaluation } from './evaluation.service.ts'
import {
  EvaluationQuery,
  MetricsInput,
  PartnerId,
  QuarterMetricsSchema,
  QuarterPath,
  WaiverInput,
  WaiverQuery,
  WaiverSchema,
} from './metrics.contract.ts'
import { confirmMetrics, getMetrics, listMetrics, putMetrics } from './metrics.service.ts'
import { listWaivers, unwaive, waive } from './waivers.service.ts'

const tags = ['Program']
const RequiredYear = z.object({ year: z.coerce.number().int().min(2000).max(2100) })
const MetricsList = z.object({ items: z.array(QuarterMetricsSchema) }).openapi('QuarterMetricsList')

const routes = {
  evaluation: createRoute({
    method: 'get',
    path: '/api/partners/{id}/tier-evaluation',
    tags,
    security,
    summary: "A partner's tier evaluation from its metrics for a year (the year in force and the holistic rule unless named)",
    request: { params: PartnerId, query: EvaluationQuery },
    responses: { 200: json(PartnerEvaluationSchema, 'The evaluation'), ...errors },
  }),
  benefits: createRoute({
    method: 'get',
    path: '/api/partners/{id}/benefits',
    tags,
    security,
    summary: "A partner's entitlements from its current tier, each with its level and what it concretely means",
    request: { params: PartnerId },
    responses: { 200: json(BenefitsSchema, 'Entitlements'), ...errors },
  }),
  metrics: createRoute({
    method: 'get',
    path: '/api/partners/{id}/metrics',
    tags,
    security,
    summary: "A partner's quarterly metrics for a year",
    request: { params: PartnerId, query: RequiredYear },
    responses: { 200: json(MetricsList, 'Quarters'), ...errors },
  }),
  quarter: createRoute({
    method: 'get',
    path: '/api/partners/{id}/metrics/{year}/{quarter}',
    tags,
    security,
    summary: "One quarter's metrics",
    request: { params: QuarterPath },
    responses: { 200: json(QuarterMetricsSchema, 'The quarter'), ...errors },
  }),
  putQuarter: createRoute({
    method: 'put',
    path: '/api/partners/{id}/metrics/{year}/{quarter}',
    tags,
    security,
    summary: "Record a quarter's metrics: partners' own users submit, internal editors' entries are confirmed",
    request: { params: QuarterPath, body: jsonBody(MetricsInput) },
    responses: { 200: json(QuarterMetricsSchema, 'Recorded'), ...errors, ...conflictErrors },
  }),
  confirm: createRoute({
    method: 'post',
    path: '/api/partners/{id}/metrics/{year}/{quarter}/confirm',
    tags,
    security,
    summary: "Confirm a partner's submitted quarter (internal staff)",
    request: { params: QuarterPath },
    responses: { 200: json(QuarterMetricsSchema, 'Confirmed'), ...errors },
  }),
  waivers: createRoute({
    method: 'get',
    path: '/api/partners/{id}/waivers',
    tags,
    security,
    summary: "A partner's criterion waivers for a year",
    request: { params: PartnerId, query: RequiredYear },
    responses: { 200: json(z.object({ items: z.array(WaiverSchema) }).openapi('WaiverList'), 'Waivers'), ...errors },
  }),
  waive: createRoute({
    method: 'post',
    path: '/api/partners/{id}/waivers',
    tags,
    security,
    summary: 'Waive a criterion for a partner and year, with a reason (reviewers); it counts as met under the holistic rule',
    request: { params: PartnerId, body: jsonBody(WaiverInput) },
    responses: { 200: json(WaiverSchema, 'Reason replaced'), 201: json(WaiverSchema, 'Waived'), ...errors, ...conflictErrors },
  }),
  unwaive: createRoute({
    method: 'delete',
    path: '/api/partners/{id}/waivers',
    tags,
    security,
    summary: 'Withdraw a waiver (reviewers)',
    request: { params: PartnerId, query: WaiverQuery },
    responses: { 204: { description: 'Withdrawn' }, ...errors, ...conflictErrors },
  }),
}

export function partnerProgramRoutes(app: Api) {
  app.openapi(routes.evaluation, async (c) =>
    c.json(await partnerEvaluation(c.get('ctx'), c.req.valid('param').id, c.req.valid('query')), 200),
  )
  app.openapi(routes.benefits, async (c) => c.json(await partnerBenefits(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.metrics, async (c) =>
    c.json({ items: await listMetrics(c.get('ctx'), c.req.valid('param').id, c.req.valid('query').year) }, 200),
  )
  app.openapi(routes.quarter, async (c) => {
    const { id, year, quarter } = c.req.valid('param')
    return c.json(await getMetrics(c.get('ctx'), id, year, quarter), 200)
  })
  app.openapi(routes.putQuarter, async (c) => {
    const { id, year, quarter } = c.req.valid('param')
    return c.json(await putMetrics(c.get('ctx'), id, year, quarter, c.req.valid('json')), 200)
  })
  app.openapi(routes.confirm, async (c) => {
    const { id, year, quarter } = c.req.valid('param')
    return c.json(await confirmMetrics(c.get('ctx'), id, year, quarter), 200)
  })
  app.openapi(routes.waivers, async (c) =>
    c.json({ items: await listWaivers(c.get('ctx'), c.req.valid('param').id, c.req.valid('query').year) }, 200),
  )
  app.openapi(routes.waive, async (c) => {
    const { waiver, created } = await waive(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'))
    return created ? c.json(waiver, 201) : c.json(waiver, 200)
  })
  app.openapi(routes.unwaive, async (c) => {
    const { year, key } = c.req.valid('query')
    await unwaive(c.get('ctx'), c.req.valid('param').id, year, key)
    return c.body(null, 204)
  })
}
