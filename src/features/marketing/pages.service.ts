import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { decodeCursor, encodeCursor } from '../../core/cursor.ts'
import { AppError } from '../../core/errors.ts'
import { getPartner } from '../partners/partners.service.ts'
import type { DirectoryEntry, PageInput } from './pages.contract.ts'
import { partnerMarketing } from './programs.service.ts'

type Published = {
  description: string
  solutions: string[]
  website: string | null
  contactEmail: string | null
  caseStudies: { title: string; summary: string; url?: string }[]
  featuredSolutions: string[]
  callToAction: { label: string; url: string } | null
}
type Row = {
  description: string
  solutions: string[]
  website: string | null
  contact_email: string | null
  case_studies: Published['caseStudies']
  featured_solutions: string[]
  call_to_action: Published['callToAction']
  status: 'draft' | 'submitted' | 'approved' | 'rejected'
  review_note: string | null
  published: Published | null
  published_at: Date | null
  version: number
}
const draftOf = (r: Row): Published => ({
  description: r.description,
  solutions: r.solutions,
  website: r.website,
  contactEmail: r.contact_email,
  caseStudies: r.case_studies,
  featuredSolutions: r.featured_solutions,
  callToAction: r.call_to_action,
})
const empty: Published = {
  description: '',
  solutions: [],
  website: null,
  contactEmail: null,
  caseStudies: [],
  featuredSolutions: [],
  callToAction: null,
}

/** A partner's page: the draft its admin edits, what the directory shows, and its level (enhanced while in JAM). */
export async function getPage(ctx: Ctx, partnerId: string) {
  assertCan(ctx.actor, 'programs:read')
  const { pageLevel } = await partnerMarketing(ctx, partnerId) // 404 for another company's partner
  const [row] = await inTx(ctx, (sql) => sql.query<Row>('SELECT * FROM partner_pages WHERE partner_id = $1', [partnerId]))
  return {
    partnerId,
    level: pageLevel,
    status: row?.status ?? 'draft',
    draft: row ? draftOf(row) : empty,
    published: row?.published ?? null,
    publishedAt: row?.published_at ? new Date(row.published_at).toISOString() : null,
    reviewNote: row?.review_note ?? null,
    version: row?.version ?? 0,
  }
}

/**
 * The partner admin edits its company's page and submits it for approval; what the directory shows changes
 * only when marketing approves. Enhanced content (case studies, featured solutions, a call to action) is for
 * JAM members; a page without the benefit cannot be edited.
 */
export async function savePage(ctx: Ctx, partnerId: string, input: PageInput) {
  assertCan(ctx.actor, 'pages:edit')
  const actor = ctx.actor
  if (isExternal(actor) && actor.partnerId !== partnerId) throw new AppError('PARTNER_NOT_FOUND', 'Partner not found')
  const { pageLevel } = await partnerMarketing(ctx, partnerId)
  if (pageLevel === 'none') throw new AppError('BENEFIT_NOT_INCLUDED', "The partner's tier does not include a platform partner page")
  if (pageLevel !== 'enhanced') {
    const errors: { path: string; message: string }[] = (['caseStudies', 'featuredSolutions'] as const)
      .filter((f) => input[f].length)
      .map((path) => ({ path, message: 'Enhanced content is for JAM members' }))
    if (input.callToAction) errors.push({ path: 'callToAction', message: 'Enhanced content is for JAM members' })
    if (errors.length) throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors })
  }
  await inTx(ctx, async (sql) => {
    await sql.query(
      `INSERT INTO partner_pages (partner_id, description, solutions, website, contact_email, case_studies, featured_solutions, call_to_action,
         status, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'submitted', $9, $10)
       ON CONFLICT (partner_id) DO UPDATE SET description = $2, solutions = $3, website = $4, contact_email = $5, case_studies = $6,
         featured_solutions = $7, call_to_action = $8, status = 'submitted', review_note = NULL, updated_by = $9, updated_at = $10,
         version = partner_pages.version + 1`,
      [
        partnerId,
        input.description,
        input.solutions,
        input.website ?? null,
        input.contactEmail ?? null,
        JSON.stringify(input.caseStudies),
        input.featuredSolutions,
        input.callToAction ? JSON.stringify(input.callToAction) : null,
        actor.userId || null,
        ctx.now(),
      ],
    )
    await audit(ctx, sql, { entity: 'partner_page', entityId: partnerId, action: 'submit', partnerId, after: input })
  })
  return getPage(ctx, partnerId)
}

/** Marketing approves the submitted page (it becomes what the directory shows) or rejects it with a note. */
export async function reviewPage(ctx: Ctx, partnerId: string, decision: 'approve' | 'reject', note?: string) {
  assertCan(ctx.actor, 'pages:approve')
  const actor = ctx.actor
  await getPartner(ctx, partnerId)
  await inTx(ctx, async (sql) => {
    const [row] = await sql.query<Row>('SELECT * FROM partner_pages WHERE partner_id = $1 FOR UPDATE', [partnerId])
    if (!row || row.status !== 'submitted') throw new AppError('INVALID_TRANSITION', 'No page waits for approval')
    if (decision === 'reject' && !note)
      throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path: 'note', message: 'Say what to change' }] })
    await sql.query(
      `UPDATE partner_pages SET status = $2, review_note = $3, reviewed_by = $4, reviewed_at = $5,
         published = CASE WHEN $2 = 'approved' THEN $6::jsonb ELSE published END,
         published_at = CASE WHEN $2 = 'approved' THEN $5 ELSE published_at END, version = version + 1 WHERE partner_id = $1`,
      [
        partnerId,
        decision === 'approve' ? 'approved' : 'rejected',
        note ?? null,
        actor.userId || null,
        ctx.now(),
        JSON.stringify(draftOf(row)),
      ],
    )
    await audit(ctx, sql, { entity: 'partner_page', entityId: partnerId, action: decision, partnerId, after: { note: note ?? null } })
  })
  return getPage(ctx, partnerId)
}

type DirectoryRow = {
  id: string
  name: string
  tier: DirectoryEntry['tier']
  countries: string[]
  description: string | null
  solutions: string[]
  website: string | null
  contact_email: string | null
  enhanced: boolean
  case_studies: DirectoryEntry['caseStudies']
  featured_solutions: string[]
  call_to_action: DirectoryEntry['callToAction']
}

/** The public directory: approved pages of active partners by name, with only the public fields (no sign-in). */
export async function directory(
  ctx: Ctx,
  q: { tier?: string; q?: string; country?: string; solution?: string; limit: number; cursor?: string },
): Promise<{ items: DirectoryEntry[]; nextCursor: string | null }> {
  const [afterName, afterId] = q.cursor ? decodeCursor(q.cursor) : [null, null]
  const rows = await ctx.db.lookup<DirectoryRow>('SELECT * FROM public_partner_directory($1, $2, $3, $4, $5, $6, $7)', [
    q.tier ?? null,
    q.q ? q.q.replace(/[\\%_]/g, (c) => `\\${c}`) : null,
    q.country ?? null,
    q.solution ?? null,
    afterName,
    afterId,
    q.limit + 1,
  ])
  const page = rows.slice(0, q.limit)
  const items = page.map((r) => ({
    id: r.id,
    name: r.name,
    tier: r.tier,
    countries: r.countries,
    description: r.description ?? '',
    solutions: r.solutions,
    website: r.website,
    contactEmail: r.contact_email,
    enhanced: r.enhanced,
    caseStudies: r.case_studies,
    featuredSolutions: r.featured_solutions,
    callToAction: r.call_to_action,
  }))
  const last = page.at(-1)
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.name, last.id]) : null }
}
