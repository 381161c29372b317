import { assertCan, roleCan, type Role } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { AppError, type FieldError } from '../../core/errors.ts'
import { activeStaff } from '../identity/users.service.ts'
import type { Queue, RoutingRule, RoutingRuleInput, RoutingRulePatch } from './inquiries.contract.ts'
import { listRuleRows, queueMembers, RULE_COLUMNS, toRule } from './inquiries.routing.ts'
import { oneRow } from '../../core/db-rows.ts'

export const worksInquiries = (role: Role) => roleCan(role, 'inquiries:manage')

function invalid(errors: FieldError[]): never {
  throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors })
}

/** Owners and members must be active internal users who work inquiries: the errors for those who are not. */
async function checkPeople(sql: Sql, ids: string[], path: (i: number) => string): Promise<FieldError[]> {
  const found = await activeStaff(sql, { ids })
  return ids.flatMap((id, i) =>
    found.some((u) => u.id === id && worksInquiries(u.role))
      ? []
      : [{ path: path(i), message: 'Not an active internal user who works inquiries' }],
  )
}

async function checkRule(sql: Sql, r: { queueKey: string; ownerId: string | null }) {
  const errors: FieldError[] = []
  if (!(await sql.query('SELECT 1 FROM inquiry_queues WHERE key = $1', [r.queueKey])).length)
    errors.push({ path: 'queueKey', message: 'No such queue' })
  if (r.ownerId) errors.push(...(await checkPeople(sql, [r.ownerId], () => 'ownerId')))
  if (errors.length) invalid(errors)
}

export async function listRoutingRules(ctx: Ctx): Promise<RoutingRule[]> {
  assertCan(ctx.actor, 'inquiries:read')
  return inTx(ctx, listRuleRows)
}

const ruleValues = (r: RoutingRule | (RoutingRuleInput & { position: number })) => [
  r.name,
  r.position,
  r.active,
  r.countries,
  r.partnerTypes,
  r.solutions,
  r.domainMatch,
  r.queueKey,
  r.ownerId,
]

export async function createRoutingRule(ctx: Ctx, input: RoutingRuleInput): Promise<RoutingRule> {
  assertCan(ctx.actor, 'inquiries:configure')
  return inTx(ctx, async (sql) => {
    await checkRule(sql, input)
    const { next } = oneRow(
      await sql.query<{ next: number }>('SELECT (COALESCE(max(position), 0) + 10)::int AS next FROM inquiry_routing_rules'),
      'Inquiry routing rule',
    )
    const row = oneRow(
      await sql.query<never>(
        `INSERT INTO inquiry_routing_rules (name, position, active, countries, partner_types, solutions, domain_match, queue_key, owner_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${RULE_COLUMNS}`,
        ruleValues({ ...input, position: input.position ?? next }),
      ),
      'Inquiry routing rule',
    )
    const rule = toRule(row)
    await audit(ctx, sql, { entity: 'inquiry_routing_rule', entityId: rule.id, action: 'create', after: rule })
    return rule
  })
}

async function findRule(sql: Sql, id: string): Promise<RoutingRule> {
  const row = oneRow(
    await sql.query<never>(`SELECT ${RULE_COLUMNS} FROM inquiry_routing_rules WHERE id = $1 FOR UPDATE`, [id]),
    'Inquiry routing rule',
  )
  if (!row) throw new AppError('ROUTING_RULE_NOT_FOUND', 'Routing rule not found')
  return toRule(row)
}

export async function updateRoutingRule(ctx: Ctx, id: string, patch: RoutingRulePatch): Promise<RoutingRule> {
  assertCan(ctx.actor, 'inquiries:configure')
  return inTx(ctx, async (sql) => {
    const before = await findRule(sql, id)
    const next = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as RoutingRule
    await checkRule(sql, next)
    const row = oneRow(
      await sql.query<never>(
        `UPDATE inquiry_routing_rules SET name = $2, position = $3, active = $4, countries = $5, partner_types = $6, solutions = $7,
         domain_match = $8, queue_key = $9, owner_id = $10, updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${RULE_COLUMNS}`,
        [id, ...ruleValues(next)],
      ),
      'Inquiry routing rule',
    )
    const rule = toRule(row)
    await audit(ctx, sql, { entity: 'inquiry_routing_rule', entityId: id, action: 'update', before, after: rule })
    return rule
  })
}

export async function deleteRoutingRule(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, 'inquiries:configure')
  await inTx(ctx, async (sql) => {
    const before = await findRule(sql, id)
    await sql.query('DELETE FROM inquiry_routing_rules WHERE id = $1', [id])
    await audit(ctx, sql, { entity: 'inquiry_routing_rule', entityId: id, action: 'delete', before })
  })
}

async function toQueue(sql: Sql, r: { key: string; name: string; member_ids: string[] | null }): Promise<Queue> {
  const members = await queueMembers(sql, r.member_ids)
  return { key: r.key, name: r.name, memberIds: r.member_ids, members: members.map((m) => ({ id: m.id, name: m.name })) }
}

export async function listQueues(ctx: Ctx): Promise<Queue[]> {
  assertCan(ctx.actor, 'inquiries:read')
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<{ key: string; name: string; member_ids: string[] | null }>(
      'SELECT key, name, member_ids FROM inquiry_queues ORDER BY name',
    )
    return Promise.all(rows.map((r) => toQueue(sql, r)))
  })
}

/** Creates or changes a queue: its name, and its members in turn order (null: every active GPS user). */
export async function putQueue(
  ctx: Ctx,
  key: string,
  input: { name: string; memberIds: string[] | null },
): Promise<{ queue: Queue; created: boolean }> {
  assertCan(ctx.actor, 'inquiries:configure')
  return inTx(ctx, async (sql) => {
    const errors = /^[a-z0-9-]{2,40}$/.test(key) ? [] : [{ path: 'key', message: 'Lower case letters, digits and dashes (2 to 40)' }]
    if (input.memberIds) errors.push(...(await checkPeople(sql, input.memberIds, (i) => `memberIds.${i}`)))
    if (errors.length) invalid(errors)
    const [before] = await sql.query<{ key: string }>('SELECT key FROM inquiry_queues WHERE key = $1 FOR UPDATE', [key])
    const row = oneRow(
      await sql.query<{ key: string; name: string; member_ids: string[] | null }>(
        `INSERT INTO inquiry_queues (key, name, member_ids) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, member_ids = EXCLUDED.member_ids, updated_at = now()
       RETURNING key, name, member_ids`,
        [key, input.name, input.memberIds],
      ),
      'Inquiry queue',
    )
    const queue = await toQueue(sql, row)
    await audit(ctx, sql, { entity: 'inquiry_queue', entityId: key, action: before ? 'update' : 'create', after: queue })
    return { queue, created: !before }
  })
}
