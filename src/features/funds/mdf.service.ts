import { assertCan, can, isExternal, systemActor, type Actor } from '../../core/auth/permissions.ts'
import { todayOf } from '../../core/dates.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { checkDocument } from '../../core/documents.ts'
import { AppError } from '../../core/errors.ts'
import { emit } from '../../core/events.ts'
import { formatDecimal, parseDecimal, type Money } from '../../core/money.ts'
import { blobStore } from '../../core/storage.ts'
import { getPartner } from '../partners/partners.service.ts'
import { entitlement } from '../program/benefits.service.ts'
import {
  claimReminderDays,
  DEFAULT_CLAIM_WINDOW_DAYS,
  LIMITED_REQUEST_SHARE_PERCENT,
  type Allocation,
  type Claim,
  type MdfRequest,
  type PartnerFunds,
  type RequestInput,
} from './funds.contract.ts'
import { mdfEvents, type MdfEventData } from './funds.events.ts'
import { accountBalance, balancesOf, money, postTransaction, signedCents } from './ledger.ts'

const who = (col: string) =>
  `(SELECT json_build_object('id', w.id, 'name', w.name) FROM (SELECT id, name FROM staff WHERE id = ${col}
    UNION ALL SELECT id, name FROM users WHERE id = ${col}) w LIMIT 1)`
type Who = { id: string | null; name: string | null } | null
const notIncluded = (level: string) =>
  new AppError('BENEFIT_NOT_INCLUDED', `MDF management & tracking is not included in this partner's tier (${level})`)

/**
 * The MDF gate, through the one `entitlement`: refuses (BENEFIT_NOT_INCLUDED) when the partner's tier does
 * not include MDF management & tracking; answers the level, so callers apply what Limited means
 * (decision 005). Another company's partner answers 404 first.
 */
export async function mdfGate(ctx: Ctx, partnerId: string) {
  const e = await entitlement(ctx, partnerId, 'mdfTracking')
  if (!e.granted) throw notIncluded(e.text)
  return e
}

const scopeTo = (actor: Actor, partnerId: string | undefined): string | null => (isExternal(actor) ? actor.partnerId : (partnerId ?? null))

// ---- Balances ------------------------------------------------------------------------------------------

/** A partner's MDF balances by program year and currency, every figure a sum of ledger entries. */
export async function partnerFunds(ctx: Ctx, partnerId: string): Promise<PartnerFunds> {
  assertCan(ctx.actor, 'funds:read')
  const e = await mdfGate(ctx, partnerId)
  return inTx(ctx, async (sql) => {
    const rows = await balancesOf(sql, [partnerId])
    return {
      partnerId,
      benefit: { key: 'mdfTracking', level: e.level, meaning: e.meaning || null },
      items: rows.map((r) => ({
        fund: 'mdf' as const,
        programYear: r.programYear,
        currency: r.currency,
        allocated: money(-r.balances['mdf:funding'], r.currency),
        available: money(r.balances['mdf:available'], r.currency),
        committed: money(r.balances['mdf:committed'], r.currency),
        payable: money(r.balances['mdf:payable'], r.currency),
        paid: money(r.balances['mdf:paid'], r.currency),
        expired: money(r.balances['mdf:expired'], r.currency),
      })),
    }
  })
}

// ---- Allocations ---------------------------------------------------------------------------------------

type AllocationRow = {
  id: string
  partner_id: string
  partner_name: string
  program_year: number
  amount: string
  currency: string
  ends_on: string
  expired_at: Date | null
  version: number
}
const SELECT_ALLOCATION = `SELECT a.id, a.partner_id, p.legal_name AS partner_name, a.program_year, a.amount::text, a.currency, a.ends_on::text,
  a.expired_at, a.version FROM mdf_allocations a JOIN partners p ON p.id = a.partner_id`
const toAllocation = (r: AllocationRow): Allocation => ({
  id: r.id,
  partnerId: r.partner_id,
  partnerName: r.partner_name,
  programYear: r.program_year,
  amount: { amount: r.amount, currency: r.currency },
  endsOn: r.ends_on,
  expiredAt: r.expired_at?.toISOString() ?? null,
  version: r.version,
})

export async function listAllocations(ctx: Ctx, q: { partnerId?: string; programYear?: number }): Promise<Allocation[]> {
  assertCan(ctx.actor, 'funds:read')
  const partnerId = scopeTo(ctx.actor, q.partnerId)
  if (partnerId) await mdfGate(ctx, partnerId)
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<AllocationRow>(
      `${SELECT_ALLOCATION} WHERE ($1::uuid IS NULL OR a.partner_id = $1) AND ($2::int IS NULL OR a.program_year = $2)
       ORDER BY a.program_year DESC, p.legal_name`,
      [partnerId, q.programYear ?? null],
    )
    return rows.map(toAllocation)
  })
}

/**
 * Sets a partner's allocation for a program year: the tier's default when no amount is given, else the amount.
 * The change is a ledger transaction (the first an allocation, later ones adjustments of the difference);
 * lowering it below what is already committed is refused. The allocation expires after 31 December.
 */
