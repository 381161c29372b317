import { z } from '@hono/zod-openapi'
import { defineEvent, type Audience, type EventDefinition } from '../../core/events.ts'
import { formatUsdShort, toCents } from '../../core/money.ts'
import { dealMails, type DealMailData, type DealMailName } from './deals.mail.ts'

// The events of deal registration, one per email the feature sends; each email keeps its template.

/** What a partner may read of its own registration: the payload of every event its users receive. */
const DealEventPayload = z.object({
  dealId: z.string().uuid(),
  partnerId: z.string().uuid(),
  partner: z.string(),
  customer: z.string(),
  value: z.object({ amount: z.string(), currency: z.literal('USD') }),
  registeredBy: z.string().uuid().nullable(),
  expectedDecisionDate: z.string().nullable(),
  protectionUntil: z.string().nullable(),
  dueDate: z.string().nullable(),
  reason: z.string().nullable().optional().openapi({ description: 'Rejection reason, answer, or extension reason' }),
  question: z.string().nullable().optional(),
})
/** Events only staff receive also name the reviewer and the team lead's mailbox. */
const InternalDealEventPayload = DealEventPayload.extend({
  reviewerId: z.string().uuid().nullable().optional(),
  leadEmail: z.string().nullable().optional(),
})
export type DealEventData = z.infer<typeof InternalDealEventPayload>

type Kind = { type: string; summary: string; to: 'partner' | 'reviewer' | 'lead' }
const kinds: Record<DealMailName, Kind> = {
  'deal-submitted': { type: 'deal.registered', summary: 'A deal registration was received', to: 'partner' },
  'deal-approved': { type: 'deal.approved', summary: 'A deal registration was approved', to: 'partner' },
  'deal-rejected': { type: 'deal.rejected', summary: 'A deal registration was rejected', to: 'partner' },
  'deal-info-requested': { type: 'deal.info_requested', summary: 'A reviewer asked for more information on a deal', to: 'partner' },
  'deal-extended': { type: 'deal.extended', summary: "A deal's protection was extended", to: 'partner' },
  'deal-expired': { type: 'deal.expired', summary: "A deal's protection ended and the registration expired", to: 'partner' },
  'deal-assigned': { type: 'deal.assigned', summary: 'A deal registration is yours to review', to: 'reviewer' },
  'deal-answered': { type: 'deal.info_provided', summary: 'A partner answered a question on a deal', to: 'reviewer' },
  'deal-extension-requested': { type: 'deal.extension_requested', summary: 'A partner asked to extend protection', to: 'reviewer' },
  'deal-escalated': { type: 'deal.escalated', summary: 'A deal review is overdue', to: 'lead' },
  'deal-big-deal': { type: 'deal.big_deal_registered', summary: 'A big deal was registered', to: 'lead' },
}

function audienceOf(to: Kind['to'], p: DealEventData): Audience {
  if (to === 'partner') return { partnerId: p.partnerId, partnerRoles: ['partner_admin'], users: [p.registeredBy] }
  if (to === 'reviewer' && p.reviewerId) return { users: [p.reviewerId] }
  if (to === 'lead' && p.leadEmail) return { emails: [p.leadEmail] }
  return { roles: ['incentives'] }
}

const mailData = (p: DealEventData, link: string): DealMailData => ({
  ...p,
  value: formatUsdShort(toCents(p.value.amount)),
  link,
})

function define(template: DealMailName, k: Kind): EventDefinition<DealEventData> {
  const render = (p: DealEventData, link: string) => dealMails[template](mailData(p, link))
  return defineEvent<DealEventData>(k.type, {
    summary: k.summary,
    payload: k.to === 'partner' ? DealEventPayload : InternalDealEventPayload,
    staffOnly: k.to !== 'partner',
    audience: (p) => audienceOf(k.to, p),
    describe: (p) => {
      const m = render(p, '')
      // The email's paragraphs without its closing link line.
      return { title: m.subject, body: m.text.split('\n\n').slice(0, -1).join(' '), link: `/deals/${p.dealId}` }
    },
    mail: (p, to) => ({ template, mail: render(p, `${to.publicUrl}/deals/${p.dealId}`) }),
  })
}

/** Whether only staff receive a template's event. */
export const isInternalDealEvent = (template: DealMailName): boolean => kinds[template].to !== 'partner'

export const dealEvents = Object.fromEntries(Object.entries(kinds).map(([t, k]) => [t, define(t as DealMailName, k)])) as Record<
  DealMailName,
  EventDefinition<DealEventData>
>
