import { createRoute } from '@hono/zod-openapi'
import { conflictErrors, errors, json, jsonBody, security, type Api } from '../../server/api.ts'
import {
  ClearanceOverrideInput,
  ClearanceOverrideSchema,
  ClearanceSchema,
  MatrixEntryInput,
  MatrixEntrySchema,
  MatrixRemoveInput,
  MatrixSchema,
  PartnerId,
  RiskOverrideInput,
  RiskSchema,
} from './safety.contract.ts'
import { getMatrix, removeMatrixEntry, setMatrixEntry } from './matrix.service.ts'
import {
  getClearanceOverride,
  getRisk,
  liftClearanceOverride,
  liftRiskOverride,
  safetyClearance,
  setClearanceOverride,
  setRiskOverride,
} from './safety.service.ts'
import { evidenceRoutes } from './evidence.routes.ts'
import { gapsRoutes } from './gaps.routes.ts'
import { reportsRoutes } from './reports.routes.ts'

const tags = ['Safety']
const noContent = { 204: { description: 'Done' } }

const routes = {
  matrix: createRoute({
    method: 'get',
    path: '/api/safety/matrix',
    tags,
    security,
    summary: 'The risk matrix: each service with its risk level and reason, and its version history',
    responses: { 200: json(MatrixSchema, 'The matrix'), ...errors },
  }),
  setEntry: createRoute({
    method: 'put',
    path: '/api/safety/matrix',
    tags,
    security,
    summary: "Set one service's risk level and reason (safety users); every partner's gaps follow in the same transaction",
    request: { body: jsonBody(MatrixEntryInput) },
    responses: { 200: json(MatrixEntrySchema, 'The entry'), ...errors },
  }),
  removeEntry: createRoute({
    method: 'post',
    path: '/api/safety/matrix/remove',
    tags,
    security,
    summary: 'Remove a service from the matrix (safety users)',
    request: { body: jsonBody(MatrixRemoveInput) },
    responses: { ...noContent, ...errors },
  }),
  risk: createRoute({
    method: 'get',
    path: '/api/partners/{id}/safety/risk',
    tags,
    security,
    summary: "A partner's risk level, derived from its services and the matrix, with any override",
    request: { params: PartnerId },
    responses: { 200: json(RiskSchema, 'The risk level'), ...errors },
  }),
  setRiskOverride: createRoute({
    method: 'put',
    path: '/api/partners/{id}/safety/risk-override',
    tags,
    security,
    summary: "Override a partner's risk level with a reason (safety users)",
    request: { params: PartnerId, body: jsonBody(RiskOverrideInput) },
    responses: { 200: json(RiskSchema, 'The risk level'), ...errors },
  }),
  liftRiskOverride: createRoute({
    method: 'delete',
    path: '/api/partners/{id}/safety/risk-override',
    tags,
    security,
    summary: "Lift the override: the risk level follows the partner's services again",
    request: { params: PartnerId },
    responses: { 200: json(RiskSchema, 'The risk level'), ...errors },
  }),
  clearance: createRoute({
    method: 'get',
    path: '/api/partners/{id}/safety/clearance',
    tags,
    security,
    summary: 'The safety gate: may the partner receive new purchase orders and resource assignments, and if not, why',
    request: { params: PartnerId },
    responses: { 200: json(ClearanceSchema, 'The answer'), ...errors },
  }),
  clearanceOverride: createRoute({
    method: 'get',
    path: '/api/partners/{id}/safety/clearance-override',
    tags,
    security,
    summary: "The partner's clearance override, if any",
    request: { params: PartnerId },
    responses: { 200: json(ClearanceOverrideSchema.nullable(), 'The override or null'), ...errors },
  }),
  setClearanceOverride: createRoute({
    method: 'put',
    path: '/api/partners/{id}/safety/clearance-override',
    tags,
    security,
    summary: 'Clear a high-risk partner for new work through an end date, with a reason (safety users)',
    request: { params: PartnerId, body: jsonBody(ClearanceOverrideInput) },
    responses: { 200: json(ClearanceOverrideSchema, 'The override'), ...errors, ...conflictErrors },
  }),
  liftClearanceOverride: createRoute({
    method: 'delete',
    path: '/api/partners/{id}/safety/clearance-override',
    tags,
    security,
    summary: 'Lift the clearance override before its end date',
    request: { params: PartnerId },
    responses: { ...noContent, ...errors },
  }),
}

export function safetyRoutes(app: Api) {
  evidenceRoutes(app)
  gapsRoutes(app)
  reportsRoutes(app)
  app.openapi(routes.matrix, async (c) => c.json(await getMatrix(c.get('ctx')), 200))
  app.openapi(routes.setEntry, async (c) => c.json(await setMatrixEntry(c.get('ctx'), c.req.valid('json')), 200))
  app.openapi(routes.removeEntry, async (c) => {
    await removeMatrixEntry(c.get('ctx'), c.req.valid('json'))
    return c.body(null, 204)
  })
  app.openapi(routes.risk, async (c) => c.json(await getRisk(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.setRiskOverride, async (c) =>
    c.json(await setRiskOverride(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(routes.liftRiskOverride, async (c) => c.json(await liftRiskOverride(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.clearance, async (c) => c.json(await safetyClearance(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.clearanceOverride, async (c) => c.json(await getClearanceOverride(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.setClearanceOverride, async (c) =>
    c.json(await setClearanceOverride(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(routes.liftClearanceOverride, async (c) => {
    await liftClearanceOverride(c.get('ctx'), c.req.valid('param').id)
    return c.body(null, 204)
  })
}
