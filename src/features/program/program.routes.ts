import { createRoute, z } from '@hono/zod-openapi'
import { sheetOf } from '../../core/sheets.ts'
import { conflictErrors, errors, ImportResult, json, jsonBody, security, uploadBody, type Api } from '../../server/api.ts'
import { importMetrics, parseMetricsFile } from './metrics.io.ts'
import { EvaluationSchema } from './evaluation.contract.ts'
import { whatIf } from './evaluation.service.ts'
import { partnerProgramRoutes } from './partner-program.routes.ts'
import {
  BenefitPatchInput,
  BenefitSchema,
  CriterionKey,
  CriterionPatchInput,
  CriterionSchema,
  EvaluateInput,
  ProgramYearPatchInput,
  ProgramYearSchema,
  ProgramYearSummary,
} from './program.contract.ts'
import { copyYear, getYear, listYears, updateBenefit, updateCriterion, updateYear } from './program.service.ts'

const tags = ['Program']
const Year = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .openapi({ param: { name: 'year', in: 'path' } }),
})
const CriterionPath = Year.extend({ key: CriterionKey.openapi({ param: { name: 'key', in: 'path' } }) })
const BenefitPath = Year.extend({
  key: z
    .string()
    .max(100)
    .openapi({ param: { name: 'key', in: 'path' }, example: 'mdfTracking' }),
})

const routes = {
  years: createRoute({
    method: 'get',
    path: '/api/program/years',
    tags,
    security,
    summary: 'Program years',
    responses: { 200: json(z.object({ items: z.array(ProgramYearSummary) }).openapi('ProgramYearList'), 'Program years'), ...errors },
  }),
  year: createRoute({
    method: 'get',
    path: '/api/program/years/{year}',
    tags,
    security,
    summary: 'A program year: criteria, benefits matrix, rule settings',
    request: { params: Year },
    responses: { 200: json(ProgramYearSchema, 'The program year'), ...errors },
  }),
  updateYear: createRoute({
    method: 'patch',
    path: '/api/program/years/{year}',
    tags,
    security,
    summary: 'Change status (draft → active → locked) or holistic-rule settings (administrators)',
    request: { params: Year, body: jsonBody(ProgramYearPatchInput) },
    responses: { 200: json(ProgramYearSummary, 'Updated'), ...errors, ...conflictErrors },
  }),
  copy: createRoute({
    method: 'post',
    path: '/api/program/years/{year}/copy',
    tags,
    security,
    summary: 'Copy a year to the next, as a draft (administrators)',
    request: { params: Year },
    responses: { 201: json(ProgramYearSchema, 'The new draft year'), ...errors, ...conflictErrors },
  }),
  updateCriterion: createRoute({
    method: 'patch',
    path: '/api/program/years/{year}/criteria/{key}',
    tags,
    security,
    summary: "Edit a criterion's category, label or threshold table (all four tiers; administrators; not on locked years)",
    request: { params: CriterionPath, body: jsonBody(CriterionPatchInput) },
    responses: { 200: json(CriterionSchema, 'Updated'), ...errors, ...conflictErrors },
  }),
  updateBenefit: createRoute({
    method: 'patch',
    path: '/api/program/years/{year}/benefits/{key}',
    tags,
    security,
    summary: "Edit a benefit's label or level table (all four tiers; administrators; not on locked years)",
    request: { params: BenefitPath, body: jsonBody(BenefitPatchInput) },
    responses: { 200: json(BenefitSchema, 'Updated'), ...errors, ...conflictErrors },
  }),
  importMetrics: createRoute({
    method: 'post',
    path: '/api/program/metrics/import',
    tags,
    security,
    summary: 'Import quarterly metrics from a CSV or XLSX file (multipart field "file"): all rows or none',
    request: { body: uploadBody },
    responses: { 200: json(ImportResult, 'Imported'), ...errors, 415: errors[400], 422: errors[400] },
  }),
  evaluate: createRoute({
    method: 'post',
    path: '/api/program/evaluate',
    tags,
    security,
    summary: 'What-if: the tier, criteria and gaps for the figures given (holistic rule unless named)',
    request: { body: jsonBody(EvaluateInput) },
    responses: { 200: json(EvaluationSchema, 'The evaluation'), ...errors },
  }),
}

export function programRoutes(app: Api) {
  app.openapi(routes.years, async (c) => c.json({ items: await listYears(c.get('ctx')) }, 200))
  app.openapi(routes.year, async (c) => c.json(await getYear(c.get('ctx'), c.req.valid('param').year), 200))
  app.openapi(routes.updateYear, async (c) => c.json(await updateYear(c.get('ctx'), c.req.valid('param').year, c.req.valid('json')), 200))
  app.openapi(routes.copy, async (c) => {
    const year = await copyYear(c.get('ctx'), c.req.valid('param').year)
    c.header('Location', `/api/program/years/${year.year}`)
    return c.json(year, 201)
  })
  app.openapi(routes.updateBenefit, async (c) => {
    const { year, key } = c.req.valid('param')
    return c.json(await updateBenefit(c.get('ctx'), year, key, c.req.valid('json')), 200)
  })
  app.openapi(routes.updateCriterion, async (c) => {
    const { year, key } = c.req.valid('param')
    return c.json(await updateCriterion(c.get('ctx'), year, key, c.req.valid('json')), 200)
  })
  app.openapi(routes.importMetrics, async (c) => {
    const { data, format } = await sheetOf(c.req.valid('form').file)
    return c.json(await importMetrics(c.get('ctx'), await parseMetricsFile(data, format, c.get('ctx').config.imports)), 200)
  })
  app.openapi(routes.evaluate, async (c) => c.json(await whatIf(c.get('ctx'), c.req.valid('json')), 200))
  partnerProgramRoutes(app)
}
