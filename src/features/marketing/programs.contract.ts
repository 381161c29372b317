import { z } from '@hono/zod-openapi'

export const marketingPrograms = ['jam', 'jem'] as const
export const MarketingProgram = z.enum(marketingPrograms).openapi('MarketingProgram', {
  description: 'jam: joint advertising & marketing; jem: joint event marketing',
})
export type MarketingProgram = z.infer<typeof MarketingProgram>
/** The benefit of the program year that allows each program (through the one `entitlement` gate). */
export const programBenefit: Record<MarketingProgram, 'jamProgram' | 'jemProgram'> = { jam: 'jamProgram', jem: 'jemProgram' }
export const programLabels: Record<MarketingProgram, string> = {
  jam: 'Joint Advertising & Marketing (JAM)',
  jem: 'Joint Event Marketing (JEM)',
}

export const membershipStatuses = ['invited', 'active', 'declined', 'withdrawn', 'ended', 'expired'] as const
export const MembershipStatus = z.enum(membershipStatuses).openapi('MembershipStatus', {
  description: 'expired: an accepted membership whose period is over',
})

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
const reason = z.string().trim().min(1, 'Required').max(1000)
export const MdfReference = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, 'Letters, digits and . _ / - (up to 64), as the MDF request is numbered')
  .openapi({ description: 'The MDF request the work draws on (a reference until the funds feature exists)' })

export const Id = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
})
const who = z.object({ id: z.string().uuid(), name: z.string() }).nullable()

export const MembershipSchema = z
  .object({
    id: z.string().uuid(),
    program: MarketingProgram,
    partner: z.object({ id: z.string().uuid(), name: z.string(), tier: z.string().nullable() }),
    status: MembershipStatus,
    message: z.string().nullable(),
    startsOn: z.string(),
    endsOn: z.string(),
    invitedBy: who,
    invitedAt: z.string().datetime(),
    respondedBy: who,
    respondedAt: z.string().datetime().nullable(),
    declineReason: z.string().nullable(),
    endedAt: z.string().datetime().nullable(),
    endReason: z.string().nullable(),
  })
  .openapi('ProgramMembership')
export type Membership = z.infer<typeof MembershipSchema>

export const MembershipListQuery = z.object({
  program: MarketingProgram.optional(),
  status: MembershipStatus.optional(),
  partnerId: z.string().uuid().optional(),
})
export const MembershipList = z.object({ items: z.array(MembershipSchema) }).openapi('ProgramMembershipList')

export const InviteInput = z
  .strictObject({
    program: MarketingProgram,
    partnerId: z.string().uuid(),
    startsOn: isoDate,
    endsOn: isoDate,
    message: z.string().trim().max(2000).optional(),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'], message: 'Ends before it starts' })
  .openapi('ProgramInvitationInput')
export type InviteInput = z.infer<typeof InviteInput>
export const DeclineInput = z.strictObject({ reason: z.string().trim().max(1000).optional() }).openapi('ProgramDeclineInput')
export const EndInput = z.strictObject({ reason }).openapi('ProgramEndInput')

export const CampaignInput = z
  .strictObject({
    kind: z.enum(['campaign', 'joint_event']),
    title: z.string().trim().min(1, 'Required').max(200),
    startsOn: isoDate.optional(),
    endsOn: isoDate.optional(),
    mdfReference: MdfReference.optional(),
  })
  .refine((v) => !v.startsOn || !v.endsOn || v.endsOn >= v.startsOn, { path: ['endsOn'], message: 'Ends before it starts' })
  .openapi('ProgramCampaignInput')
export const CampaignSchema = z
  .object({
    id: z.string().uuid(),
    membershipId: z.string().uuid(),
    kind: z.enum(['campaign', 'joint_event']),
    title: z.string(),
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
    mdfReference: z.string().nullable(),
    createdAt: z.string().datetime(),
  })
  .openapi('ProgramCampaign')
export const CampaignList = z.object({ items: z.array(CampaignSchema) }).openapi('ProgramCampaignList')

export const PartnerMarketingSchema = z
  .object({
    partnerId: z.string().uuid(),
    eligible: z.object({ jam: z.boolean(), jem: z.boolean() }),
    jam: MembershipSchema.nullable(),
    jem: MembershipSchema.nullable(),
    pageLevel: z.enum(['enhanced', 'basic', 'none']).openapi({ description: 'The partner page: enhanced while the partner is in JAM' }),
  })
  .openapi('PartnerMarketing')
export type PartnerMarketing = z.infer<typeof PartnerMarketingSchema>
