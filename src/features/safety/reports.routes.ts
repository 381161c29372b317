import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../core/errors.ts'
import { sheetOf } from '../../core/sheets.ts'
import { errors, json, security, sheetDownload, sheetFile, SheetFormatQuery, type Api } from '../../server/api.ts'
import { DashboardSchema, ExpiringSchema, exportDashboard, getDashboard, listExpiring } from './dashboard.service.ts'
import { getImportMapping, ImportMapping, importSubscriptions } from './import.service.ts'

const tags = ['Safety']
const ImportUpload = z
  .object({
    file: z.custom<File>((v) => v instanceof File, 'Attach a .csv or .xlsx file').openapi({ type: 'string', format: 'binary' }),
    provider: z.string().optional().openapi({ description: 'Provider key (default: the default provider)' }),
    mapping: z.string().optional().openapi({ description: 'SafetyImportMapping as JSON; remembered for the provider' }),
    goodRowsOnly: z.enum(['true', 'false']).optional().openapi({ description: 'Import the good rows of a file with bad ones' }),
  })
  .openapi('SafetyImportUpload')
const RowError = z.object({ row: z.number().int(), path: z.string(), message: z.string() })
const ImportResultSchema = z
  .object({ imported: z.number().int(), unchanged: z.number().int(), skipped: z.number().int(), errors: z.array(RowError) })
  .openapi('SafetyImportResult')

const routes = {
  import: createRoute({
    method: 'post',
    path: '/api/safety/import',
    tags,
    security,
    summary:
      "Import the provider's export (CSV/XLSX): rows matched by account id, then domain, then name; a file with bad rows imports nothing unless goodRowsOnly",
    request: { body: { required: true, content: { 'multipart/form-data': { schema: ImportUpload } } } },
    responses: {
      200: json(ImportResultSchema, 'Imported'),
      ...errors,
      422: { description: 'Bad rows, each with its row number and reason; nothing imported' },
    },
  }),
  mapping: createRoute({
    method: 'get',
    path: '/api/safety/import/mapping',
    tags,
    security,
    summary: "The column mapping the next import of a provider's export uses: the one remembered from the last import, else the default",
    request: {
      query: z.object({ provider: z.string().max(40).optional().openapi({ description: 'Provider key (default: the default provider)' }) }),
    },
    responses: {
      200: json(
        z.object({ provider: z.string(), mapping: ImportMapping, remembered: z.boolean() }).openapi('SafetyImportMappingState'),
        'The mapping',
      ),
      ...errors,
    },
  }),
  dashboard: createRoute({
    method: 'get',
    path: '/api/safety/dashboard',
    tags,
    security,
    summary: 'Compliance dashboard: high-risk partners by status, open gaps by kind and age, expiries in the next 90 days',
    responses: { 200: json(DashboardSchema, 'The dashboard'), ...errors },
  }),
  export: createRoute({
    method: 'get',
    path: '/api/safety/dashboard/export',
    tags,
    security,
    summary: "The dashboard's high-risk partners as CSV or XLSX",
    request: { query: SheetFormatQuery },
    responses: { 200: sheetFile, ...errors },
  }),
  expiring: createRoute({
    method: 'get',
    path: '/api/safety/expiring',
    tags,
    security,
    summary: 'Accepted evidence expiring within N days, soonest first',
    request: { query: z.object({ days: z.coerce.number().int().min(1).max(3650).default(90) }) },
    responses: { 200: json(z.object({ items: z.array(ExpiringSchema) }), 'Expiring evidence'), ...errors },
  }),
}

function parseMapping(raw: string | undefined) {
  if (raw === undefined || raw === '') return undefined
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path: 'mapping', message: 'Not JSON' }] })
  }
  const parsed = ImportMapping.safeParse(value)
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', 'Validation failed', {
      errors: [{ path: 'mapping', message: 'Map field names to column headers' }],
    })
  return parsed.data
}

export function reportsRoutes(app: Api) {
  app.openapi(routes.import, async (c) => {
    const form = c.req.valid('form')
    const result = await importSubscriptions(c.get('ctx'), await sheetOf(form.file), {
      providerKey: form.provider,
      mapping: parseMapping(form.mapping),
      goodRowsOnly: form.goodRowsOnly === 'true',
    })
    return c.json(result, 200)
  })
  app.openapi(routes.mapping, async (c) => c.json(await getImportMapping(c.get('ctx'), c.req.valid('query').provider), 200))
  app.openapi(routes.dashboard, async (c) => c.json(await getDashboard(c.get('ctx')), 200))
  app.openapi(routes.export, async (c) => {
    const { format } = c.req.valid('query')
    return sheetDownload(await exportDashboard(c.get('ctx'), format), 'safety-compliance', format)
  })
  app.openapi(routes.expiring, async (c) => c.json({ items: await listExpiring(c.get('ctx'), c.req.valid('query').days) }, 200))
}
