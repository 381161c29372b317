import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { Where } from '../../core/where.ts'
import { decodeCursor, encodeCursor } from '../../core/cursor.ts'
import {
  allowedTransitions,
  type Partner,
  type PartnerCreate,
  type PartnerListItem,
  type PartnerListParams,
  type PartnerPatch,
} from './partners.contract.ts'
import { partnerSafetyJoin } from '../safety/index.ts'
import { oneRow } from '../../core/db-rows.ts'

type PartnerRow = {
  id: string
  legal_name: string
  aliases: string[]
  website: string | null
  domain: string | null
  email_domains: string[]
  headquarters_country: string
  countries: string[]
  type: Partner['type']
  services: string[]
  gtm_categories: string[]
  status: Partner['status']
  tier: Partner['tier']
  partner_manager_id: string | null
  partner_ops_id: string | null
  sponsor_id: string | null
  version: number
  created_at: Date
  updated_at: Date
  manager: Staff
  ops: Staff
  sponsor: Staff
  sort_key?: string
  safety_risk_level?: PartnerListItem['safety']['riskLevel']
  safety_program_status?: PartnerListItem['safety']['programStatus']
}
type Staff = { id: string; name: string; email: string } | null

// Partners with the names of their assigned staff, in one query.
const selectPartners = (
  extra = '',
) => `SELECT p.id, p.legal_name, p.aliases, p.website, p.domain, p.email_domains, p.headquarters_country, p.countries, p.type,
  p.services, p.gtm_categories, p.status, p.tier, p.partner_manager_id, p.partner_ops_id, p.sponsor_id, p.version,
  p.created_at, p.updated_at,
  CASE WHEN m.id IS NULL THEN NULL ELSE json_build_object('id', m.id, 'name', m.name, 'email', m.email) END AS manager,
  CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('id', o.id, 'name', o.name, 'email', o.email) END AS ops,
  CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'name', s.name, 'email', s.email) END AS sponsor
  ${extra} FROM partners p LEFT JOIN staff m ON m.id = p.partner_manager_id LEFT JOIN staff o ON o.id = p.partner_ops_id
  LEFT JOIN staff s ON s.id = p.sponsor_id`

const sorts = {
  legalName: 'lower(p.legal_name)',
  createdAt: 'p.created_at',
  updatedAt: 'p.updated_at',
  headquartersCountry: 'p.headquarters_country',
  status: 'p.status',
  tier: "coalesce(p.tier, '')",
} as const

/** Lower case without accents, for search text and queries alike. */
export const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
const searchText = (p: { legalName: string; aliases?: string[] }) => fold([p.legalName, ...(p.aliases ?? [])].join(' '))
export const domainOf = (website: string | null | undefined): string | null =>
  website ? new URL(website).hostname.toLowerCase().replace(/^www\./, '') || null : null

const toPartner = (r: PartnerRow): Partner => ({
  id: r.id,
  legalName: r.legal_name,
  aliases: r.aliases,
  website: r.website,
  domain: r.domain,
  emailDomains: r.email_domains,
  headquartersCountry: r.headquarters_country,
  countries: r.countries,
  type: r.type,
  services: r.services,
  gtmCategories: r.gtm_categories,
  status: r.status,
  tier: r.tier,
  partnerManager: r.manager,
  partnerOps: r.ops,
  sponsor: r.sponsor,
  version: r.version,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
})