export async function setAllocation(ctx: Ctx, input: { partnerId: string; programYear: number; amount?: Money }): Promise<Allocation> {
  assertCan(ctx.actor, 'funds:manage')
  const partner = await getPartner(ctx, input.partnerId)
  await mdfGate(ctx, input.partnerId)
  return inTx(ctx, async (sql) => {
    let target = input.amount
    if (!target) {
      const [d] = await sql.query<{ amount: string; currency: string }>(
        'SELECT amount::text, currency FROM mdf_tier_defaults WHERE program_year = $1 AND tier = $2',
        [input.programYear, partner.tier],
      )
      if (!d)
        throw new AppError('VALIDATION_FAILED', 'Validation failed', {
          errors: [
            {
              path: 'amount',
              message: `No default allocation for ${partner.tier ?? 'partners without a tier'} in ${input.programYear}; give an amount`,
            },
          ],
        })
      target = d
    }
    const [existing] = await sql.query<AllocationRow>(
      `${SELECT_ALLOCATION} WHERE a.partner_id = $1 AND a.program_year = $2 FOR UPDATE OF a`,
      [input.partnerId, input.programYear],
    )
    if (existing?.expired_at) throw new AppError('INVALID_TRANSITION', `The ${input.programYear} allocation has expired`)
    if (existing && existing.currency !== target.currency)
      throw new AppError('VALIDATION_FAILED', 'Validation failed', {
        errors: [{ path: 'amount.currency', message: `The allocation is in ${existing.currency}; its currency does not change` }],
      })
    const delta = parseDecimal(target.amount) - (existing ? parseDecimal(existing.amount) : 0n)
    let id = existing?.id
    if (!existing) {
      const [row] = await sql.query<{ id: string }>(
        `INSERT INTO mdf_allocations (partner_id, program_year, amount, currency, ends_on, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, make_date($2, 12, 31), $5, $6) RETURNING id`,
        [input.partnerId, input.programYear, target.amount, target.currency, ctx.actor!.userId || null, ctx.now()],
      )
      id = row!.id
    } else if (delta !== 0n) {
      if (delta < 0n) {
        const available = await accountBalance(sql, input.partnerId, input.programYear, 'mdf:available', existing.currency)
        if (available + delta < 0n)
          throw new AppError(
            'FUNDS_INSUFFICIENT',
            `Only ${formatDecimal(available)} ${existing.currency} is uncommitted; the allocation cannot drop by ${formatDecimal(-delta)}`,
          )
      }
      await sql.query('UPDATE mdf_allocations SET amount = $2, version = version + 1, updated_by = $3, updated_at = $4 WHERE id = $1', [
        existing.id,
        target.amount,
        ctx.actor!.userId || null,
        ctx.now(),
      ])
    }
    if (delta !== 0n)
      await postTransaction(ctx, sql, {
        kind: existing ? 'adjustment' : 'allocation',
        partnerId: input.partnerId,
        programYear: input.programYear,
        sourceType: 'allocation',
        sourceId: id!,
        memo: existing
          ? `Allocation ${input.programYear} changed to ${target.amount} ${target.currency}`
          : `Allocation ${input.programYear}`,
        currency: target.currency,
        postings: [
          { account: 'mdf:funding', cents: -delta },
          { account: 'mdf:available', cents: delta },
        ],
      })
    await audit(ctx, sql, {
      entity: 'mdf_allocation',
      entityId: id!,
      action: existing ? 'update' : 'create',
      partnerId: input.partnerId,
      before: existing ? { amount: existing.amount, currency: existing.currency } : undefined,
      after: { programYear: input.programYear, amount: target.amount, currency: target.currency },
    })
    const [row] = await sql.query<AllocationRow>(`${SELECT_ALLOCATION} WHERE a.id = $1`, [id])
    return toAllocation(row!)
  })
}

// ---- Approval limits -----------------------------------------------------------------------------------

export async function listLimits(ctx: Ctx) {
  assertCan(ctx.actor, 'funds:manage')
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<{
      id: string
      user_id: string | null
      user_name: string | null
      role: 'marketing' | 'incentives' | null
      amount: string
      currency: string
    }>(
      `SELECT l.id, l.user_id, u.name AS user_name, l.role, l.amount::text, l.currency FROM mdf_approval_limits l
       LEFT JOIN staff u ON u.id = l.user_id ORDER BY l.role NULLS LAST, u.name, l.currency`,
    )
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      userName: r.user_name,
      role: r.role,
      limit: { amount: r.amount, currency: r.currency },
    }))
  })
}

/** Sets the approval limit of a user (wins over the role's) or of a role, in one currency. */
export async function setLimit(ctx: Ctx, input: { userId?: string; role?: 'marketing' | 'incentives'; limit: Money }) {
  assertCan(ctx.actor, 'funds:manage')
  return inTx(ctx, async (sql) => {
    if (input.userId) {
      const [u] = await sql.query<{ role: string }>('SELECT role FROM users WHERE id = $1 AND partner_id IS NULL', [input.userId])
      if (!u || !['marketing', 'incentives'].includes(u.role))
        throw new AppError('VALIDATION_FAILED', 'Validation failed', {
          errors: [{ path: 'userId', message: 'Not a Marketing or Partner Incentives user' }],
        })
    }
    const [row] = await sql.query<{ id: string }>(
      input.userId
        ? `INSERT INTO mdf_approval_limits (user_id, amount, currency, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id, currency) WHERE user_id IS NOT NULL DO UPDATE SET amount = EXCLUDED.amount, updated_at = EXCLUDED.updated_at RETURNING id`
        : `INSERT INTO mdf_approval_limits (role, amount, currency, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (role, currency) WHERE role IS NOT NULL DO UPDATE SET amount = EXCLUDED.amount, updated_at = EXCLUDED.updated_at RETURNING id`,
      [input.userId ?? input.role, input.limit.amount, input.limit.currency, ctx.now()],
    )
    await audit(ctx, sql, { entity: 'mdf_approval_limit', entityId: row!.id, action: 'set', after: input })
    return { id: row!.id, userId: input.userId ?? null, userName: null, role: input.role ?? null, limit: input.limit }
  })
}

/** The approver's limit in a currency: their own, else their role's; none means every approval needs a second approver. */
async function limitOf(sql: Sql, actor: Actor, currency: string): Promise<bigint> {
  const [row] = await sql.query<{ amount: string }>(
    `SELECT amount::text FROM mdf_approval_limits WHERE currency = $3 AND (user_id = $1 OR (user_id IS NULL AND role = $2))
     ORDER BY user_id NULLS LAST LIMIT 1`,
    [actor.userId || null, actor.role, currency],
  )
  return row ? parseDecimal(row.amount) : 0n
}

// ---- Requests and claims: reading ----------------------------------------------------------------------

