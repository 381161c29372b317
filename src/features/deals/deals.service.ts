import { assertCan, isExternal, type Actor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { decodeCursor, encodeCursor } from '../../core/cursor.ts'
import { rateLimit, type RateLimit } from '../../core/rate-limit.ts'
import { AppError } from '../../core/errors.ts'
import { toCents } from '../../core/money.ts'
import { Where } from '../../core/where.ts'
import { getPartner } from '../partners/partners.service.ts'
import { entitlement } from '../program/benefits.service.ts'
import { CONFLICT_MESSAGE, findConflicts, type CheckFacts } from './deals.conflicts.ts'
import type { CheckResult, Deal, DealCheck, DealCreate, DealDetail, DealListQuery, DealPatch } from './deals.contract.ts'
import { normalizeCustomerName, productLine, registrableDomain } from './deals.match.ts'
import { addEvent, findDealRow, historyOf, OPEN_REVIEW, SELECT_DEALS, toDeal, type DealRow } from './deals.queries.ts'
import { notify } from './deals.notify.ts'
import { reviewDue } from './deals.sla.ts'
import { oneRow } from '../../core/db-rows.ts'
import { recordValueChange } from './deals.values.ts'
import { dayOf } from '../../core/dates.ts'

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path, message }] })
const lines = (products: string[]) => [...new Set(products.map(productLine).filter(Boolean))].sort()

/** The partner a registration is for: a partner user's own company; internal users name it. */
function partnerOf(actor: Actor, partnerId: string | undefined): string {
  if (isExternal(actor)) {
    if (partnerId !== undefined && partnerId !== actor.partnerId)
      throw invalid('partnerId', 'Partner users register deals for their own company only')
    return actor.partnerId!
  }
  if (!partnerId) throw invalid('partnerId', 'Required: name the partner you register this deal for')
  return partnerId
}

/**
 * How the partner's deal registration benefit has its registrations reviewed: Yes gets dedicated
 * Partner Incentives support, Limited the standard self-service process, "handled at customer level"
 * the sales owner of the customer account. Any other level does not offer deal registration.
 */
async function supportOf(ctx: Ctx, partnerId: string): Promise<Deal['support']> {
  const benefit = await entitlement(ctx, partnerId, 'dealRegistration')
  if (benefit.level === 'customer_level') return 'customer_level'
  if (!benefit.granted)
    throw new AppError(
      'BENEFIT_NOT_INCLUDED',
      "Deal registration is not part of the partner's tier; the Global Partner Support (GPS) team can help",
    )
  return benefit.level === 'limited' ? 'standard' : 'dedicated'
}

const customerFacts = (c: { name?: string; domain?: string }) => ({
  key: c.name ? normalizeCustomerName(c.name) : '',
  domain: c.domain ? registrableDomain(c.domain) : null,
})

/**
 * The live check runs as a person types (the form checks after each 400 ms pause): one check a second on
 * average, with bursts, and 600 an hour are above what a person typing does and far below a script walking
 * a list of customers. Counted per user, whether by session or API token.
 */
export const CHECK_LIMITS: RateLimit[] = [
  { name: 'deal-check-user-minute', windowMs: 60_000, max: 60 },
  { name: 'deal-check-user-hour', windowMs: 3600_000, max: 600 },
]
const CHECK_LIMIT_MESSAGE = 'Too many conflict checks; wait a moment and try again'

/** The live check while a registration is typed: a partner user learns only whether a conflict may exist. */
export async function checkDeal(ctx: Ctx, input: DealCheck): Promise<CheckResult> {
  assertCan(ctx.actor, 'deals:register')
  const user = ctx.actor.userId || 'system'
  await rateLimit(
    ctx,
    CHECK_LIMITS.map((limit) => ({ limit, key: user })),
    CHECK_LIMIT_MESSAGE,
  )
  const { key, domain } = customerFacts(input.customer)
  return inTx(ctx, async (sql) => {
    // Only a registration the caller may see is left out of its own check: any other id (another
    // company's, or none at all) checks against everything, so the answer says nothing about that id.
    const own = input.dealId ? await sql.query<{ id: string }>('SELECT id FROM deals WHERE id = $1', [input.dealId]) : []
    const found = await findConflicts(sql, {
      key,
      domain,
      lines: lines(input.products ?? []),
      close: input.expectedCloseDate ?? null,
      exclude: own[0]?.id ?? null,
    })
    return shape(ctx.actor!, found, { name: key, domain })
  })
}

function shape(actor: Actor, found: Awaited<ReturnType<typeof findConflicts>>, normalized: CheckResult['normalized']): CheckResult {
  const base = { possibleConflict: found.possibleConflict, message: found.possibleConflict ? CONFLICT_MESSAGE : null, normalized }
  return isExternal(actor) ? base : { ...base, conflicts: found.conflicts }
}

