import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { Ctx } from '../core/context.ts'
import { AppError, validationError } from '../core/errors.ts'
import { XLSX_TYPE, type SheetFormat } from '../core/sheets.ts'

export type AppEnv = { Variables: { ctx: Ctx; requestId: string; csrfToken: string | null } }
export type Api = OpenAPIHono<AppEnv>

/** A router whose validation failures become the one problem+json error shape. */
export function createApi(): Api {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error)
    },
  })
}

/**
 * Marks an answer that carries a secret shown once (an API token, a session): `Cache-Control: no-store`,
 * which also tells the Idempotency-Key layer never to keep it for a replay.
 */
export function secretAnswer(c: Context): void {
  c.header('Cache-Control', 'no-store')
}
export const isSecretAnswer = (res: Response): boolean => /\bno-store\b/i.test(res.headers.get('cache-control') ?? '')

// Optimistic concurrency for versioned records: GET answers the version as an ETag, a change may send it
// back in If-Match and is refused (412) when the record has moved on since.

/** The `If-Match` request header of a change to a versioned record. */
export const IfMatchHeader = z.object({ 'if-match': z.string().optional().openapi({ description: 'ETag of the version you read' }) })

/** Sets a record's version as the answer's ETag. */
export function versionTag(c: Context, version: number): void {
  c.header('ETag', `"${version}"`)
}

/** The version an `If-Match` header names, undefined without one; an ETag this API did not issue is refused (412). */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined
  const version = Number(ifMatch.replace(/^W\//, '').replace(/"/g, ''))
  if (!Number.isInteger(version)) throw new AppError('PRECONDITION_FAILED', 'If-Match must be an ETag this API issued')
  return version
}

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem')

const problemContent = { 'application/problem+json': { schema: Problem } }
const p = (description: string) => ({ description, content: problemContent })

/** Error responses every authenticated route may give. */
export const errors = {
  400: p('Invalid input; errors[] names every bad field'),
  401: p('Not authenticated'),
  403: p('Not allowed for your role'),
  404: p("Not found (also for another partner company's ids)"),
} as const
export const conflictErrors = { 409: p('Conflicts with the current state'), 412: p('If-Match does not match the current version') }

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})

export const security: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }]

/** A multipart body carrying one spreadsheet in the field "file" (imports). */
export const UploadForm = z
  .object({ file: z.custom<File>((v) => v instanceof File, 'Attach a .csv or .xlsx file').openapi({ type: 'string', format: 'binary' }) })
  .openapi('SpreadsheetUpload')
export const uploadBody = { required: true, content: { 'multipart/form-data': { schema: UploadForm } } }
export const ImportResult = z.object({ imported: z.number().int() }).openapi('ImportResult')

/** Exports: the query's `format`, the response a route documents, and the download it sends. */
export const SheetFormatQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') })
export const sheetFile = {
  description: 'The file',
  content: { 'text/csv': { schema: z.string() }, [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } },
}
export const sheetDownload = (file: Buffer, name: string, format: SheetFormat) =>
  new Response(new Uint8Array(file), {
    status: 200,
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
      'Content-Disposition': `attachment; filename="${name}.${format}"`,
    },
  })