type RequestRow = {
  id: string
  partner_id: string
  partner_name: string
  allocation_id: string
  program_year: number
  activity_type: MdfRequest['activityType']
  title: string
  plan: string
  expected_outcomes: string
  starts_on: string
  ends_on: string
  amount: string
  currency: string
  claim_window_days: number
  claim_deadline: string
  status: MdfRequest['status']
  submitted_by: string | null
  submitted_at: Date
  submitted_who: Who
  first_approved_at: Date | null
  first_approved_who: Who
  first_approved_by: string | null
  approved_at: Date | null
  approved_who: Who
  rejected_at: Date | null
  rejected_who: Who
  rejection_reason: string | null
  closed_at: Date | null
  released_amount: string | null
  claimed: string
}
const SELECT_REQUEST = `SELECT r.id, r.partner_id, p.legal_name AS partner_name, r.allocation_id, r.program_year, r.activity_type, r.title,
  r.plan, r.expected_outcomes, r.starts_on::text, r.ends_on::text, r.amount::text, r.currency, r.claim_window_days,
  (r.ends_on + r.claim_window_days)::text AS claim_deadline, r.status, r.submitted_by, r.submitted_at, ${who('r.submitted_by')} AS submitted_who,
  r.first_approved_at, r.first_approved_by, ${who('r.first_approved_by')} AS first_approved_who, r.approved_at, ${who('r.approved_by')} AS approved_who,
  r.rejected_at, ${who('r.rejected_by')} AS rejected_who, r.rejection_reason, r.closed_at, r.released_amount::text,
  (SELECT coalesce(sum(c.amount), 0)::text FROM mdf_claims c WHERE c.request_id = r.id AND c.status <> 'rejected') AS claimed
  FROM mdf_requests r JOIN partners p ON p.id = r.partner_id`

type ClaimRow = {
  id: string
  request_id: string
  partner_id: string
  amount: string
  currency: string
  description: string
  status: Claim['status']
  submitted_at: Date
  submitted_who: Who
  more_proof_requested_at: Date | null
  more_proof_note: string | null
  approved_at: Date | null
  approved_who: Who
  rejected_at: Date | null
  rejected_who: Who
  rejection_reason: string | null
  paid_at: Date | null
  paid_who: Who
  payment_reference: string | null
  submitted_by: string | null
}
const SELECT_CLAIM = `SELECT c.id, c.request_id, c.partner_id, c.amount::text, c.currency, c.description, c.status, c.submitted_at, c.submitted_by,
  ${who('c.submitted_by')} AS submitted_who, c.more_proof_requested_at, c.more_proof_note, c.approved_at, ${who('c.approved_by')} AS approved_who,
  c.rejected_at, ${who('c.rejected_by')} AS rejected_who, c.rejection_reason, c.paid_at, ${who('c.paid_by')} AS paid_who, c.payment_reference
  FROM mdf_claims c`

type Step = MdfRequest['steps'][number]
const stepsOf = (list: [string, Date | null, Who, string | null][]): Step[] =>
  list
    .filter((s): s is [string, Date, Who, string | null] => !!s[1])
    .map(([step, at, by, note]) => ({ step, at: at.toISOString(), by, note }))
    .sort((a, b) => a.at.localeCompare(b.at))

async function claimsOf(sql: Sql, requestIds: string[]): Promise<Map<string, Claim[]>> {
  const out = new Map<string, Claim[]>()
  if (!requestIds.length) return out
  const rows = await sql.query<ClaimRow>(`${SELECT_CLAIM} WHERE c.request_id = ANY($1::uuid[]) ORDER BY c.submitted_at, c.id`, [requestIds])
  const files = await sql.query<{
    id: string
    claim_id: string
    filename: string
    content_type: string
    size_bytes: number
    uploaded_at: Date
  }>(
    `SELECT id, claim_id, filename, content_type, size_bytes, uploaded_at FROM mdf_claim_files WHERE claim_id = ANY($1::uuid[]) ORDER BY uploaded_at, id`,
    [rows.map((r) => r.id)],
  )
  for (const r of rows) {
    const claim: Claim = {
      id: r.id,
      requestId: r.request_id,
      partnerId: r.partner_id,
      amount: { amount: r.amount, currency: r.currency },
      description: r.description,
      status: r.status,
      rejectionReason: r.rejection_reason,
      moreProofNote: r.more_proof_note,
      paymentReference: r.payment_reference,
      files: files
        .filter((f) => f.claim_id === r.id)
        .map((f) => ({
          id: f.id,
          filename: f.filename,
          contentType: f.content_type,
          sizeBytes: f.size_bytes,
          uploadedAt: f.uploaded_at.toISOString(),
        })),
      steps: stepsOf([
        ['submitted', r.submitted_at, r.submitted_who, null],
        ['more proof requested', r.more_proof_requested_at, null, r.more_proof_note],
        ['approved', r.approved_at, r.approved_who, null],
        ['rejected', r.rejected_at, r.rejected_who, r.rejection_reason],
        ['paid', r.paid_at, r.paid_who, r.payment_reference],
      ]),
    }
    out.set(r.request_id, [...(out.get(r.request_id) ?? []), claim])
  }
  return out
}

const toRequest = (r: RequestRow, claims: Claim[]): MdfRequest => ({
  id: r.id,
  partnerId: r.partner_id,
  partnerName: r.partner_name,
  programYear: r.program_year,
  activityType: r.activity_type,
  title: r.title,
  plan: r.plan,
  expectedOutcomes: r.expected_outcomes,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  amount: { amount: r.amount, currency: r.currency },
  status: r.status,
  claimDeadline: r.claim_deadline,
  claimWindowDays: r.claim_window_days,
  claimed: { amount: r.claimed, currency: r.currency },
  rejectionReason: r.rejection_reason,
  releasedAmount: r.released_amount === null ? null : { amount: r.released_amount, currency: r.currency },
  steps: stepsOf([
    ['submitted', r.submitted_at, r.submitted_who, null],
    ['first approval', r.first_approved_at, r.first_approved_who, null],
    ['approved', r.approved_at, r.approved_who, null],
    ['rejected', r.rejected_at, r.rejected_who, r.rejection_reason],
    ['closed', r.closed_at, null, r.released_amount === null ? null : `${r.released_amount} ${r.currency} released`],
  ]),
  claims,
})

