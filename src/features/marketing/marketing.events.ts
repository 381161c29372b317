import { z } from '@hono/zod-openapi'
import { defineEvent } from '../../core/events.ts'
import { programLabels, type MarketingProgram } from './programs.contract.ts'

// The events of marketing and community: JAM and JEM invitations and memberships.

const MembershipPayload = z.object({
  membershipId: z.string().uuid(),
  partnerId: z.string().uuid(),
  partner: z.string(),
  program: z.enum(['jam', 'jem']),
  startsOn: z.string(),
  endsOn: z.string(),
  reason: z.string().nullable().optional(),
})
const label = (p: { program: MarketingProgram }) => programLabels[p.program]

/** The partner's admins hear that marketing invited their company; they accept or decline. */
export const programInvited = defineEvent('program_invitation.sent', {
  summary: 'Your company is invited to the JAM or JEM program',
  payload: MembershipPayload,
  audience: (p) => ({ partnerId: p.partnerId, partnerRoles: ['partner_admin'] }),
  describe: (p) => ({
    title: `Invitation to the ${label(p)} program`,
    body: `${p.partner} is invited to the ${label(p)} program from ${p.startsOn} to ${p.endsOn}. A partner admin accepts or declines it.`,
    link: '/programs',
  }),
})

/** Marketing hears the partner's answer. */
export const programAccepted = defineEvent('program_invitation.accepted', {
  summary: 'A partner accepted its JAM or JEM invitation',
  payload: MembershipPayload,
  staffOnly: true,
  audience: () => ({ roles: ['marketing'] }),
  describe: (p) => ({
    title: `${p.partner} joined ${label(p)}`,
    body: `${p.partner} accepted the invitation; its membership runs from ${p.startsOn} to ${p.endsOn}.`,
    link: '/programs',
  }),
})

export const programDeclined = defineEvent('program_invitation.declined', {
  summary: 'A partner declined its JAM or JEM invitation',
  payload: MembershipPayload,
  staffOnly: true,
  audience: () => ({ roles: ['marketing'] }),
  describe: (p) => ({
    title: `${p.partner} declined ${label(p)}`,
    body: `${p.partner} declined the invitation${p.reason ? `: ${p.reason}` : '.'}`,
    link: '/programs',
  }),
})

/** The partner's admins hear that a membership (or an invitation) was ended by marketing. */
export const programEnded = defineEvent('program_membership.ended', {
  summary: "Your company's JAM or JEM membership ended",
  payload: MembershipPayload,
  audience: (p) => ({ partnerId: p.partnerId, partnerRoles: ['partner_admin'], roles: ['marketing'] }),
  describe: (p) => ({
    title: `${label(p)} membership ended`,
    body: `The ${label(p)} membership of ${p.partner} ended${p.reason ? `: ${p.reason}` : '.'}`,
    link: '/programs',
  }),
})