/** Registers a deal, checks it for conflicts, routes its review and starts the service-level clock. */
export async function registerDeal(ctx: Ctx, input: DealCreate): Promise<Deal> {
  assertCan(ctx.actor, 'deals:register')
  const actor = ctx.actor
  const partnerId = partnerOf(actor, input.partnerId)
  const partner = await getPartner(ctx, partnerId)
  const support = await supportOf(ctx, partnerId)
  const { key, domain } = customerFacts(input.customer)
  const productLines = lines(input.products)
  const cents = toCents(input.value.amount)
  const now = ctx.now()
  const due = reviewDue(dayOf(now), ctx.config.deals.reviewBusinessDays)
  return inTx(ctx, async (sql) => {
    const found = await findConflicts(sql, { key, domain, lines: productLines, close: input.expectedCloseDate, exclude: null })
    const accountOwner =
      support === 'customer_level' && domain
        ? oneRow(await sql.query<{ owner: string | null }>('SELECT customer_account_owner($1) AS owner', [domain]), 'Account owner').owner
        : null
    // Nobody reviews what they registered: the account owner's own registration goes to the Partner Incentives team.
    const owner = accountOwner && accountOwner !== actor.userId ? accountOwner : null
    const { id } = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO deals (partner_id, registered_by, customer_name, customer_key, customer_domain, customer_country, customer_address, contact,
         products, product_lines, value, expected_close, stage, description, route, reviewer_id, support, big_deal, possible_conflict,
         submitted_at, review_due, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::numeric / 100, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $20, $20) RETURNING id`,
        [
          partnerId,
          actor.userId || null,
          input.customer.name,
          key,
          domain,
          input.customer.country,
          input.customer.address ?? null,
          input.contact ? JSON.stringify(input.contact) : null,
          input.products,
          productLines,
          cents.toString(),
          input.expectedCloseDate,
          input.stage ?? 'registered',
          input.description ?? null,
          owner ? 'account_owner' : 'incentives',
          owner,
          support,
          cents > BigInt(ctx.config.deals.bigDealUsd) * 100n,
          found.possibleConflict,
          now,
          due,
        ],
      ),
      'Deal',
    )
    const row = await findDealRow(sql, id)
    await addEvent(sql, actor, row, { kind: 'submitted', note: `Registered for ${partner.legalName}; decision expected by ${due}` }, now)
    if (found.possibleConflict) {
      await addEvent(
        sql,
        actor,
        row,
        { kind: 'possible_conflict', note: 'A possible conflict was found; the Partner Incentives team reviews it' },
        now,
      )
      await addEvent(sql, actor, row, { kind: 'conflicts', internal: true, data: { conflicts: found.conflicts } }, now)
    }
    const deal = toDeal(row, dayOf(now))
    await audit(ctx, sql, { entity: 'deal', entityId: id, action: 'create', partnerId, after: deal })
    await notify(ctx, sql, 'deal-submitted', row)
    await notify(ctx, sql, 'deal-assigned', row)
    if (deal.bigDeal) await notify(ctx, sql, 'deal-big-deal', row)
    return isExternal(actor) ? deal : { ...deal, conflicts: found.conflicts }
  })
}

/** Deals the actor may see, newest first: a partner user's own company's only. */
export async function listDeals(ctx: Ctx, q: DealListQuery): Promise<{ items: Deal[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'deals:read')
  const actor = ctx.actor
  const today = dayOf(ctx.now())
  const w = new Where()
  if (isExternal(actor)) w.add('d.partner_id = ?', actor.partnerId)
  if (q.partnerId) w.add('d.partner_id = ?', q.partnerId)
  if (q.status) w.add('d.status = ?', q.status)
  if (q.stage) w.add('d.stage = ?', q.stage)
  if (q.queue === 'incentives') w.add(`d.route = 'incentives' AND d.status IN ('submitted', 'info_requested')`)
  if (q.queue === 'mine') w.add(`d.reviewer_id = ? AND d.status IN ('submitted', 'info_requested')`, actor.userId)
  if (q.overdue) w.add(`(d.status = 'submitted' AND d.review_due < ?::date) = ?`, today, q.overdue === 'true')
  if (q.bigDeal) w.add('d.big_deal = ?', q.bigDeal === 'true')
  if (q.q) w.add('d.customer_name ILIKE ?', `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor)
    w.add('(d.submitted_at, d.id) < (?::timestamptz, ?::uuid)', at, id)
  }
  const limit = w.param(q.limit + 1)
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<DealRow>(`${SELECT_DEALS} ${w} ORDER BY d.submitted_at DESC, d.id DESC LIMIT ${limit}`, w.params)
    const page = rows.slice(0, q.limit)
    const last = page[page.length - 1]
    return {
      items: page.map((r) => toDeal(r, today)),
      nextCursor: rows.length > q.limit && last ? encodeCursor([last.submitted_at.toISOString(), last.id]) : null,
    }
  })
}

/** One deal with its history; internal users also get its current conflicts. */
export async function getDeal(ctx: Ctx, id: string): Promise<DealDetail> {
  assertCan(ctx.actor, 'deals:read')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const row = await findDealRow(sql, id)
    const deal: DealDetail = { ...toDeal(row, dayOf(ctx.now())), history: await historyOf(sql, id) }
    if (isExternal(actor)) return deal
    return { ...deal, conflicts: (await findConflicts(sql, factsOf(row))).conflicts }
  })
}

