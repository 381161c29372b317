import { assertCan, can, isExternal } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import { listAgreements } from '../agreements/agreements.service.ts'
import { listDeals } from '../deals/deals.service.ts'
import { listInquiries } from '../inquiries/inquiries.service.ts'
import { listCases } from '../onboarding/onboarding.service.ts'
import type { Worklist, WorklistGroup, WorklistItem } from './worklist.contract.ts'

const LIMIT = 200 // counts stop here ("200+"): a worklist is read, not audited
const SHOWN = 5

function group(g: Omit<WorklistGroup, 'count' | 'more' | 'items'>, all: WorklistItem[], more = false): WorklistGroup {
  const byUrgency = [...all].sort((a, b) => Number(b.overdue) - Number(a.overdue))
  return { ...g, count: all.length, more, items: byUrgency.slice(0, SHOWN) }
}

/**
 * What waits for the signed-in user, kind by kind, each read through its feature's service and offered only to
 * the roles that work on it (so each service's own scoping and row-level security apply as on its page).
 */
export async function getWorklist(ctx: Ctx): Promise<Worklist> {
  assertCan(ctx.actor, 'partners:read')
  const actor = ctx.actor
  const groups: Promise<WorklistGroup>[] = []

  if (can(actor, 'inquiries:manage')) {
    const inquiry = (i: { id: string; reference: string; company: string; country: string }): WorklistItem => ({
      id: i.id,
      title: i.company,
      detail: `${i.reference} · ${i.country}`,
      href: `/inquiries/${i.id}`,
      overdue: false,
    })
    groups.push(
      listInquiries(ctx, { status: 'new', limit: LIMIT }).then((r) =>
        group({ kind: 'newInquiries', label: 'New inquiries', href: '/inquiries' }, r.items.map(inquiry), !!r.nextCursor),
      ),
      listInquiries(ctx, { open: 'true', ownerId: actor.userId, limit: LIMIT }).then((r) =>
        group({ kind: 'myInquiries', label: 'Inquiries assigned to me', href: '/inquiries' }, r.items.map(inquiry), !!r.nextCursor),
      ),
    )
  }
  if (can(actor, 'onboarding:manage'))
    groups.push(
      Promise.all([listCases(ctx, { status: 'requested' }), listCases(ctx, { status: 'in_progress' })]).then(([requested, open]) =>
        group(
          { kind: 'onboardingDue', label: 'Onboarding cases due', href: '/onboarding' },
          [...requested, ...open]
            .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
            .map((c) => ({
              id: c.id,
              title: c.legalName,
              detail: `Due ${c.dueDate}${c.owner ? ` · ${c.owner.name}` : ' · no owner'}`,
              href: `/onboarding/${c.id}`,
              overdue: c.overdue,
            })),
        ),
      ),
    )
  if (can(actor, 'deals:review') && !isExternal(actor))
    groups.push(
      listDeals(ctx, { queue: actor.role === 'sales' ? 'mine' : 'incentives', limit: LIMIT }).then((r) =>
        group(
          { kind: 'dealReviews', label: 'Deal reviews by due date', href: '/deals' },
          r.items
            .filter((d) => d.status === 'submitted')
            .sort((a, b) => (a.expectedDecisionDate ?? '9999').localeCompare(b.expectedDecisionDate ?? '9999'))
            .map((d) => ({
              id: d.id,
              title: d.customer.name,
              detail: `${d.partnerName}${d.expectedDecisionDate ? ` · due ${d.expectedDecisionDate.slice(0, 10)}` : ''}`,
              href: `/deals/${d.id}`,
              overdue: d.overdue,
            })),
          !!r.nextCursor,
        ),
      ),
    )
  if (can(actor, 'agreements:sign'))
    groups.push(
      listAgreements(ctx, { status: 'out_for_signature', limit: LIMIT }).then((list) =>
        group(
          { kind: 'agreementsToSign', label: 'Agreements awaiting my signature', href: '/agreements' },
          list.map((a) => ({ id: a.id, title: a.title, detail: a.partnerName, href: `/agreements/${a.id}`, overdue: false })),
        ),
      ),
    )
  if (isExternal(actor) && can(actor, 'deals:update'))
    groups.push(
      listDeals(ctx, { status: 'info_requested', limit: LIMIT }).then((r) =>
        group(
          { kind: 'dealQuestions', label: 'Questions waiting for us', href: '/deals' },
          r.items.map((d) => ({
            id: d.id,
            title: d.customer.name,
            detail: 'The reviewer asked a question',
            href: `/deals/${d.id}`,
            overdue: false,
          })),
          !!r.nextCursor,
        ),
      ),
    )
  return { groups: await Promise.all(groups) }
}
