import type { Sql } from '../../core/db.ts'
import { activeStaff } from '../identity/users.service.ts'
import type { RoutingRule } from './inquiries.contract.ts'

export const DEFAULT_QUEUE = 'gpa'

/** What routing looks at. */
export type RoutingFacts = {
  country: string
  partnerType: string | null
  solutions: string[]
  matchedPartnerId: string | null
  relatedInquiryId: string | null
}
export type Route = { ruleId: string | null; ruleName: string | null; queueKey: string; ownerId: string | null }

type RuleRow = {
  id: string
  name: string
  position: number
  active: boolean
  countries: string[] | null
  partner_types: string[] | null
  solutions: string[] | null
  domain_match: RoutingRule['domainMatch']
  queue_key: string
  owner_id: string | null
  version: number
}
export const RULE_COLUMNS = 'id, name, position, active, countries, partner_types, solutions, domain_match, queue_key, owner_id, version'
export const toRule = (r: RuleRow): RoutingRule => ({
  id: r.id,
  name: r.name,
  position: r.position,
  active: r.active,
  countries: r.countries,
  partnerTypes: r.partner_types as RoutingRule['partnerTypes'],
  solutions: r.solutions,
  domainMatch: r.domain_match,
  queueKey: r.queue_key,
  ownerId: r.owner_id,
  version: r.version,
})

const lower = (xs: string[]) => xs.map((x) => x.toLowerCase())

/** Every condition of a rule holds (a missing condition holds for any inquiry). */
export function ruleMatches(rule: RoutingRule, f: RoutingFacts): boolean {
  if (rule.countries && !rule.countries.includes(f.country)) return false
  if (rule.partnerTypes && (!f.partnerType || !rule.partnerTypes.includes(f.partnerType as never))) return false
  if (rule.solutions && !lower(f.solutions).some((s) => lower(rule.solutions!).includes(s))) return false
  const domain = f.matchedPartnerId ? 'partner' : f.relatedInquiryId ? 'inquiry' : 'none'
  if (rule.domainMatch && rule.domainMatch !== domain) return false
  return true
}

export async function listRuleRows(sql: Sql): Promise<RoutingRule[]> {
  return (await sql.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM inquiry_routing_rules ORDER BY position, created_at, id`)).map(toRule)
}

/** The queue's members: the configured users who are still active, else every active GPS user. */
export async function queueMembers(sql: Sql, memberIds: string[] | null) {
  return memberIds
    ? activeStaff(sql, { ids: memberIds }).then((found) => memberIds.flatMap((id) => found.filter((m) => m.id === id)))
    : activeStaff(sql, { role: 'gps' })
}

/** Takes the next member of a queue in turn (the queue row is locked, so concurrent inquiries alternate). */
export async function nextOwner(sql: Sql, queueKey: string): Promise<string | null> {
  const [q] = await sql.query<{ member_ids: string[] | null; last_owner_id: string | null }>(
    'SELECT member_ids, last_owner_id FROM inquiry_queues WHERE key = $1 FOR UPDATE',
    [queueKey],
  )
  if (!q) return null
  const members = await queueMembers(sql, q.member_ids)
  if (!members.length) return null
  const next = members[(members.findIndex((m) => m.id === q.last_owner_id) + 1) % members.length]
  if (!next) return null

  await sql.query('UPDATE inquiry_queues SET last_owner_id = $2 WHERE key = $1', [queueKey, next.id])
  return next.id
}

/** The first active rule that matches decides the queue and owner; without one, the GPA queue in turn. */
export async function routeInquiry(sql: Sql, facts: RoutingFacts): Promise<Route> {
  const rule = (await listRuleRows(sql)).find((r) => r.active && ruleMatches(r, facts))
  const queueKey = rule?.queueKey ?? DEFAULT_QUEUE
  // A fixed owner who has left is replaced by the queue's turn.
  const fixed = rule?.ownerId ? (await activeStaff(sql, { ids: [rule.ownerId] }))[0]?.id : undefined
  return { ruleId: rule?.id ?? null, ruleName: rule?.name ?? null, queueKey, ownerId: fixed ?? (await nextOwner(sql, queueKey)) }
}
