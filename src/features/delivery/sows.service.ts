import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { oneRow } from '../../core/db-rows.ts'
import { AppError } from '../../core/errors.ts'
import { formatDecimal } from '../../core/money.ts'
import { SowContent, type Guidelines, type Sow, type SowVersion } from './delivery.contract.ts'
import { deliverySettings, whoOf } from './delivery.queries.ts'
import { diffContent, guidelineGaps, sowTotalCents, type Gap } from './guidelines.ts'
import { findProject } from './projects.service.ts'
import { assertScreened } from './resources.service.ts'

type SowRow = {
  id: string
  project_id: string
  project_name: string
  client_name: string
  partner_id: string
  partner_name: string
  kind: Sow['kind']
  status: Sow['status']
  draft: unknown
}
type VersionRow = {
  version: number
  content: unknown
  total: string
  currency: string
  submitted_by: SowVersion['submittedBy']
  submitted_at: Date
  decision: SowVersion['decision']
  comments: string | null
  reviewed_by: SowVersion['reviewedBy']
  reviewed_at: Date | null
}
const SELECT_SOWS = `SELECT s.id, s.project_id, j.name AS project_name, j.client_name, s.partner_id, p.legal_name AS partner_name, s.kind, s.status, s.draft
  FROM delivery_sows s JOIN delivery_projects j ON j.id = s.project_id JOIN partners p ON p.id = s.partner_id`

const parseContent = (v: unknown) => SowContent.parse(v)

async function versionsOf(sql: Sql, sowId: string): Promise<SowVersion[]> {
  const rows = await sql.query<VersionRow>(
    `SELECT version, content, total::text, currency, ${whoOf('submitted_by')} AS submitted_by, submitted_at, decision, comments,
       ${whoOf('reviewed_by')} AS reviewed_by, reviewed_at FROM delivery_sow_versions WHERE sow_id = $1 ORDER BY version`,
    [sowId],
  )
  return rows.map((r) => ({
    version: r.version,
    content: parseContent(r.content),
    total: { amount: r.total, currency: r.currency },
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at.toISOString(),
    decision: r.decision,
    comments: r.comments,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
  }))
}

async function findSow(ctx: Ctx, sql: Sql, id: string, lock = false): Promise<Sow> {
  const actor = ctx.actor!
  const rows = await sql.query<SowRow>(
    `${SELECT_SOWS} WHERE s.id = $1 AND ($2::uuid IS NULL OR s.partner_id = $2)${lock ? ' FOR UPDATE OF s' : ''}`,
    [id, isExternal(actor) ? actor.partnerId : null],
  )
  const r = oneRow(rows, 'SOW', 'SOW_NOT_FOUND')
  const draft = parseContent(r.draft)
  const { sow_guidelines } = await deliverySettings(sql)
  return {
    id: r.id,
    projectId: r.project_id,
    projectName: r.project_name,
    clientName: r.client_name,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    kind: r.kind,
    status: r.status,
    draft,
    gaps: guidelineGaps(draft, sow_guidelines),
    versions: await versionsOf(sql, r.id),
  }
}

export async function getGuidelines(ctx: Ctx): Promise<Guidelines> {
  assertCan(ctx.actor, 'delivery:read')
  return inTx(ctx, async (sql) => (await deliverySettings(sql)).sow_guidelines)
}

/** The live check of the editor: every gap of a draft against the guidelines, nothing stored. */
export async function checkSow(ctx: Ctx, content: SowContent): Promise<Gap[]> {
  assertCan(ctx.actor, 'delivery:read')
  return inTx(ctx, async (sql) => guidelineGaps(content, (await deliverySettings(sql)).sow_guidelines))
}

export async function listSows(ctx: Ctx, q: { projectId?: string; status?: Sow['status'] } = {}): Promise<Sow[]> {
  assertCan(ctx.actor, 'delivery:read')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const ids = await sql.query<{ id: string }>(
      `SELECT s.id FROM delivery_sows s WHERE ($1::uuid IS NULL OR s.partner_id = $1) AND ($2::uuid IS NULL OR s.project_id = $2)
         AND ($3::text IS NULL OR s.status = $3) ORDER BY s.updated_at DESC, s.id LIMIT 200`,
      [isExternal(actor) ? actor.partnerId : null, q.projectId ?? null, q.status ?? null],
    )
    const out: Sow[] = []
    for (const { id } of ids) out.push(await findSow(ctx, sql, id))
    return out
  })
}

export async function getSow(ctx: Ctx, id: string): Promise<Sow> {
  assertCan(ctx.actor, 'delivery:read')
  return inTx(ctx, (sql) => findSow(ctx, sql, id))
}

/** A partner's user starts a SOW or quote for one of its company's projects; it stays a draft until submitted. */
export async function createSow(ctx: Ctx, input: { projectId: string; kind: Sow['kind']; content: SowContent }): Promise<Sow> {
  assertCan(ctx.actor, 'sows:write')
  return inTx(ctx, async (sql) => {
    const project = await findProject(ctx, sql, input.projectId)
    const { id } = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO delivery_sows (project_id, partner_id, kind, draft, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
        [project.id, project.partnerId, input.kind, JSON.stringify(input.content), ctx.actor!.userId || null, ctx.now()],
      ),
      'SOW',
    )
    await audit(ctx, sql, { entity: 'delivery_sow', entityId: id, action: 'create', partnerId: project.partnerId, after: input })
    return findSow(ctx, sql, id)
  })
}