export async function listPartners(ctx: Ctx, q: PartnerListParams): Promise<{ items: PartnerListItem[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'partners:read')
  const actor = ctx.actor
  const where = new Where()
  // A partner's users see their own company only; RLS enforces the same in the database.
  if (isExternal(actor)) where.add('p.id = ?', actor.partnerId)
  if (q.q) {
    const term = fold(q.q)
    where.add('(p.search_text LIKE ? OR ? <% p.search_text)', `%${term.replace(/[\\%_]/g, '\\$&')}%`, term)
  }
  if (q.type) where.add('p.type = ?', q.type)
  if (q.status) where.add('p.status = ?', q.status)
  if (q.tier) where.add('p.tier = ?', q.tier)
  if (q.country) where.add('(p.headquarters_country = ? OR ? = ANY(p.countries))', q.country, q.country)
  if (q.managerId) where.add('p.partner_manager_id = ?', q.managerId)
  if (q.riskLevel) where.add('sf.risk_level = ?', q.riskLevel)
  if (q.programStatus) where.add('sf.program_status = ?', q.programStatus)
  const desc = q.sort.startsWith('-')
  const expr = sorts[q.sort.replace(/^-/, '') as keyof typeof sorts]
  const type = expr.endsWith('_at') ? 'timestamptz' : 'text'
  if (q.cursor) {
    const [key, id] = decodeCursor(q.cursor)
    where.add(`(${expr}, p.id) ${desc ? '<' : '>'} (?::${type}, ?::uuid)`, key, id)
  }
  const dir = desc ? 'DESC' : 'ASC'
  const limit = where.param(q.limit + 1)
  const today = where.param(ctx.now().toISOString().slice(0, 10))
  const found = await inTx(ctx, (sql) =>
    sql.query<PartnerRow>(
      `${selectPartners(`, (${expr})::text AS sort_key, sf.risk_level AS safety_risk_level, sf.program_status AS safety_program_status`)}
       ${partnerSafetyJoin('p', today)} ${where}
       ORDER BY ${expr} ${dir}, p.id ${dir} LIMIT ${limit}`,
      where.params,
    ),
  )
  const last = found[q.limit - 1]
  return {
    items: found.slice(0, q.limit).map((r) => ({
      ...toPartner(r),
      safety: { riskLevel: r.safety_risk_level ?? 'low', programStatus: r.safety_program_status ?? 'not_in_program' },
    })),
    nextCursor: found.length > q.limit && last ? encodeCursor([last.sort_key ?? '', last.id]) : null,
  }
}

async function findPartner(ctx: Ctx, sql: Sql, id: string): Promise<Partner> {
  const actor = ctx.actor!
  // Another company's id answers exactly like an id that does not exist.
  if (isExternal(actor) && actor.partnerId !== id) throw new AppError('PARTNER_NOT_FOUND', 'Partner not found')
  const rows = await sql.query<PartnerRow>(`${selectPartners()} WHERE p.id = $1`, [id])
  return toPartner(oneRow(rows, 'Partner', 'PARTNER_NOT_FOUND'))
}

export async function getPartner(ctx: Ctx, id: string): Promise<Partner> {
  assertCan(ctx.actor, 'partners:read')
  return inTx(ctx, (sql) => findPartner(ctx, sql, id))
}

/** Checks that assigned manager, operations resource and sponsor are internal staff. */
async function checkStaff(sql: Sql, input: PartnerPatch) {
  const fields = ['partnerManagerId', 'partnerOpsId', 'sponsorId'] as const
  const wanted = fields.map((f) => input[f]).filter((id): id is string => !!id)
  if (!wanted.length) return
  const staff = new Set((await sql.query<{ id: string }>('SELECT id FROM staff WHERE id = ANY($1::uuid[])', [wanted])).map((r) => r.id))
  const errors = fields.filter((f) => input[f] && !staff.has(input[f]!)).map((f) => ({ path: f, message: 'Not an internal user' }))
  if (errors.length) throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors })
}

async function domainTaken(sql: Sql, domain: string | null, exceptId: string | null): Promise<boolean> {
  if (!domain) return false
  const rows = await sql.query('SELECT 1 FROM partners WHERE lower(domain) = $1 AND id IS DISTINCT FROM $2::uuid', [domain, exceptId])
  return rows.length > 0
}

type ServicesChanged = (ctx: Ctx, sql: Sql, partnerIds: string[]) => Promise<unknown>
const servicesChangedHooks: ServicesChanged[] = []
/**
 * Features that derive something from a partner's services (the safety program's risk level and gaps)
 * register here, and are called in the transaction that sets or changes the services.
 */
export function onPartnerServicesChanged(hook: ServicesChanged): void {
  servicesChangedHooks.push(hook)
}
async function servicesChanged(ctx: Ctx, sql: Sql, id: string) {
  for (const hook of servicesChangedHooks) await hook(ctx, sql, [id])
}