async function findRequest(ctx: Ctx, sql: Sql, id: string, lock = false): Promise<RequestRow> {
  const actor = ctx.actor!
  const [row] = await sql.query<RequestRow>(
    `${SELECT_REQUEST} WHERE r.id = $1 AND ($2::uuid IS NULL OR r.partner_id = $2)${lock ? ' FOR UPDATE OF r' : ''}`,
    [id, isExternal(actor) ? actor.partnerId : null],
  )
  if (!row) throw new AppError('MDF_REQUEST_NOT_FOUND', 'MDF request not found')
  return row
}

async function requestOut(sql: Sql, row: RequestRow): Promise<MdfRequest> {
  return toRequest(row, (await claimsOf(sql, [row.id])).get(row.id) ?? [])
}

export async function getRequest(ctx: Ctx, id: string): Promise<MdfRequest> {
  assertCan(ctx.actor, 'funds:read')
  const row = await inTx(ctx, (sql) => findRequest(ctx, sql, id))
  await mdfGate(ctx, row.partner_id)
  return inTx(ctx, async (sql) => requestOut(sql, await findRequest(ctx, sql, id)))
}

/**
 * Requests with their claims, newest first: a partner's users see their own company's; staff see all or one
 * partner's. `queue` keeps those waiting for a decision: requests to approve and claims to decide or pay.
 */
export async function listRequests(
  ctx: Ctx,
  q: { partnerId?: string; status?: MdfRequest['status']; queue?: 'true' | 'false' },
): Promise<MdfRequest[]> {
  assertCan(ctx.actor, 'funds:read')
  const partnerId = scopeTo(ctx.actor, q.partnerId)
  if (partnerId) await mdfGate(ctx, partnerId)
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<RequestRow>(
      `${SELECT_REQUEST} WHERE ($1::uuid IS NULL OR r.partner_id = $1) AND ($2::text IS NULL OR r.status = $2)
       AND (NOT $3 OR r.status IN ('submitted', 'awaiting_second_approval')
            OR EXISTS (SELECT 1 FROM mdf_claims c WHERE c.request_id = r.id AND c.status IN ('submitted', 'approved')))
       ORDER BY r.submitted_at DESC, r.id LIMIT 500`,
      [partnerId, q.status ?? null, q.queue === 'true'],
    )
    const claims = await claimsOf(
      sql,
      rows.map((r) => r.id),
    )
    return rows.map((r) => toRequest(r, claims.get(r.id) ?? []))
  })
}

function eventData(r: RequestRow, status: string, extra: Partial<MdfEventData> = {}): MdfEventData {
  return {
    requestId: r.id,
    partnerId: r.partner_id,
    partner: r.partner_name,
    title: r.title,
    amount: { amount: r.amount, currency: r.currency },
    status,
    submittedBy: r.submitted_by,
    claimDeadline: r.claim_deadline,
    ...extra,
  }
}

// ---- Requests: writing ---------------------------------------------------------------------------------

/**
 * A request for pre-approval, by the partner (or Marketing on its behalf), against the partner's allocation
 * for the year the activity starts, in that allocation's currency. At a Limited MDF benefit a request may ask
 * for at most 25 % of the year's allocation (decision 005).
 */
