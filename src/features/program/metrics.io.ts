import { z } from '@hono/zod-openapi'
import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { AppError, zodFieldErrors } from '../../core/errors.ts'
import { parseSheet, RowErrors, type ImportLimits } from '../../core/sheet-reader.ts'
import { splitList, type SheetFormat } from '../../core/sheets.ts'
import { MetricsInput } from './metrics.contract.ts'
import { writeQuarter } from './metrics.service.ts'

/** Columns of a metrics file: one quarter of one partner per row; money in USD as decimals. */
export const metricsColumns = [
  'partner',
  'year',
  'quarter',
  'revenue',
  'activeCustomers',
  'pipeline',
  'jointInvestments',
  'rebates',
  'marketingFunding',
  'fundedResourcesAmount',
  'fundedResourcesFtes',
  'executiveSponsor',
  'gtmCategories',
] as const
const moneyColumns = ['revenue', 'pipeline', 'jointInvestments', 'rebates', 'marketingFunding', 'fundedResourcesAmount'] as const
const Where = z.object({
  partner: z.string({ error: 'Required: the partner id, legal name or domain' }).min(1),
  year: z.coerce.number().int().min(2000).max(2100),
  quarter: z.coerce.number().int().min(1).max(4),
})
export type MetricsRow = z.infer<typeof Where> & { row: number; input: MetricsInput }

const yesNo = (v: string | undefined) => {
  const s = v?.toLowerCase()
  return s === undefined ? undefined : ['yes', 'y', 'true', '1'].includes(s) ? true : ['no', 'n', 'false', '0'].includes(s) ? false : v
}
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v))

/** Parses and validates every row of a metrics file as it streams in; throws with the bad rows and fields. */
export async function parseMetricsFile(data: Buffer, format: SheetFormat, limits: ImportLimits): Promise<MetricsRow[]> {
  const seen = new Map<string, number>()
  const spec = { columns: metricsColumns, required: metricsColumns.filter((c) => c !== 'gtmCategories') }
  return parseSheet(data, format, spec, limits, (record, row, errors) => {
    const where = Where.safeParse(record)
    const input = MetricsInput.safeParse({
      ...Object.fromEntries(moneyColumns.map((c) => [c, { amount: record[c] ?? '', currency: 'USD' }])),
      activeCustomers: num(record.activeCustomers),
      fundedResourcesFtes: num(record.fundedResourcesFtes),
      executiveSponsor: yesNo(record.executiveSponsor),
      gtmCategories: splitList(record.gtmCategories) ?? [],
    })
    // A money cell's errors are reported at its column, not at its inner amount field.
    for (const r of [where, input])
      if (!r.success)
        errors.add(...zodFieldErrors(r.error).map((e) => ({ row, path: e.path.replace(/\.amount$/, ''), message: e.message })))
    if (!where.success || !input.success) return undefined
    const key = `${where.data.partner.toLowerCase()}/${where.data.year}/${where.data.quarter}`
    if (seen.has(key)) errors.add({ row, path: 'quarter', message: `Same partner and quarter as row ${seen.get(key)}` })
    else seen.set(key, row)
    return { ...where.data, row, input: input.data }
  })
}

/** Writes every row in one transaction: an unknown partner or a refused quarter imports nothing. */
export async function importMetrics(ctx: Ctx, rows: MetricsRow[], onProgress: (done: number, total: number) => void = () => {}) {
  assertCan(ctx.actor, 'metrics:submit')
  const actor = ctx.actor
  await inTx(ctx, async (sql) => {
    const errors = new RowErrors(ctx.config.imports.errors)
    const resolved: { id: string; r: MetricsRow }[] = []
    for (const r of rows) {
      // Partners are found by id, legal name or domain, among those the actor may see.
      const found = await sql.query<{ id: string }>(
        `SELECT id FROM partners WHERE (id::text = $1 OR lower(legal_name) = lower($1) OR lower(domain) = lower($1))
           AND ($2::uuid IS NULL OR id = $2::uuid)`,
        [r.partner, isExternal(actor) ? actor.partnerId : null],
      )
      const only = found.length === 1 ? found[0] : undefined
      if (only) resolved.push({ id: only.id, r })
      else
        errors.add({
          row: r.row,
          path: 'partner',
          message: found.length ? `Matches ${found.length} partners; use the id` : 'Unknown partner',
        })
    }
    errors.throwIfAny()
    for (const [i, { id, r }] of resolved.entries()) {
      try {
        await writeQuarter(ctx, sql, id, r.year, r.quarter, r.input)
      } catch (e) {
        if (e instanceof AppError && e.status < 500) {
          const refused = new RowErrors(1)
          refused.add({ row: r.row, path: 'quarter', message: e.message })
          refused.throwIfAny()
        }
        throw e
      }
      onProgress(i + 1, rows.length)
    }
  })
  return { imported: rows.length }
}