/** Inserts one partner inside the caller's transaction (shared by create and import). */
export async function insertPartner(ctx: Ctx, sql: Sql, input: PartnerCreate): Promise<Partner> {
  await checkStaff(sql, input)
  const domain = domainOf(input.website)
  if (await domainTaken(sql, domain, null))
    throw new AppError('CONFLICT', 'Another partner has this website', {
      errors: [{ path: 'website', message: `A partner with domain ${domain} exists` }],
    })
  const { id } = oneRow(
    await sql.query<{ id: string }>(
      `INSERT INTO partners (legal_name, aliases, website, domain, headquarters_country, countries, type, services,
       gtm_categories, status, tier, partner_manager_id, partner_ops_id, sponsor_id, search_text, email_domains)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
      [
        input.legalName,
        input.aliases ?? [],
        input.website ?? null,
        domain,
        input.headquartersCountry,
        input.countries ?? [],
        input.type,
        input.services ?? [],
        input.gtmCategories ?? [],
        input.status ?? 'prospect',
        input.tier ?? null,
        input.partnerManagerId ?? null,
        input.partnerOpsId ?? null,
        input.sponsorId ?? null,
        searchText(input),
        [...new Set(input.emailDomains ?? (domain ? [domain] : []))],
      ],
    ),
    'Partner',
  )
  if (input.services?.length) await servicesChanged(ctx, sql, id)
  const partner = await findPartner(ctx, sql, id)
  await audit(ctx, sql, { entity: 'partner', entityId: partner.id, action: 'create', partnerId: partner.id, after: partner })
  return partner
}

export async function createPartner(ctx: Ctx, input: PartnerCreate): Promise<Partner> {
  assertCan(ctx.actor, 'partners:create')
  return inTx(ctx, (sql) => insertPartner(ctx, sql, input))
}

export async function updatePartner(ctx: Ctx, id: string, patch: PartnerPatch, expectedVersion?: number): Promise<Partner> {
  assertCan(ctx.actor, 'partners:update')
  return inTx(ctx, async (sql) => {
    const before = await findPartner(ctx, sql, id)
    if (expectedVersion !== undefined && expectedVersion !== before.version)
      throw new AppError('PRECONDITION_FAILED', `The partner is at version ${before.version}, not ${expectedVersion}; reload and retry`)
    if (patch.status && patch.status !== before.status && !allowedTransitions[before.status].includes(patch.status))
      throw new AppError('INVALID_TRANSITION', `A partner cannot go from ${before.status} to ${patch.status}`, {
        errors: [{ path: 'status', message: `Allowed from ${before.status}: ${allowedTransitions[before.status].join(', ') || 'none'}` }],
      })
    // Promotions and demotions are review decisions approved by Sales and Alliances (and kept in the tier history).
    if (patch.tier !== undefined && patch.tier !== before.tier)
      throw new AppError('TIER_CHANGE_NEEDS_REVIEW', 'A partner’s tier changes only through a tier review decision', {
        errors: [{ path: 'tier', message: 'Start an ad hoc review for this partner to promote or demote it' }],
      })
    await checkStaff(sql, patch)
    const next = {
      legalName: patch.legalName ?? before.legalName,
      aliases: patch.aliases ?? before.aliases,
      website: patch.website !== undefined ? patch.website : before.website,
    }
    const domain = domainOf(next.website)
    if (await domainTaken(sql, domain, id))
      throw new AppError('CONFLICT', 'Another partner has this website', {
        errors: [{ path: 'website', message: `A partner with domain ${domain} exists` }],
      })
    const pick = <K extends keyof PartnerPatch>(k: K, current: unknown) => (patch[k] !== undefined ? patch[k] : current)
    await sql.query(
      `UPDATE partners SET legal_name = $2, aliases = $3, website = $4, domain = $5, headquarters_country = $6, countries = $7,
         type = $8, services = $9, gtm_categories = $10, status = $11, tier = $12, partner_manager_id = $13, partner_ops_id = $14,
         sponsor_id = $15, search_text = $16, email_domains = $17, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [
        id,
        next.legalName,
        next.aliases,
        next.website,
        domain,
        pick('headquartersCountry', before.headquartersCountry),
        pick('countries', before.countries),
        pick('type', before.type),
        pick('services', before.services),
        pick('gtmCategories', before.gtmCategories),
        pick('status', before.status),
        pick('tier', before.tier),
        pick('partnerManagerId', before.partnerManager?.id ?? null),
        pick('partnerOpsId', before.partnerOps?.id ?? null),
        pick('sponsorId', before.sponsor?.id ?? null),
        searchText(next),
        [...new Set(patch.emailDomains ?? before.emailDomains)],
      ],
    )
    const after = await findPartner(ctx, sql, id)
    if (after.services.join('\n') !== before.services.join('\n')) await servicesChanged(ctx, sql, id)
    await audit(ctx, sql, { entity: 'partner', entityId: id, action: 'update', partnerId: id, before, after })
    return after
  })
}