export async function createRequest(ctx: Ctx, input: RequestInput): Promise<MdfRequest> {
  assertCan(ctx.actor, 'funds:request')
  await getPartner(ctx, input.partnerId)
  const gate = await mdfGate(ctx, input.partnerId)
  const programYear = Number(input.startsOn.slice(0, 4))
  return inTx(ctx, async (sql) => {
    const [alloc] = await sql.query<AllocationRow>(`${SELECT_ALLOCATION} WHERE a.partner_id = $1 AND a.program_year = $2`, [
      input.partnerId,
      programYear,
    ])
    const fieldErr = (path: string, message: string) =>
      new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path, message }] })
    if (!alloc) throw fieldErr('startsOn', `The partner has no MDF allocation for ${programYear}`)
    if (alloc.expired_at) throw fieldErr('startsOn', `The ${programYear} allocation has expired`)
    if (input.endsOn > alloc.ends_on)
      throw fieldErr('endsOn', `The activity must end within the ${programYear} program year (by ${alloc.ends_on})`)
    if (input.amount.currency !== alloc.currency) throw fieldErr('amount.currency', `The ${programYear} allocation is in ${alloc.currency}`)
    const cents = parseDecimal(input.amount.amount)
    if (cents === 0n) throw fieldErr('amount.amount', 'Must be more than zero')
    if (gate.level === 'limited') {
      const cap = (parseDecimal(alloc.amount) * LIMITED_REQUEST_SHARE_PERCENT) / 100n
      if (cents > cap)
        throw new AppError(
          'BENEFIT_NOT_INCLUDED',
          `At the partner's Limited MDF benefit one request may ask for at most ${LIMITED_REQUEST_SHARE_PERCENT}% of the year's allocation (${formatDecimal(cap)} ${alloc.currency})`,
        )
    }
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO mdf_requests (partner_id, allocation_id, program_year, activity_type, title, plan, expected_outcomes, starts_on, ends_on,
         amount, currency, claim_window_days, status, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'submitted', $13, $14) RETURNING id`,
      [
        input.partnerId,
        alloc.id,
        programYear,
        input.activityType,
        input.title,
        input.plan,
        input.expectedOutcomes,
        input.startsOn,
        input.endsOn,
        input.amount.amount,
        alloc.currency,
        DEFAULT_CLAIM_WINDOW_DAYS,
        ctx.actor!.userId || null,
        ctx.now(),
      ],
    )
    const req = await findRequest(ctx, sql, row!.id)
    await audit(ctx, sql, { entity: 'mdf_request', entityId: req.id, action: 'create', partnerId: req.partner_id, after: input })
    await emit(ctx, sql, mdfEvents.requestSubmitted, eventData(req, 'submitted'))
    return requestOut(sql, req)
  })
}

/** Locks the partner's allocation row: every change to its available balance goes one at a time. */
async function lockAllocation(sql: Sql, allocationId: string) {
  await sql.query('SELECT id FROM mdf_allocations WHERE id = $1 FOR UPDATE', [allocationId])
}

/**
 * Approves a request. Within the approver's limit (their own, else their role's, in the request's currency)
 * one approval commits the funds; above it the request waits for a second, different approver. The
 * commitment locks the partner's allocation first, so concurrent approvals take turns and none takes the
 * available balance below zero (the database checks the same at commit).
 */
export async function approveRequest(ctx: Ctx, id: string): Promise<MdfRequest> {
  assertCan(ctx.actor, 'funds:approve')
  const actor = ctx.actor
  const first = await inTx(ctx, (sql) => findRequest(ctx, sql, id))
  await mdfGate(ctx, first.partner_id)
  return inTx(ctx, async (sql) => {
    await lockAllocation(sql, first.allocation_id)
    const r = await findRequest(ctx, sql, id, true)
    if (r.status !== 'submitted' && r.status !== 'awaiting_second_approval')
      throw new AppError('INVALID_TRANSITION', `The request is ${r.status.replace(/_/g, ' ')}`)
    const cents = parseDecimal(r.amount)
    if (r.status === 'submitted' && cents > (await limitOf(sql, actor, r.currency))) {
      await sql.query(
        `UPDATE mdf_requests SET status = 'awaiting_second_approval', first_approved_by = $2, first_approved_at = $3, version = version + 1 WHERE id = $1`,
        [id, actor.userId, ctx.now()],
      )
      await audit(ctx, sql, { entity: 'mdf_request', entityId: id, action: 'first_approval', partnerId: r.partner_id })
      const updated = await findRequest(ctx, sql, id)
      await emit(ctx, sql, mdfEvents.requestDecided, eventData(updated, 'awaiting_second_approval'))
      return requestOut(sql, updated)
    }
    if (r.status === 'awaiting_second_approval' && r.first_approved_by === actor.userId)
      throw new AppError('INVALID_TRANSITION', 'A second approver is needed: someone other than the first approver')
    const available = await accountBalance(sql, r.partner_id, r.program_year, 'mdf:available', r.currency)
    if (available < cents)
      throw new AppError(
        'FUNDS_INSUFFICIENT',
        `Only ${formatDecimal(available)} ${r.currency} of the ${r.program_year} allocation is available; the request asks for ${r.amount}`,
        { available: money(available, r.currency) },
      )
    await postTransaction(ctx, sql, {
      kind: 'commitment',
      partnerId: r.partner_id,
      programYear: r.program_year,
      sourceType: 'request',
      sourceId: r.id,
      memo: `Approved: ${r.title}`,
      currency: r.currency,
      postings: [
        { account: 'mdf:available', cents: -cents },
        { account: 'mdf:committed', cents },
      ],
    })
    await sql.query(
      `UPDATE mdf_requests SET status = 'approved', approved_by = $2, approved_at = $3, version = version + 1 WHERE id = $1`,
      [id, actor.userId || null, ctx.now()],
    )
    await audit(ctx, sql, { entity: 'mdf_request', entityId: id, action: 'approve', partnerId: r.partner_id })
    const updated = await findRequest(ctx, sql, id)
    await emit(ctx, sql, mdfEvents.requestDecided, eventData(updated, 'approved'))
    return requestOut(sql, updated)
  })
}

export async function rejectRequest(ctx: Ctx, id: string, reason: string): Promise<MdfRequest> {
  assertCan(ctx.actor, 'funds:approve')
  const first = await inTx(ctx, (sql) => findRequest(ctx, sql, id))
  await mdfGate(ctx, first.partner_id)
  return inTx(ctx, async (sql) => {
    const r = await findRequest(ctx, sql, id, true)
    if (r.status !== 'submitted' && r.status !== 'awaiting_second_approval')
      throw new AppError('INVALID_TRANSITION', `The request is ${r.status.replace(/_/g, ' ')}`)
    await sql.query(
      `UPDATE mdf_requests SET status = 'rejected', rejected_by = $2, rejected_at = $3, rejection_reason = $4, version = version + 1 WHERE id = $1`,
      [id, ctx.actor!.userId || null, ctx.now(), reason],
    )
    await audit(ctx, sql, { entity: 'mdf_request', entityId: id, action: 'reject', partnerId: r.partner_id, after: { reason } })
    const updated = await findRequest(ctx, sql, id)
    await emit(ctx, sql, mdfEvents.requestDecided, eventData(updated, 'rejected', { note: reason }))
    return requestOut(sql, updated)
  })
}

// ---- Claims --------------------------------------------------------------------------------------------

/** Whether a claim may still be filed on `today` (UTC): through the end date plus the claim window, inclusive. */
export const claimWindowOpen = (claimDeadline: string, today: string): boolean => today <= claimDeadline

async function storeProof(
  ctx: Ctx,
  sql: Sql,
  claimId: string,
  partnerId: string,
  file: { name: string; bytes: Uint8Array },
  doc: { mime: string; filename: string },
) {
  const stored = await blobStore(ctx).put(file.bytes)
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO mdf_claim_files (claim_id, partner_id, filename, content_type, size_bytes, sha256, uploaded_by, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [claimId, partnerId, doc.filename, doc.mime, stored.size, stored.sha256, ctx.actor?.userId || null, ctx.now()],
  )
  await audit(ctx, sql, {
    entity: 'mdf_claim_file',
    entityId: row!.id,
    action: 'upload',
    partnerId,
    after: { claimId, filename: doc.filename, sha256: stored.sha256 },
  })
}

/**
 * A claim against an approved request, with a first proof of performance (a PDF or image judged from its
 * bytes), from the activity's start through the claim window; claims may be partial, and together (rejected ones aside) never exceed
 * the approved amount.
 */
export async function createClaim(
  ctx: Ctx,
  requestId: string,
  details: { amount: Money; description: string },
  file: { name: string; bytes: Uint8Array },
): Promise<MdfRequest> {
  assertCan(ctx.actor, 'funds:request')
  const first = await inTx(ctx, (sql) => findRequest(ctx, sql, requestId))
  await mdfGate(ctx, first.partner_id)
  const doc = await checkDocument(file, ctx.config.documentLimitBytes)
  return inTx(ctx, async (sql) => {
    const r = await findRequest(ctx, sql, requestId, true)
    if (r.status !== 'approved')
      throw new AppError('INVALID_TRANSITION', `Claims are made against approved requests; this one is ${r.status.replace(/_/g, ' ')}`)
    const today = todayOf(ctx.now())
    if (today < r.starts_on) throw new AppError('INVALID_TRANSITION', `Claims open when the activity starts, on ${r.starts_on}`)
    if (!claimWindowOpen(r.claim_deadline, today))
      throw new AppError(
        'CLAIM_WINDOW_CLOSED',
        `The claim window closed on ${r.claim_deadline} (${r.claim_window_days} days after the activity ended)`,
      )
    if (details.amount.currency !== r.currency)
      throw new AppError('VALIDATION_FAILED', 'Validation failed', {
        errors: [{ path: 'amount.currency', message: `The request is in ${r.currency}` }],
      })
    const cents = parseDecimal(details.amount.amount)
    const left = parseDecimal(r.amount) - parseDecimal(r.claimed)
    if (cents === 0n || cents > left)
      throw new AppError('VALIDATION_FAILED', 'Validation failed', {
        errors: [
          {
            path: 'amount.amount',
            message: `More than zero and at most ${formatDecimal(left)} ${r.currency} (approved ${r.amount}, claimed ${r.claimed})`,
          },
        ],
      })
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO mdf_claims (request_id, partner_id, amount, currency, description, status, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7) RETURNING id`,
      [r.id, r.partner_id, details.amount.amount, r.currency, details.description, ctx.actor!.userId || null, ctx.now()],
    )
    await storeProof(ctx, sql, row!.id, r.partner_id, file, doc)
    await audit(ctx, sql, { entity: 'mdf_claim', entityId: row!.id, action: 'create', partnerId: r.partner_id, after: details })
    await emit(ctx, sql, mdfEvents.claimSubmitted, eventData(r, 'submitted', { claimId: row!.id, amount: details.amount }))
    return requestOut(sql, await findRequest(ctx, sql, requestId))
  })
}

