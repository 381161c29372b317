import { createRoute, z } from '@hono/zod-openapi'
import { conflictErrors, errors, json, jsonBody, security, SheetFormatQuery, sheetDownload, sheetFile, type Api } from '../../server/api.ts'
import { finishReview, getReview, listReviews, reevaluateReview, startReview } from './cycles.service.ts'
import { acceptRecommendations, approve, decide } from './decisions.service.ts'
import { exportRecommendations, getRecommendation, listRecommendations, tierHistory } from './recommendations.service.ts'
import {
  AcceptInput,
  DecisionInput,
  DecisionSchema,
  RecommendationDetail,
  RecommendationQuery,
  RecommendationSchema,
  ReviewCycleSchema,
  StartReviewInput,
  StartReviewResult,
  TierChangeSchema,
} from './reviews.contract.ts'

const tags = ['Reviews']
const path = (name: string) =>
  z
    .string()
    .uuid()
    .openapi({ param: { name, in: 'path' } })
const Id = z.object({ id: path('id') })
const RecPath = Id.extend({ partnerId: path('partnerId') })
const DecisionPath = z.object({ decisionId: path('decisionId') })

const routes = {
  start: createRoute({
    method: 'post',
    path: '/api/reviews',
    tags,
    security,
    summary: 'Start a review cycle and evaluate every partner in scope (starting the open annual review of a year again re-evaluates it)',
    request: { body: jsonBody(StartReviewInput) },
    responses: {
      201: json(StartReviewResult, 'Started'),
      200: json(StartReviewResult, 'The open annual review, re-evaluated'),
      ...errors,
      ...conflictErrors,
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/api/reviews',
    tags,
    security,
    summary: 'Review cycles, newest first',
    responses: { 200: json(z.object({ items: z.array(ReviewCycleSchema) }).openapi('ReviewCycleList'), 'Review cycles'), ...errors },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/reviews/{id}',
    tags,
    security,
    summary: 'A review cycle with counts by movement and decisions by status',
    request: { params: Id },
    responses: { 200: json(ReviewCycleSchema, 'The review'), ...errors },
  }),
  evaluate: createRoute({
    method: 'post',
    path: '/api/reviews/{id}/evaluate',
    tags,
    security,
    summary: "Re-evaluate an open review from partners' current metrics and tiers (unchanged partners are not written)",
    request: { params: Id },
    responses: { 200: json(StartReviewResult, 'Re-evaluated'), ...errors, ...conflictErrors },
  }),
  recommendations: createRoute({
    method: 'get',
    path: '/api/reviews/{id}/recommendations',
    tags,
    security,
    summary: 'The review board: recommendations by legal name, filtered by movement, recommended tier or name; cursor paging',
    request: { params: Id, query: RecommendationQuery },
    responses: {
      200: json(
        z.object({ items: z.array(RecommendationSchema), nextCursor: z.string().nullable() }).openapi('RecommendationList'),
        'A page',
      ),
      ...errors,
    },
  }),
  export: createRoute({
    method: 'get',
    path: '/api/reviews/{id}/export',
    tags,
    security,
    summary: 'The review board as CSV or XLSX: every recommendation the filters select, with its figures, explanation and decision',
    request: { params: Id, query: RecommendationQuery.pick({ movement: true, tier: true, q: true }).extend(SheetFormatQuery.shape) },
    responses: { 200: sheetFile, ...errors },
  }),
  recommendation: createRoute({
    method: 'get',
    path: '/api/reviews/{id}/recommendations/{partnerId}',
    tags,
    security,
    summary: 'One recommendation with its evidence (the evaluation) and decision',
    request: { params: RecPath },
    responses: { 200: json(RecommendationDetail, 'The recommendation'), ...errors },
  }),
  accept: createRoute({
    method: 'post',
    path: '/api/reviews/{id}/recommendations/accept',
    tags,
    security,
    summary: 'Bulk-accept recommendations (named partners, or every partner of a movement) as decisions; decided partners are skipped',
    request: { params: Id, body: jsonBody(AcceptInput) },
    responses: {
      200: json(z.object({ accepted: z.number().int(), skipped: z.number().int() }).openapi('AcceptResult'), 'Accepted'),
      ...errors,
      ...conflictErrors,
    },
  }),
  decide: createRoute({
    method: 'post',
    path: '/api/reviews/{id}/decisions',
    tags,
    security,
    summary: "Decide a partner's tier (a justification is required when it differs from the recommendation); replaces a pending decision",
    request: { params: Id, body: jsonBody(DecisionInput) },
    responses: {
      201: json(DecisionSchema, 'Decided'),
      200: json(DecisionSchema, 'Pending decision replaced'),
      ...errors,
      ...conflictErrors,
    },
  }),
  approve: createRoute({
    method: 'post',
    path: '/api/reviews/decisions/{decisionId}/approve',
    tags,
    security,
    summary: 'Approve a decision as Sales or Alliances; with both approvals it takes effect on its effective date',
    request: { params: DecisionPath },
    responses: { 200: json(DecisionSchema, 'Approved'), ...errors, ...conflictErrors },
  }),
  finish: createRoute({
    method: 'post',
    path: '/api/reviews/{id}/finish',
    tags,
    security,
    summary: 'Finish a review: no more evaluations or decisions; an annual review locks its program year',
    request: { params: Id },
    responses: { 200: json(ReviewCycleSchema, 'Finished'), ...errors, ...conflictErrors },
  }),
  history: createRoute({
    method: 'get',
    path: '/api/partners/{id}/tier-history',
    tags,
    security,
    summary: "A partner's tier history, newest first (kept forever)",
    request: { params: Id },
    responses: { 200: json(z.object({ items: z.array(TierChangeSchema) }).openapi('TierHistory'), 'Tier changes'), ...errors },
  }),
}

export function reviewsRoutes(app: Api) {
  app.openapi(routes.start, async (c) => {
    const { created, ...run } = await startReview(c.get('ctx'), c.req.valid('json'))
    if (created) c.header('Location', `/api/reviews/${run.id}`)
    return created ? c.json(run, 201) : c.json(run, 200)
  })
  app.openapi(routes.list, async (c) => c.json({ items: await listReviews(c.get('ctx')) }, 200))
  app.openapi(routes.get, async (c) => c.json(await getReview(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.evaluate, async (c) => c.json(await reevaluateReview(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.recommendations, async (c) =>
    c.json(await listRecommendations(c.get('ctx'), c.req.valid('param').id, c.req.valid('query')), 200),
  )
  app.openapi(routes.export, async (c) => {
    const { format, ...q } = c.req.valid('query')
    const { name, file } = await exportRecommendations(c.get('ctx'), c.req.valid('param').id, q, format)
    return sheetDownload(file, name, format) as never
  })
  app.openapi(routes.recommendation, async (c) => {
    const { id, partnerId } = c.req.valid('param')
    return c.json(await getRecommendation(c.get('ctx'), id, partnerId), 200)
  })
  app.openapi(routes.accept, async (c) =>
    c.json(await acceptRecommendations(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(routes.decide, async (c) => {
    const { decision, created } = await decide(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'))
    return created ? c.json(decision, 201) : c.json(decision, 200)
  })
  app.openapi(routes.approve, async (c) => c.json(await approve(c.get('ctx'), c.req.valid('param').decisionId), 200))
  app.openapi(routes.finish, async (c) => c.json(await finishReview(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.history, async (c) => c.json({ items: await tierHistory(c.get('ctx'), c.req.valid('param').id) }, 200))
}
