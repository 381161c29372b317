import { randomInt } from 'node:crypto'
import { getDomain } from 'tldts'
import { audit } from '../../core/audit.ts'
import type { Ctx } from '../../core/context.ts'
import { systemScope, type Sql } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { rateLimit } from '../../core/rate-limit.ts'
import { emit } from '../../core/events.ts'
import { queueMail } from '../../core/mail.ts'
import { partnerByDomain } from '../partners/partners.service.ts'
import { publicStatus, type InquiryInput, type PublicInquiryStatus } from './inquiries.contract.ts'
import { inquiryReceived } from './inquiries.events.ts'
import { inquiryReceivedMail } from './inquiries.mail.ts'
import { addComment, findInquiry } from './inquiries.queries.ts'
import { routeInquiry } from './inquiries.routing.ts'
import { oneRow } from '../../core/db-rows.ts'

/** Public limits: submissions per client address and per email, status checks per address. */
export const LIMITS = {
  submit: { windowMs: 3600_000, perAddress: 5, perEmail: 3 },
  status: { windowMs: 15 * 60_000, perAddress: 30 },
} as const
const DUPLICATE_WINDOW_MS = 24 * 3600_000
// No 0/O, 1/I/L or U: a reference read over the phone is not misread. 30^8 ≈ 6.6e11 references.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
const block = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
export const newReference = () => `INQ-${block()}-${block()}`

export const statusUrl = (ctx: Ctx, reference: string) => `${ctx.config.publicUrl}/inquiry-status?reference=${reference}`

/** The public work runs as the system: visitors have no tenant, and inquiries are internal rows. */
const asSystem = <T>(ctx: Ctx, fn: (sql: Sql) => Promise<T>) => ctx.db.transaction(systemScope, fn)

/** Counts recent attempts per client address (and per email) through the one rate limiter, and records this one. */
async function throttle(ctx: Ctx, kind: 'submit' | 'status', address: string, email: string | null) {
  const limit = LIMITS[kind]
  const perEmail = 'perEmail' in limit ? limit.perEmail : null
  await rateLimit(
    ctx,
    [
      { limit: { name: `inquiry-${kind}-address`, windowMs: limit.windowMs, max: limit.perAddress }, key: address },
      {
        limit: { name: `inquiry-${kind}-email`, windowMs: limit.windowMs, max: perEmail ?? 0 },
        key: perEmail && email ? email.toLowerCase() : null,
      },
    ],
    'Too many requests from you; try again later',
  )
}

type View = { reference: string; status: PublicInquiryStatus['status']; company: string; createdAt: string; updatedAt: string }

/** What a visitor sees of an inquiry: status and next step. Notes from the team reach the submitter by email only. */
const toPublic = (i: View): PublicInquiryStatus => ({
  reference: i.reference,
  status: i.status,
  statusLabel: publicStatus[i.status].label,
  nextStep: publicStatus[i.status].nextStep,
  company: i.company,
  submittedAt: i.createdAt,
  updatedAt: i.updatedAt,
})

/** The answer to a submission: built from this submission alone, the same for a new inquiry, a merged one and a trap. */
const received = (reference: string, company: string, at: Date): PublicInquiryStatus => {
  const iso = at.toISOString()
  return toPublic({ reference, status: 'new', company, createdAt: iso, updatedAt: iso })
}

/**
 * A visitor's Contact Us submission: routed to a queue and an owner, acknowledged by email with its
 * reference. The same email and company again within a day is merged into the first inquiry, internally:
 * the visitor gets a reference of its own and the same answer as for a new inquiry, never anything of the
 * first one (which someone else may have sent with that email).
 */