type ClaimCtx = { claim: ClaimRow; request: RequestRow }
async function findClaim(ctx: Ctx, sql: Sql, claimId: string, lock = false): Promise<ClaimCtx> {
  const actor = ctx.actor!
  const [claim] = await sql.query<ClaimRow>(
    `${SELECT_CLAIM} WHERE c.id = $1 AND ($2::uuid IS NULL OR c.partner_id = $2)${lock ? ' FOR UPDATE OF c' : ''}`,
    [claimId, isExternal(actor) ? actor.partnerId : null],
  )
  if (!claim) throw new AppError('MDF_CLAIM_NOT_FOUND', 'MDF claim not found')
  return { claim, request: await findRequest(ctx, sql, claim.request_id) }
}

/** More proof for a claim (the partner; also when a reviewer asked for it, which sends the claim back for review). */
export async function addProof(ctx: Ctx, claimId: string, file: { name: string; bytes: Uint8Array }): Promise<MdfRequest> {
  assertCan(ctx.actor, 'funds:request')
  const first = await inTx(ctx, (sql) => findClaim(ctx, sql, claimId))
  await mdfGate(ctx, first.claim.partner_id)
  const doc = await checkDocument(file, ctx.config.documentLimitBytes)
  return inTx(ctx, async (sql) => {
    const { claim, request } = await findClaim(ctx, sql, claimId, true)
    if (claim.status !== 'submitted' && claim.status !== 'more_proof_requested')
      throw new AppError('INVALID_TRANSITION', `The claim is ${claim.status.replace(/_/g, ' ')}`)
    await storeProof(ctx, sql, claim.id, claim.partner_id, file, doc)
    if (claim.status === 'more_proof_requested') {
      await sql.query(`UPDATE mdf_claims SET status = 'submitted', version = version + 1 WHERE id = $1`, [claim.id])
      await emit(
        ctx,
        sql,
        mdfEvents.claimSubmitted,
        eventData(request, 'submitted', { claimId: claim.id, amount: { amount: claim.amount, currency: claim.currency } }),
      )
    }
    return requestOut(sql, await findRequest(ctx, sql, request.id))
  })
}

export async function downloadProof(
  ctx: Ctx,
  claimId: string,
  fileId: string,
): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
  assertCan(ctx.actor, 'funds:read')
  const { claim } = await inTx(ctx, (sql) => findClaim(ctx, sql, claimId))
  await mdfGate(ctx, claim.partner_id)
  const [f] = await inTx(ctx, (sql) =>
    sql.query<{ filename: string; content_type: string; sha256: string }>(
      'SELECT filename, content_type, sha256 FROM mdf_claim_files WHERE id = $1 AND claim_id = $2',
      [fileId, claimId],
    ),
  )
  if (!f) throw new AppError('DOCUMENT_NOT_FOUND', 'Proof not found')
  const bytes = await blobStore(ctx).get(f.sha256)
  if (!bytes) throw new AppError('DOCUMENT_NOT_FOUND', 'Proof not found in the document store')
  return { filename: f.filename, contentType: f.content_type, bytes }
}

type ClaimDecision =
  | { action: 'approve' }
  | { action: 'reject'; reason: string }
  | { action: 'more_proof'; note: string }
  | { action: 'pay'; reference: string }

/**
 * A reviewer's decision on a claim: approve (commitment → payable), reject with a reason (the amount is
 * released back to the request, or to the fund once the request is closed), ask for more proof, or record
 * the payment of an approved claim with its reference (payable → paid).
 */
