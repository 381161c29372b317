import { z } from '@hono/zod-openapi'
import { defineEvent, type Audience } from '../../core/events.ts'

// The events of MDF requests and claims: staff hear of new work, the partner of every decision, and the
// partner is reminded before a claim window closes.

const MoneyPayload = z.object({ amount: z.string(), currency: z.string() })
const MdfEventPayload = z.object({
  requestId: z.string().uuid(),
  partnerId: z.string().uuid(),
  partner: z.string(),
  title: z.string(),
  amount: MoneyPayload,
  status: z.string(),
  submittedBy: z.string().uuid().nullable(),
  claimId: z.string().uuid().nullable().optional(),
  note: z.string().nullable().optional().openapi({ description: 'Rejection reason, what proof is missing, or the payment reference' }),
  claimDeadline: z.string().nullable().optional(),
})
export type MdfEventData = z.infer<typeof MdfEventPayload>

const toPartner = (p: MdfEventData): Audience => ({ partnerId: p.partnerId, partnerRoles: ['partner_admin'], users: [p.submittedBy] })
const toTeam = (): Audience => ({ roles: ['marketing', 'incentives'] })
const money = (m: { amount: string; currency: string }) => `${m.amount} ${m.currency}`
const link = (p: MdfEventData) => `/funds/requests/${p.requestId}`

export const mdfEvents = {
  requestSubmitted: defineEvent<MdfEventData>('mdf_request.submitted', {
    summary: 'A partner asked for marketing funds (MDF pre-approval)',
    payload: MdfEventPayload,
    staffOnly: true,
    audience: toTeam,
    describe: (p) => ({
      title: `MDF request from ${p.partner}: ${p.title}`,
      body: `${p.partner} asks for ${money(p.amount)} for "${p.title}".`,
      link: link(p),
    }),
  }),
  requestDecided: defineEvent<MdfEventData>('mdf_request.decided', {
    summary: 'An MDF request was approved, rejected, or needs a second approver',
    payload: MdfEventPayload,
    audience: (p) => (p.status === 'awaiting_second_approval' ? toTeam() : toPartner(p)),
    describe: (p) => ({
      title:
        p.status === 'approved'
          ? `MDF request approved: ${p.title}`
          : p.status === 'rejected'
            ? `MDF request rejected: ${p.title}`
            : `MDF request needs a second approver: ${p.title}`,
      body:
        p.status === 'approved'
          ? `${money(p.amount)} is committed for "${p.title}". Claim it with proof of performance by ${p.claimDeadline}.`
          : p.status === 'rejected'
            ? `"${p.title}" was not approved: ${p.note ?? ''}`
            : `${p.partner}'s request of ${money(p.amount)} is above the first approver's limit.`,
      link: link(p),
    }),
  }),
  claimSubmitted: defineEvent<MdfEventData>('mdf_claim.submitted', {
    summary: 'A partner claimed MDF with proof of performance',
    payload: MdfEventPayload,
    staffOnly: true,
    audience: toTeam,
    describe: (p) => ({
      title: `MDF claim from ${p.partner}: ${p.title}`,
      body: `${p.partner} claims ${money(p.amount)} for "${p.title}".`,
      link: link(p),
    }),
  }),
  claimDecided: defineEvent<MdfEventData>('mdf_claim.decided', {
    summary: 'An MDF claim was approved, rejected, paid, or needs more proof',
    payload: MdfEventPayload,
    audience: toPartner,
    describe: (p) => {
      const what: Record<string, string> = {
        approved: `Your claim of ${money(p.amount)} for "${p.title}" was approved and will be paid.`,
        rejected: `Your claim of ${money(p.amount)} for "${p.title}" was rejected: ${p.note ?? ''}`,
        more_proof_requested: `More proof is needed for your claim on "${p.title}": ${p.note ?? ''}`,
        paid: `Your claim of ${money(p.amount)} for "${p.title}" was paid (reference ${p.note ?? ''}).`,
      }
      return { title: `MDF claim ${p.status.replace(/_/g, ' ')}: ${p.title}`, body: what[p.status] ?? p.status, link: link(p) }
    },
  }),
  claimWindowClosing: defineEvent<MdfEventData>('mdf_request.claim_window_closing', {
    summary: "An approved MDF request's claim window closes soon",
    payload: MdfEventPayload,
    audience: toPartner,
    describe: (p) => ({
      title: `Claim MDF for "${p.title}" by ${p.claimDeadline}`,
      body: `The claim window for "${p.title}" (${money(p.amount)} approved) closes on ${p.claimDeadline}. Unclaimed funds are released after that day.`,
      link: link(p),
    }),
  }),
}