/** Which of these ids are partners (the caller's transaction; RLS scopes them). */
export async function existingPartnerIds(sql: Sql, ids: string[]): Promise<Set<string>> {
  const rows = await sql.query<{ id: string }>('SELECT id FROM partners WHERE id = ANY($1::uuid[])', [ids])
  return new Set(rows.map((r) => r.id))
}

/**
 * Sets a partner's tier inside the caller's transaction when a review decision takes effect (the
 * decision's approvals are the authority, not the caller's partner-editing rights). Returns the tier before.
 */
export async function setPartnerTier(ctx: Ctx, sql: Sql, id: string, tier: Partner['tier']): Promise<Partner['tier']> {
  const before = await findPartner(ctx, sql, id)
  if (before.tier === tier) return before.tier
  await sql.query('UPDATE partners SET tier = $2, version = version + 1, updated_at = now() WHERE id = $1', [id, tier])
  const after = await findPartner(ctx, sql, id)
  await audit(ctx, sql, { entity: 'partner', entityId: id, action: 'update', partnerId: id, before, after })
  return before.tier
}

/** The partner whose website is on this registrable domain (or a subdomain of it), if any. */
export async function partnerByDomain(sql: Sql, domain: string): Promise<{ id: string; legalName: string } | null> {
  const rows = await sql.query<{ id: string; legal_name: string }>(
    `SELECT id, legal_name FROM partners WHERE lower(domain) = $1 OR lower(domain) LIKE '%.' || $1 ORDER BY lower(domain) = $1 DESC, created_at LIMIT 1`,
    [domain.toLowerCase()],
  )
  return rows[0] ? { id: rows[0].id, legalName: rows[0].legal_name } : null
}

/**
 * Moves a partner along its lifecycle inside the caller's transaction when onboarding does so (the
 * onboarding case is the authority, not the caller's partner-editing rights). Refuses a transition the
 * lifecycle does not allow.
 */
export async function setPartnerStatus(ctx: Ctx, sql: Sql, id: string, status: Partner['status']): Promise<Partner> {
  const before = await findPartner(ctx, sql, id)
  if (before.status === status) return before
  if (!allowedTransitions[before.status].includes(status))
    throw new AppError('INVALID_TRANSITION', `A partner cannot go from ${before.status} to ${status}`, {
      errors: [{ path: 'partnerId', message: `The partner is ${before.status}` }],
    })
  await sql.query('UPDATE partners SET status = $2, version = version + 1, updated_at = now() WHERE id = $1', [id, status])
  const after = await findPartner(ctx, sql, id)
  await audit(ctx, sql, { entity: 'partner', entityId: id, action: 'update', partnerId: id, before, after })
  return after
}

/**
 * The services partners offer (all partners the transaction sees when `ids` is null), for features that
 * derive something from them in bulk (the safety risk level); one partner's come with getPartner.
 */
export async function partnerServices(
  sql: Sql,
  ids: string[] | null,
): Promise<{ id: string; legalName: string; domain: string | null; services: string[] }[]> {
  const rows = await sql.query<{ id: string; legal_name: string; domain: string | null; services: string[] }>(
    `SELECT id, legal_name, domain, services FROM partners WHERE ($1::uuid[] IS NULL OR id = ANY($1::uuid[])) ORDER BY lower(legal_name), id`,
    [ids],
  )
  return rows.map((r) => ({ id: r.id, legalName: r.legal_name, domain: r.domain, services: r.services }))
}