export const factsOf = (r: DealRow): CheckFacts => ({
  key: r.customer_key,
  domain: r.customer_domain,
  lines: r.product_lines,
  close: r.expected_close,
  exclude: r.id,
})

const APPROVED_FIELDS = new Set(['stage', 'value'])

/**
 * Changes a registration. Under review, every field (the conflict check runs again); approved, only its
 * stage and value — closing it (closed won/lost) ends its protection. Decided registrations are final.
 */
export async function updateDeal(ctx: Ctx, id: string, patch: DealPatch, expectedVersion?: number): Promise<Deal> {
  assertCan(ctx.actor, 'deals:update')
  const actor = ctx.actor
  const now = ctx.now()
  return inTx(ctx, async (sql) => {
    const before = await findDealRow(sql, id, true)
    if (expectedVersion !== undefined && expectedVersion !== before.version)
      throw new AppError('PRECONDITION_FAILED', `The deal is at version ${before.version}, not ${expectedVersion}; reload and retry`)
    const open = OPEN_REVIEW.includes(before.status)
    if (!open && before.status !== 'approved') throw new AppError('INVALID_TRANSITION', `A ${before.status} registration cannot change`)
    const fields = Object.keys(patch).filter((k) => patch[k as keyof DealPatch] !== undefined)
    if (before.status === 'approved') {
      const refused = fields.filter((f) => !APPROVED_FIELDS.has(f))
      if (refused.length)
        throw new AppError('VALIDATION_FAILED', 'Validation failed', {
          errors: refused.map((path) => ({ path, message: 'An approved registration changes only its stage and value' })),
        })
    }
    const closing = patch.stage === 'closed_won' || patch.stage === 'closed_lost'
    if (closing && open) throw invalid('stage', 'Only an approved registration can be closed')
    const c = patch.customer
    const { key, domain } = c ? customerFacts(c) : { key: before.customer_key, domain: before.customer_domain }
    const productLines = patch.products ? lines(patch.products) : before.product_lines
    const close = patch.expectedCloseDate ?? before.expected_close
    const cents = patch.value ? toCents(patch.value.amount) : BigInt(before.value_cents)
    const possible = open
      ? (await findConflicts(sql, { key, domain, lines: productLines, close, exclude: id })).possibleConflict
      : before.possible_conflict
    await sql.query(
      `UPDATE deals SET customer_name = $2, customer_key = $3, customer_domain = $4, customer_country = $5, customer_address = $6,
         contact = $7, products = $8, product_lines = $9, value = $10::numeric / 100, expected_close = $11, stage = $12, description = $13,
         possible_conflict = $14, big_deal = big_deal OR $15, status = CASE WHEN $16 THEN 'closed' ELSE status END,
         closed_at = CASE WHEN $16 THEN $17 ELSE closed_at END, version = version + 1, updated_at = $17
       WHERE id = $1`,
      [
        id,
        c?.name ?? before.customer_name,
        key,
        domain,
        c?.country ?? before.customer_country,
        c ? (c.address ?? null) : before.customer_address,
        patch.contact === undefined ? JSON.stringify(before.contact) : patch.contact === null ? null : JSON.stringify(patch.contact),
        patch.products ?? before.products,
        productLines,
        cents.toString(),
        close,
        patch.stage ?? before.stage,
        patch.description === undefined ? before.description : patch.description,
        possible,
        cents > BigInt(ctx.config.deals.bigDealUsd) * 100n,
        closing,
        now,
      ],
    )
    if (closing) await sql.query('DELETE FROM deal_protections WHERE deal_id = $1', [id])
    // An approved registration's value keeps its history; a change beyond the tolerance waits for review.
    const pending =
      before.status === 'approved' && cents !== BigInt(before.value_cents) && (await recordValueChange(ctx, sql, before, cents, actor, now))
    const row = await findDealRow(sql, id)
    const today = dayOf(now)
    const [b, a] = [toDeal(before, today), toDeal(row, today)]
    const changed = fields.filter((f) => JSON.stringify(b[f as keyof Deal]) !== JSON.stringify(a[f as keyof Deal]))
    const note =
      patch.stage && patch.stage !== before.stage ? `Stage ${before.stage} → ${patch.stage}` : `Changed: ${changed.join(', ') || 'nothing'}`
    await addEvent(sql, actor, row, { kind: closing ? 'closed' : 'updated', note, data: { fields: changed } }, now)
    if (pending)
      await addEvent(
        sql,
        actor,
        row,
        { kind: 'value-pending', note: `The new value ${a.value.amount} ${a.value.currency} counts once a reviewer approves it` },
        now,
      )
    await audit(ctx, sql, { entity: 'deal', entityId: id, action: 'update', partnerId: row.partner_id, before: b, after: a })
    return a
  })
}

/** Re-reads a deal inside a transaction for services that changed it. */
export const reload = async (ctx: Ctx, sql: Sql, id: string): Promise<Deal> => toDeal(await findDealRow(sql, id), dayOf(ctx.now()))