export async function updateSowDraft(ctx: Ctx, id: string, content: SowContent): Promise<Sow> {
  assertCan(ctx.actor, 'sows:write')
  return inTx(ctx, async (sql) => {
    const before = await findSow(ctx, sql, id, true)
    if (before.status !== 'draft' && before.status !== 'returned')
      throw new AppError('INVALID_TRANSITION', `A SOW that is ${before.status} is not edited; it waits for its review or is accepted`)
    await sql.query('UPDATE delivery_sows SET draft = $2, updated_at = $3 WHERE id = $1', [id, JSON.stringify(content), ctx.now()])
    await audit(ctx, sql, {
      entity: 'delivery_sow',
      entityId: id,
      action: 'edit',
      partnerId: before.partnerId,
      before: before.draft,
      after: content,
    })
    return findSow(ctx, sql, id)
  })
}

/**
 * Submits the draft as a new version: refused with every gap listed while the guidelines are not met, and
 * while a named resource has no valid screening pass.
 */
export async function submitSow(ctx: Ctx, id: string): Promise<Sow> {
  assertCan(ctx.actor, 'sows:write')
  return inTx(ctx, async (sql) => {
    const before = await findSow(ctx, sql, id, true)
    if (before.status !== 'draft' && before.status !== 'returned')
      throw new AppError('INVALID_TRANSITION', `A SOW that is ${before.status} cannot be submitted again`)
    if (before.gaps.length)
      throw new AppError('SOW_GUIDELINE_GAPS', `The ${before.kind === 'sow' ? 'SOW' : 'quote'} does not meet the guidelines yet`, {
        errors: before.gaps,
      })
    const named = before.draft.lines.flatMap((l) => (l.resourceId ? [l.resourceId] : []))
    await assertScreened(ctx, sql, named, before.partnerId, 'lines')
    const version = before.versions.length + 1
    await sql.query(
      `INSERT INTO delivery_sow_versions (sow_id, version, partner_id, content, total, currency, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        version,
        before.partnerId,
        JSON.stringify(before.draft),
        formatDecimal(sowTotalCents(before.draft)),
        before.draft.currency,
        ctx.actor!.userId || null,
        ctx.now(),
      ],
    )
    await sql.query(`UPDATE delivery_sows SET status = 'submitted', updated_at = $2 WHERE id = $1`, [id, ctx.now()])
    await audit(ctx, sql, { entity: 'delivery_sow', entityId: id, action: 'submit', partnerId: before.partnerId, after: { version } })
    return findSow(ctx, sql, id)
  })
}

/** Solutions or partner operations accept the submitted version, or return it with comments. */
export async function reviewSow(ctx: Ctx, id: string, input: { decision: 'accept' | 'return'; comments?: string }): Promise<Sow> {
  assertCan(ctx.actor, 'sows:review')
  return inTx(ctx, async (sql) => {
    const before = await findSow(ctx, sql, id, true)
    if (before.status !== 'submitted') throw new AppError('INVALID_TRANSITION', `A SOW that is ${before.status} has nothing to review`)
    const version = before.versions.length
    const decision = input.decision === 'accept' ? 'accepted' : 'returned'
    await sql.query(
      'UPDATE delivery_sow_versions SET decision = $3, comments = $4, reviewed_by = $5, reviewed_at = $6 WHERE sow_id = $1 AND version = $2',
      [id, version, decision, input.comments ?? null, ctx.actor!.userId || null, ctx.now()],
    )
    await sql.query('UPDATE delivery_sows SET status = $2, updated_at = $3 WHERE id = $1', [id, decision, ctx.now()])
    await audit(ctx, sql, {
      entity: 'delivery_sow',
      entityId: id,
      action: input.decision,
      partnerId: before.partnerId,
      after: { version, ...input },
    })
    return findSow(ctx, sql, id)
  })
}

export async function diffSow(ctx: Ctx, id: string, from: number, to: number) {
  assertCan(ctx.actor, 'delivery:read')
  const sow = await getSow(ctx, id)
  const a = sow.versions.find((v) => v.version === from)
  const b = sow.versions.find((v) => v.version === to)
  if (!a || !b)
    throw new AppError('VALIDATION_FAILED', 'Validation failed', {
      errors: [{ path: a ? 'to' : 'from', message: `No version ${a ? to : from} (versions 1 to ${sow.versions.length})` }],
    })
  return { from, to, changes: diffContent(a.content, b.content) }
}

/** The accepted version a PO is issued against (refused with SOW_NOT_ACCEPTED otherwise). */
export async function acceptedVersion(sql: Sql, sowId: string, projectId: string): Promise<{ version: number; currency: string }> {
  const [row] = await sql.query<{ status: string; project_id: string; version: number | null; currency: string | null }>(
    `SELECT s.status, s.project_id, v.version, v.currency FROM delivery_sows s
     LEFT JOIN delivery_sow_versions v ON v.sow_id = s.id AND v.decision = 'accepted'
     WHERE s.id = $1 ORDER BY v.version DESC NULLS LAST LIMIT 1`,
    [sowId],
  )
  if (!row || row.project_id !== projectId)
    throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path: 'sowId', message: 'Not a SOW of this project' }] })
  if (row.status !== 'accepted' || row.version === null)
    throw new AppError('SOW_NOT_ACCEPTED', `The SOW is ${row.status}: a purchase order needs an accepted SOW or quote`)
  return { version: row.version, currency: row.currency! }
}
