import { assertCan, isExternal, type Actor } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { oneRow } from '../../core/db-rows.ts'
import { AppError } from '../../core/errors.ts'
import { safetyClearance } from '../safety/safety.service.ts'
import type { Project, ProjectInput } from './delivery.contract.ts'
import { whoOf } from './delivery.queries.ts'
import { assertScreened } from './resources.service.ts'

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path, message }] })

/**
 * The safety gate, asked before anything hands a partner new work (a PO, a resource assignment). It runs
 * before the caller's transaction opens (the gate reads in its own).
 */
export async function assertSafetyClear(ctx: Ctx, partnerId: string): Promise<void> {
  const clearance = await safetyClearance(ctx, partnerId)
  if (!clearance.clear)
    throw new AppError('SAFETY_BLOCKED', `Blocked by the safety program: ${clearance.reasons.map((r) => r.message).join('; ')}`, {
      errors: clearance.reasons.map((r) => ({ path: 'partnerId', message: r.message })),
    })
}

type ProjectRow = {
  id: string
  partner_id: string
  partner_name: string
  name: string
  client_name: string
  client_domain: string | null
  country: string
  start_date: string
  end_date: string
  owner: { id: string | null; name: string | null }
  assignments: Project['assignments']
  open_po_lines: number
}
const SELECT_PROJECTS = `SELECT j.id, j.partner_id, p.legal_name AS partner_name, j.name, j.client_name, j.client_domain, j.country,
  j.start_date::text, j.end_date::text, ${whoOf('j.owner_id')} AS owner,
  coalesce((SELECT json_agg(json_build_object('resourceId', a.resource_id, 'name', r.name, 'role', a.role, 'assignedAt', a.assigned_at) ORDER BY r.name)
    FROM delivery_assignments a JOIN delivery_resources r ON r.id = a.resource_id WHERE a.project_id = j.id), '[]') AS assignments,
  (SELECT count(*)::int FROM delivery_po_lines l JOIN delivery_purchase_orders o ON o.id = l.po_id
    WHERE o.project_id = j.id AND o.status = 'open') AS open_po_lines
  FROM delivery_projects j JOIN partners p ON p.id = j.partner_id`

const toProject = (r: ProjectRow): Project => ({
  id: r.id,
  partnerId: r.partner_id,
  partnerName: r.partner_name,
  name: r.name,
  clientName: r.client_name,
  clientDomain: r.client_domain,
  country: r.country,
  startDate: r.start_date,
  endDate: r.end_date,
  owner: r.owner,
  assignments: r.assignments,
  openPoLines: r.open_po_lines,
})

const scope = (actor: Actor) => (isExternal(actor) ? actor.partnerId : null)

export async function findProject(ctx: Ctx, sql: Sql, id: string): Promise<Project> {
  const rows = await sql.query<ProjectRow>(`${SELECT_PROJECTS} WHERE j.id = $1 AND ($2::uuid IS NULL OR j.partner_id = $2)`, [
    id,
    scope(ctx.actor!),
  ])
  return toProject(oneRow(rows, 'Project', 'PROJECT_NOT_FOUND'))
}

export async function listProjects(ctx: Ctx, q: { partnerId?: string } = {}): Promise<Project[]> {
  assertCan(ctx.actor, 'delivery:read')
  const actor = ctx.actor
  const rows = await inTx(ctx, (sql) =>
    sql.query<ProjectRow>(
      `${SELECT_PROJECTS} WHERE ($1::uuid IS NULL OR j.partner_id = $1) AND ($2::uuid IS NULL OR j.partner_id = $2)
       ORDER BY j.start_date DESC, j.name, j.id LIMIT 500`,
      [scope(actor), q.partnerId ?? null],
    ),
  )
  return rows.map(toProject)
}

export async function getProject(ctx: Ctx, id: string): Promise<Project> {
  assertCan(ctx.actor, 'delivery:read')
  return inTx(ctx, (sql) => findProject(ctx, sql, id))
}

/** Partner operations open a project: work for a client, by one partner, owned by someone of the integrator. */
export async function createProject(ctx: Ctx, input: ProjectInput): Promise<Project> {
  assertCan(ctx.actor, 'projects:manage')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const partner = await sql.query<{ type: string }>('SELECT type FROM partners WHERE id = $1', [input.partnerId])
    if (!partner[0]) throw invalid('partnerId', 'No such partner')
    if (partner[0].type === 'oem') throw invalid('partnerId', 'Not a service partner (its type is OEM)')
    if (!(await sql.query('SELECT 1 FROM staff WHERE id = $1', [input.ownerId])).length) throw invalid('ownerId', 'Not an internal user')
    const { id } = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO delivery_projects (partner_id, name, client_name, client_domain, country, start_date, end_date, owner_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          input.partnerId,
          input.name,
          input.clientName,
          input.clientDomain ?? null,
          input.country,
          input.startDate,
          input.endDate,
          input.ownerId,
          actor.userId || null,
          ctx.now(),
        ],
      ),
      'Project',
    )
    const project = await findProject(ctx, sql, id)
    await audit(ctx, sql, { entity: 'delivery_project', entityId: id, action: 'create', partnerId: input.partnerId, after: input })
    return project
  })
}

/** Assigns a resource of the project's partner: only with a valid screening pass, and only while the partner is cleared for work. */
export async function assignResource(ctx: Ctx, projectId: string, input: { resourceId: string; role: string }): Promise<Project> {
  assertCan(ctx.actor, 'resources:manage')
  const project = await getProject(ctx, projectId)
  await assertSafetyClear(ctx, project.partnerId)
  return inTx(ctx, async (sql) => {
    await assertScreened(ctx, sql, [input.resourceId], project.partnerId)
    await sql.query(
      `INSERT INTO delivery_assignments (project_id, resource_id, partner_id, role, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (project_id, resource_id) DO UPDATE SET role = EXCLUDED.role`,
      [projectId, input.resourceId, project.partnerId, input.role, ctx.actor!.userId || null, ctx.now()],
    )
    await audit(ctx, sql, { entity: 'delivery_project', entityId: projectId, action: 'assign', partnerId: project.partnerId, after: input })
    return findProject(ctx, sql, projectId)
  })
}