export async function decideClaim(ctx: Ctx, claimId: string, d: ClaimDecision): Promise<MdfRequest> {
  assertCan(ctx.actor, d.action === 'pay' ? 'funds:pay' : 'funds:approve')
  const first = await inTx(ctx, (sql) => findClaim(ctx, sql, claimId))
  await mdfGate(ctx, first.claim.partner_id)
  return inTx(ctx, async (sql) => {
    await lockAllocation(sql, first.request.allocation_id)
    const { claim, request } = await findClaim(ctx, sql, claimId, true)
    const allowed: Record<ClaimDecision['action'], Claim['status'][]> = {
      approve: ['submitted'],
      reject: ['submitted', 'more_proof_requested'],
      more_proof: ['submitted'],
      pay: ['approved'],
    }
    if (!allowed[d.action].includes(claim.status))
      throw new AppError('INVALID_TRANSITION', `The claim is ${claim.status.replace(/_/g, ' ')}`)
    const cents = parseDecimal(claim.amount)
    const userId = ctx.actor!.userId || null
    const base = {
      partnerId: claim.partner_id,
      programYear: request.program_year,
      sourceType: 'claim' as const,
      sourceId: claim.id,
      currency: claim.currency,
    }
    let note: string | null = null
    let status: Claim['status']
    if (d.action === 'approve') {
      await postTransaction(ctx, sql, {
        ...base,
        kind: 'claim',
        memo: `Claim approved: ${request.title}`,
        postings: [
          { account: 'mdf:committed', cents: -cents },
          { account: 'mdf:payable', cents },
        ],
      })
      await sql.query(
        `UPDATE mdf_claims SET status = 'approved', approved_by = $2, approved_at = $3, version = version + 1 WHERE id = $1`,
        [claim.id, userId, ctx.now()],
      )
      status = 'approved'
    } else if (d.action === 'reject') {
      await sql.query(
        `UPDATE mdf_claims SET status = 'rejected', rejected_by = $2, rejected_at = $3, rejection_reason = $4, version = version + 1 WHERE id = $1`,
        [claim.id, userId, ctx.now(), d.reason],
      )
      if (request.status === 'closed') await releaseCommitment(ctx, sql, request, cents, `Rejected claim released: ${request.title}`)
      note = d.reason
      status = 'rejected'
    } else if (d.action === 'more_proof') {
      await sql.query(
        `UPDATE mdf_claims SET status = 'more_proof_requested', more_proof_requested_at = $2, more_proof_note = $3, version = version + 1 WHERE id = $1`,
        [claim.id, ctx.now(), d.note],
      )
      note = d.note
      status = 'more_proof_requested'
    } else {
      await postTransaction(ctx, sql, {
        ...base,
        kind: 'payment',
        memo: `Paid (${d.reference}): ${request.title}`,
        postings: [
          { account: 'mdf:payable', cents: -cents },
          { account: 'mdf:paid', cents },
        ],
      })
      await sql.query(
        `UPDATE mdf_claims SET status = 'paid', paid_by = $2, paid_at = $3, payment_reference = $4, version = version + 1 WHERE id = $1`,
        [claim.id, userId, ctx.now(), d.reference],
      )
      note = d.reference
      status = 'paid'
    }
    await audit(ctx, sql, { entity: 'mdf_claim', entityId: claim.id, action: d.action, partnerId: claim.partner_id, after: d })
    await emit(
      ctx,
      sql,
      mdfEvents.claimDecided,
      eventData(request, status, { claimId: claim.id, note, amount: { amount: claim.amount, currency: claim.currency } }),
    )
    return requestOut(sql, await findRequest(ctx, sql, request.id))
  })
}

/** Gives committed funds back: to the available balance, or straight to expired once the allocation has expired. */
async function releaseCommitment(ctx: Ctx, sql: Sql, r: RequestRow, cents: bigint, memo: string) {
  if (cents <= 0n) return
  const [a] = await sql.query<{ expired_at: Date | null }>('SELECT expired_at FROM mdf_allocations WHERE id = $1', [r.allocation_id])
  await postTransaction(ctx, sql, {
    kind: a?.expired_at ? 'expiry' : 'release',
    partnerId: r.partner_id,
    programYear: r.program_year,
    sourceType: 'request',
    sourceId: r.id,
    memo,
    currency: r.currency,
    postings: [
      { account: 'mdf:committed', cents: -cents },
      { account: a?.expired_at ? 'mdf:expired' : 'mdf:available', cents },
    ],
  })
}

// ---- The daily job: claim windows, expiry, reminders ---------------------------------------------------

/**
 * Closes approved requests whose claim window has passed (the part not claimed is released, as a ledger
 * transaction), expires allocations after their end date (the available balance moves to expired), and
 * reminds partners 14 and 3 days before a claim window closes. Idempotent: a second run the same day
 * writes nothing.
 */
