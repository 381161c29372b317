import { z } from '@hono/zod-openapi'
import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { isCalendarDay } from '../../core/dates.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { parseSheet, type RowError } from '../../core/sheet-reader.ts'
import type { SheetFormat } from '../../core/sheets.ts'
import { partnerServices } from '../partners/partners.service.ts'
import type { SubscriptionInput } from './safety.contract.ts'
import { providerOf } from './safety.queries.ts'
import { checkGrade, writeSubscription } from './subscription.service.ts'

export const importFields = ['accountId', 'name', 'domain', 'status', 'grade', 'score', 'updatedOn'] as const
type Field = (typeof importFields)[number]
export const ImportMapping = z
  .partialRecord(z.enum(importFields), z.string().trim().min(1).max(100))
  .openapi('SafetyImportMapping', { description: "Our field → the provider export's column header" })
export type ImportMapping = z.infer<typeof ImportMapping>

/** How ISNetworld names its export's columns; a safety user maps another provider's once and it is remembered. */
const defaultMapping: ImportMapping = {
  accountId: 'ISN ID',
  name: 'Company Name',
  domain: 'Website',
  status: 'Subscription Status',
  grade: 'Grade',
  score: 'Score',
  updatedOn: 'Last Updated',
}
const statusWords: Record<string, SubscriptionInput['status']> = {
  active: 'active',
  subscribed: 'active',
  pending: 'pending',
  lapsed: 'lapsed',
  expired: 'lapsed',
  inactive: 'lapsed',
  none: 'none',
  'not subscribed': 'none',
}

export type ImportResult = { imported: number; unchanged: number; skipped: number; errors: RowError[] }

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim()
const domainOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .split('/')[0] ?? ''

function parseDate(s: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s)
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s)
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1]?.padStart(2, '0'), us[2]?.padStart(2, '0')] : []
  if (!y || !m || !d) return null
  const date = `${y}-${m}-${d}`
  return isCalendarDay(date) ? date : null
}

async function mappingFor(sql: Sql, providerKey: string, given: ImportMapping | undefined): Promise<ImportMapping> {
  if (given) return given
  const [row] = await sql.query<{ mapping: ImportMapping }>('SELECT mapping FROM safety_import_mappings WHERE provider_key = $1', [
    providerKey,
  ])
  return row?.mapping ?? defaultMapping
}

/** The column mapping the next import of this provider's export uses: the remembered one, else the default. */
export async function getImportMapping(
  ctx: Ctx,
  providerKey: string | undefined,
): Promise<{ provider: string; mapping: ImportMapping; remembered: boolean }> {
  assertCan(ctx.actor, 'safety:manage')
  return inTx(ctx, async (sql) => {
    const provider = await providerOf(sql, providerKey ?? null)
    const [row] = await sql.query<{ mapping: ImportMapping }>('SELECT mapping FROM safety_import_mappings WHERE provider_key = $1', [
      provider.key,
    ])
    return { provider: provider.key, mapping: row?.mapping ?? defaultMapping, remembered: !!row }
  })
}

/**
 * Imports a provider's export: each row is matched to a partner by account id, then by domain, then by
 * legal name, and sets its subscription. Every bad row is reported with its row number; a file with errors
 * imports nothing unless `goodRowsOnly` is chosen. A row that matches what is stored changes nothing, so a
 * re-import of the same file changes nothing. A mapping given is remembered for the provider.
 */