export async function submitInquiry(ctx: Ctx, input: InquiryInput, address: string): Promise<PublicInquiryStatus> {
  await throttle(ctx, 'submit', address, input.email)
  const now = ctx.now()
  // A filled trap field is a robot: it gets an answer that looks like any other, and nothing is kept.
  if (input.fax) {
    ctx.log.info({ address }, 'inquiry honeypot filled: discarded')
    return received(newReference(), input.company, now)
  }
  return asSystem(ctx, async (sql) => {
    const [dup] = await sql.query<{ id: string; status: string }>(
      `SELECT id, status FROM inquiries WHERE email = $1 AND lower(company) = lower($2) AND created_at > $3
       ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [input.email, input.company.trim(), new Date(now.getTime() - DUPLICATE_WINDOW_MS)],
    )
    const reference = await unusedReference(sql)
    if (dup) {
      await sql.query(
        'INSERT INTO inquiry_submissions (reference, inquiry_id, email, company, status_at_submit, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [reference, dup.id, input.email, input.company, dup.status, now],
      )
      await sql.query('UPDATE inquiries SET submissions = submissions + 1, last_submitted_at = $2 WHERE id = $1', [dup.id, now])
      await addComment(
        sql,
        dup.id,
        { id: null, name: 'Contact Us form' },
        'event',
        `Submitted again with the same email (${reference}), signed "${input.contactName}" (not verified):\n${input.message}`,
      )
      await audit(ctx, sql, { entity: 'inquiry', entityId: dup.id, action: 'resubmit', after: { reference, message: input.message } })
      await acknowledge(ctx, sql, input, reference)
      return received(reference, input.company, now)
    }
    const domain = getDomain(new URL(input.website).hostname) ?? null
    const matched = domain ? await partnerByDomain(sql, domain) : null
    const [related] = domain
      ? await sql.query<{ id: string }>(
          `SELECT id FROM inquiries WHERE domain = $1 AND status NOT IN ('converted', 'declined') ORDER BY created_at LIMIT 1`,
          [domain],
        )
      : []
    const route = await routeInquiry(sql, {
      country: input.country,
      partnerType: input.partnerType ?? null,
      solutions: input.solutions,
      matchedPartnerId: matched?.id ?? null,
      relatedInquiryId: related?.id ?? null,
    })
    const row = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO inquiries (reference, company, website, domain, country, contact_name, email, phone, partner_type, solutions, message,
         heard_about, queue_key, owner_id, routing_rule_id, matched_partner_id, related_inquiry_id, created_at, updated_at, last_submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $18) RETURNING id`,
        [
          reference,
          input.company,
          input.website,
          domain,
          input.country,
          input.contactName,
          input.email,
          input.phone || null,
          input.partnerType ?? null,
          input.solutions,
          input.message,
          input.heardAbout || null,
          route.queueKey,
          route.ownerId,
          route.ruleId,
          matched?.id ?? null,
          related?.id ?? null,
          now,
        ],
      ),
      'Inquiry',
    )
    const inquiry = await findInquiry(sql, row.id)
    const how = route.ruleName ? `rule "${route.ruleName}"` : 'the default route'
    const lines = [
      `Received; routed by ${how} to ${inquiry.queue.name}${inquiry.owner ? `, owner ${inquiry.owner.name}` : ' (no owner: the queue has no members)'}.`,
    ]
    if (matched) lines.push(`The domain ${domain} is the existing partner ${matched.legalName}: linked, not a new company.`)
    if (related) lines.push(`Another open inquiry comes from ${domain}: ${inquiry.relatedInquiry!.reference}.`)
    await addComment(sql, row.id, { id: null, name: 'Alliance' }, 'event', lines.join('\n'))
    await audit(ctx, sql, { entity: 'inquiry', entityId: row.id, action: 'submit', after: inquiry })
    await emit(ctx, sql, inquiryReceived, {
      inquiryId: row.id,
      reference,
      company: input.company,
      country: input.country,
      queue: inquiry.queue.name,
      ownerId: route.ownerId,
      matchedPartnerId: matched?.id ?? null,
    })
    // The visitor's acknowledgement is transactional: always sent, not a preference.
    await acknowledge(ctx, sql, input, reference)
    return received(reference, input.company, now)
  })
}

/** The acknowledgement with the reference, to the address the submission gave (its owner alone learns the reference there too). */
const acknowledge = (ctx: Ctx, sql: Sql, input: InquiryInput, reference: string) =>
  queueMail(sql, inquiryReceivedMail, {
    to: input.email,
    data: { reference, contactName: input.contactName, company: input.company, statusUrl: statusUrl(ctx, reference) },
  })

/** The longest window of the public limits: older rate-limit hits no longer count for anything. */
export const INQUIRY_LIMITS_WINDOW_MS = Math.max(LIMITS.submit.windowMs, LIMITS.status.windowMs)

async function unusedReference(sql: Sql): Promise<string> {
  for (;;) {
    const reference = newReference()
    const taken = await sql.query(
      'SELECT 1 FROM inquiries WHERE reference = $1 UNION ALL SELECT 1 FROM inquiry_submissions WHERE reference = $1',
      [reference],
    )
    if (!taken.length) return reference
  }
}

/**
 * The status, for someone who knows both the reference and the email; any other pair is "not found". A
 * merged submission's own reference shows "Received" until the team moves the inquiry it joined, then
 * that inquiry's status: never the state it was in before this submission arrived.
 */
export async function inquiryStatus(ctx: Ctx, reference: string, email: string, address: string): Promise<PublicInquiryStatus> {
  await throttle(ctx, 'status', address, null)
  const ref = reference.trim().toUpperCase()
  const found = await asSystem(ctx, async (sql): Promise<View | null> => {
    const [row] = await sql.query<{ id: string }>('SELECT id FROM inquiries WHERE reference = $1 AND email = $2', [ref, email])
    if (row) return findInquiry(sql, row.id)
    const [sub] = await sql.query<{ inquiry_id: string; company: string; status_at_submit: string; created_at: Date }>(
      'SELECT inquiry_id, company, status_at_submit, created_at FROM inquiry_submissions WHERE reference = $1 AND email = $2',
      [ref, email],
    )
    if (!sub) return null
    const joined = await findInquiry(sql, sub.inquiry_id)
    const moved = joined.status !== sub.status_at_submit && new Date(joined.updatedAt) > sub.created_at
    const at = sub.created_at.toISOString()
    return moved
      ? { reference: ref, status: joined.status, company: sub.company, createdAt: at, updatedAt: joined.updatedAt }
      : { reference: ref, status: 'new', company: sub.company, createdAt: at, updatedAt: at }
  })
  if (!found) throw new AppError('INQUIRY_NOT_FOUND', 'No inquiry has this reference and email')
  return toPublic(found)
}