export async function runMdfDaily(ctx: Ctx): Promise<{ closed: number; expired: number; reminders: number }> {
  const sys: Ctx = { ...ctx, actor: ctx.actor && !isExternal(ctx.actor) ? ctx.actor : systemActor }
  const today = todayOf(ctx.now())
  return inTx(sys, async (sql) => {
    let closed = 0
    const due = await sql.query<{ id: string; allocation_id: string }>(
      `SELECT id, allocation_id FROM mdf_requests WHERE status = 'approved' AND ends_on + claim_window_days < $1::date ORDER BY allocation_id, id`,
      [today],
    )
    for (const d of due) {
      await lockAllocation(sql, d.allocation_id)
      const r = await findRequest(sys, sql, d.id, true)
      if (r.status !== 'approved') continue
      const release = parseDecimal(r.amount) - parseDecimal(r.claimed)
      await releaseCommitment(sys, sql, r, release, `Claim window closed ${r.claim_deadline}: ${r.title}`)
      await sql.query(
        `UPDATE mdf_requests SET status = 'closed', closed_at = $2, released_amount = $3, version = version + 1 WHERE id = $1`,
        [r.id, ctx.now(), formatDecimal(release)],
      )
      await audit(sys, sql, {
        entity: 'mdf_request',
        entityId: r.id,
        action: 'close',
        partnerId: r.partner_id,
        after: { released: formatDecimal(release) },
      })
      closed++
    }
    let expired = 0
    const ended = await sql.query<AllocationRow>(
      `${SELECT_ALLOCATION} WHERE a.expired_at IS NULL AND a.ends_on < $1::date ORDER BY a.id FOR UPDATE OF a`,
      [today],
    )
    for (const a of ended) {
      const available = await accountBalance(sql, a.partner_id, a.program_year, 'mdf:available', a.currency)
      if (available > 0n)
        await postTransaction(sys, sql, {
          kind: 'expiry',
          partnerId: a.partner_id,
          programYear: a.program_year,
          sourceType: 'allocation',
          sourceId: a.id,
          memo: `Allocation ${a.program_year} expired after ${a.ends_on}`,
          currency: a.currency,
          postings: [
            { account: 'mdf:available', cents: -available },
            { account: 'mdf:expired', cents: available },
          ],
        })
      await sql.query('UPDATE mdf_allocations SET expired_at = $2, version = version + 1 WHERE id = $1', [a.id, ctx.now()])
      await audit(sys, sql, {
        entity: 'mdf_allocation',
        entityId: a.id,
        action: 'expire',
        partnerId: a.partner_id,
        after: { expired: formatDecimal(available) },
      })
      expired++
    }
    let reminders = 0
    const soon = await sql.query<{ id: string; days_left: number }>(
      `SELECT id, (ends_on + claim_window_days) - $1::date AS days_left FROM mdf_requests
       WHERE status = 'approved' AND ends_on + claim_window_days >= $1::date AND ends_on + claim_window_days <= $1::date + $2::int ORDER BY id`,
      [today, Math.max(...claimReminderDays)],
    )
    for (const s of soon) {
      const threshold = Math.min(...claimReminderDays.filter((d) => s.days_left <= d))
      const [sent] = await sql.query('SELECT 1 FROM mdf_claim_reminders WHERE request_id = $1 AND days_before <= $2', [s.id, threshold])
      if (sent) continue
      await sql.query('INSERT INTO mdf_claim_reminders (request_id, days_before, sent_at) VALUES ($1, $2, $3)', [
        s.id,
        threshold,
        ctx.now(),
      ])
      const r = await findRequest(sys, sql, s.id)
      await emit(
        sys,
        sql,
        mdfEvents.claimWindowClosing,
        eventData(r, r.status, {
          amount: { amount: formatDecimal(parseDecimal(r.amount) - parseDecimal(r.claimed)), currency: r.currency },
        }),
      )
      reminders++
    }
    return { closed, expired, reminders }
  })
}

// ---- Reversals -----------------------------------------------------------------------------------------

/**
 * Reverses an allocation or adjustment transaction (the correction of a wrong allocation): a new transaction
 * with every entry negated, refused when the funds are already committed. Other transactions follow their
 * requests and claims and are corrected through them.
 */
export async function reverseTransaction(ctx: Ctx, transactionId: string, reason: string): Promise<{ id: string }> {
  assertCan(ctx.actor, 'funds:manage')
  return inTx(ctx, async (sql) => {
    const [t] = await sql.query<{ id: string; kind: string; partner_id: string; program_year: number; source_id: string }>(
      'SELECT id, kind, partner_id, program_year, source_id FROM ledger_transactions WHERE id = $1',
      [transactionId],
    )
    if (!t) throw new AppError('LEDGER_TRANSACTION_NOT_FOUND', 'Ledger transaction not found')
    if (t.kind !== 'allocation' && t.kind !== 'adjustment')
      throw new AppError(
        'INVALID_TRANSITION',
        'Only allocations and adjustments are reversed directly; requests and claims correct the rest',
      )
    // The allocation's row lock comes first: two reversals of one transaction wait for each other here, so the
    // second sees the first's reversal below instead of racing it to the database's unique index.
    const [alloc] = await sql.query<{ id: string; amount: string; currency: string; expired_at: Date | null }>(
      'SELECT id, amount::text, currency, expired_at FROM mdf_allocations WHERE id = $1 FOR UPDATE',
      [t.source_id],
    )
    const [done] = await sql.query('SELECT 1 FROM ledger_transactions WHERE reverses = $1', [t.id])
    if (done) throw new AppError('INVALID_TRANSITION', 'The transaction is already reversed')
    if (!alloc || alloc.expired_at) throw new AppError('INVALID_TRANSITION', 'The allocation has expired')
    const entries = await sql.query<{ account: 'mdf:funding' | 'mdf:available'; amount: string; currency: string }>(
      'SELECT account, amount::text, currency FROM ledger_entries WHERE transaction_id = $1 ORDER BY id',
      [t.id],
    )
    const delta = -signedCents(entries.find((e) => e.account === 'mdf:available')?.amount ?? '0')
    const available = await accountBalance(sql, t.partner_id, t.program_year, 'mdf:available', alloc.currency)
    if (available + delta < 0n)
      throw new AppError(
        'FUNDS_INSUFFICIENT',
        `Only ${formatDecimal(available)} ${alloc.currency} is uncommitted; the reversal needs ${formatDecimal(-delta)}`,
      )
    const id = await postTransaction(ctx, sql, {
      kind: 'reversal',
      partnerId: t.partner_id,
      programYear: t.program_year,
      sourceType: 'transaction',
      sourceId: t.id,
      memo: `Reversal: ${reason}`,
      currency: alloc.currency,
      reverses: t.id,
      postings: entries.map((e) => ({ account: e.account, cents: -signedCents(e.amount) })),
    })
    await sql.query('UPDATE mdf_allocations SET amount = amount + $2::numeric, version = version + 1, updated_at = $3 WHERE id = $1', [
      alloc.id,
      formatDecimal(delta),
      ctx.now(),
    ])
    return { id }
  })
}

/** Whether the actor may see staff-only parts (queues, limits). */
export const isStaff = (actor: Actor | null): boolean => !!actor && !isExternal(actor) && can(actor, 'funds:read')
