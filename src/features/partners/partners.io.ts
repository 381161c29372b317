import { assertCan } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { AppError, zodFieldErrors } from '../../core/errors.ts'
import { parseSheet, type ImportLimits } from '../../core/sheet-reader.ts'
import { splitList, writeSheet, type SheetFormat } from '../../core/sheets.ts'
import { PartnerCreateInput, type Partner, type PartnerCreate, type PartnerListParams } from './partners.contract.ts'
import { domainOf, insertPartner, listPartners } from './partners.service.ts'

/** The columns of import and export files, in order; lists are separated by ";". */
export const columns = [
  'legalName',
  'type',
  'headquartersCountry',
  'website',
  'aliases',
  'countries',
  'services',
  'gtmCategories',
  'status',
  'tier',
] as const
const listColumns = ['aliases', 'countries', 'services', 'gtmCategories'] as const

/** Parses and validates every row as the file streams in; throws with the bad rows and fields, or returns all rows valid. */
export async function parsePartnerFile(data: Buffer, format: SheetFormat, limits: ImportLimits): Promise<PartnerCreate[]> {
  const seenDomains = new Map<string, number>()
  // Export-only columns may come back in a round trip; they are ignored.
  const spec = { columns, required: ['legalName', 'type', 'headquartersCountry'] as const, ignored: ['id', 'partnerManager'] }
  return parseSheet(data, format, spec, limits, (record, row, errors) => {
    const input: Record<string, unknown> = { ...record }
    for (const k of listColumns) if (record[k] !== undefined) input[k] = splitList(record[k])
    const parsed = PartnerCreateInput.safeParse(input)
    if (!parsed.success) return void errors.add(...zodFieldErrors(parsed.error).map((e) => ({ ...e, row })))
    const domain = domainOf(parsed.data.website)
    if (domain && seenDomains.has(domain)) errors.add({ row, path: 'website', message: `Same domain as row ${seenDomains.get(domain)}` })
    else if (domain) seenDomains.set(domain, row)
    return parsed.data
  })
}

/** Imports all rows in one transaction: any failure imports nothing. */
export async function importPartners(
  ctx: Ctx,
  rows: PartnerCreate[],
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ imported: number }> {
  assertCan(ctx.actor, 'partners:import')
  await inTx(ctx, async (sql) => {
    for (const [i, row] of rows.entries()) {
      try {
        await insertPartner(ctx, sql, row)
      } catch (e) {
        if (e instanceof AppError && e.details.errors)
          throw new AppError('IMPORT_INVALID', `Row ${i + 2} is invalid; nothing was imported`, {
            errors: e.details.errors.map((fe) => ({ ...fe, row: i + 2 })),
          })
        throw e
      }
      onProgress(i + 1, rows.length)
    }
  })
  return { imported: rows.length }
}

const cell = (p: Partner, c: (typeof columns)[number]): string => {
  const v = p[c]
  return Array.isArray(v) ? v.join('; ') : (v ?? '')
}

/** Every partner matching the filters the actor may see, as CSV or XLSX. */
export async function exportPartners(ctx: Ctx, filters: Omit<PartnerListParams, 'cursor' | 'limit'>, format: SheetFormat): Promise<Buffer> {
  assertCan(ctx.actor, 'partners:export')
  const all: Partner[] = []
  let cursor: string | undefined
  do {
    const page = await listPartners(ctx, { ...filters, limit: 100, cursor })
    all.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  const header = [...columns, 'partnerManager', 'id']
  return writeSheet(
    'Partners',
    header,
    all.map((p) => [...columns.map((c) => cell(p, c)), p.partnerManager?.email ?? '', p.id]),
    format,
  )
}