export async function importSubscriptions(
  ctx: Ctx,
  file: { data: Buffer; format: SheetFormat },
  opts: { providerKey?: string; mapping?: ImportMapping; goodRowsOnly?: boolean },
): Promise<ImportResult> {
  assertCan(ctx.actor, 'safety:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const provider = await providerOf(sql, opts.providerKey ?? null)
    const mapping = await mappingFor(sql, provider.key, opts.mapping)
    const mapped = importFields.filter((f) => mapping[f])
    if (!mapping.status || !(mapping.accountId || mapping.name || mapping.domain))
      throw new AppError('VALIDATION_FAILED', 'Validation failed', {
        errors: [{ path: 'mapping', message: 'Map the status column and at least one of account id, name or domain' }],
      })
    const columns = mapped.map((f) => mapping[f]!)
    // Rows come whole; their errors are collected here (not by the reader) so good rows can be kept on request.
    const records = await parseSheet(
      file.data,
      file.format,
      { columns, required: [mapping.status], ignoreUnknown: true },
      ctx.config.imports,
      (record, row) => ({ row, record }),
    )
    const partners = await partnerServices(sql, null)
    const byDomain = new Map(partners.filter((p) => p.domain).map((p) => [p.domain!.toLowerCase(), p.id]))
    const byName = new Map<string, string[]>()
    for (const p of partners) byName.set(fold(p.legalName), [...(byName.get(fold(p.legalName)) ?? []), p.id])
    const accounts = new Map(
      (
        await sql.query<{ account_id: string; partner_id: string }>(
          'SELECT lower(account_id) AS account_id, partner_id FROM safety_subscriptions WHERE provider_key = $1 AND account_id IS NOT NULL',
          [provider.key],
        )
      ).map((r) => [r.account_id, r.partner_id]),
    )

    const errors: RowError[] = []
    const good: { row: number; partnerId: string; input: SubscriptionInput }[] = []
    const seen = new Map<string, number>()
    for (const { row, record } of records) {
      const v = (f: Field) => (mapping[f] ? record[mapping[f] as string] : undefined)
      const rowErrors: RowError[] = []
      const fail = (f: Field, message: string) => rowErrors.push({ row, path: mapping[f] ?? f, message })
      const account = v('accountId')
      let partnerId = account ? accounts.get(account.toLowerCase()) : undefined
      if (!partnerId && v('domain')) partnerId = byDomain.get(domainOf(v('domain')!))
      if (!partnerId && v('name')) {
        const found = byName.get(fold(v('name')!)) ?? []
        if (found.length > 1) fail('name', `${found.length} partners are named ${v('name')}; add the domain or account id`)
        partnerId = found.length === 1 ? found[0] : undefined
      }
      if (!partnerId && !rowErrors.length) fail(account ? 'accountId' : 'name', 'No partner matches this account id, domain or name')
      const status = statusWords[fold(v('status') ?? '')]
      if (!status) fail('status', `Not a status: ${v('status') ?? '(empty)'}; use active, pending, lapsed or none`)
      const score = v('score') === undefined ? null : Number(v('score')!.replace('%', ''))
      if (score !== null && (!Number.isFinite(score) || score < 0 || score > 100)) fail('score', 'A percentage from 0 to 100')
      const updatedOn = v('updatedOn') === undefined ? null : parseDate(v('updatedOn')!)
      if (v('updatedOn') !== undefined && !updatedOn) fail('updatedOn', 'A date as YYYY-MM-DD or MM/DD/YYYY')
      const input: SubscriptionInput = {
        providerKey: provider.key,
        accountId: account ?? null,
        status: status ?? 'none',
        grade: v('grade') ?? null,
        score,
        providerUpdatedOn: updatedOn,
      }
      for (const e of checkGrade(provider, input)) fail(e.path as Field, e.message)
      if (partnerId && seen.has(partnerId)) fail('accountId', `The same partner as row ${seen.get(partnerId)}`)
      if (partnerId) seen.set(partnerId, row)
      if (rowErrors.length) errors.push(...rowErrors)
      else if (partnerId) good.push({ row, partnerId, input })
    }
    if (errors.length && !opts.goodRowsOnly)
      throw new AppError('IMPORT_INVALID', `${new Set(errors.map((e) => e.row)).size} rows are invalid; nothing was imported`, { errors })

    let imported = 0
    let failed = 0
    for (const g of good) {
      try {
        if (await writeSubscription(ctx, sql, g.partnerId, g.input)) imported += 1
      } catch (e) {
        if (!(e instanceof AppError)) throw e
        // A row that passed the checks above but fails on write (an account id another partner holds).
        const rowErrors = (e.details.errors?.length ? e.details.errors : [{ path: 'row', message: e.message }]).map((x) => ({
          ...x,
          row: g.row,
        }))
        if (!opts.goodRowsOnly) throw new AppError('IMPORT_INVALID', 'A row is invalid; nothing was imported', { errors: rowErrors })
        errors.push(...rowErrors)
        failed += 1
      }
    }
    if (opts.mapping)
      await sql.query(
        `INSERT INTO safety_import_mappings (provider_key, mapping, updated_by, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (provider_key) DO UPDATE SET mapping = $2, updated_by = $3, updated_at = $4`,
        [provider.key, JSON.stringify(opts.mapping), actor.userId || null, ctx.now()],
      )
    const skipped = new Set(errors.map((e) => e.row)).size
    const result = { imported, unchanged: good.length - imported - failed, skipped, errors }
    await audit(ctx, sql, {
      entity: 'safety_import',
      entityId: provider.key,
      action: 'import',
      after: { imported, unchanged: result.unchanged, skipped },
    })
    return result
  })
}
