import { z } from '@hono/zod-openapi'
import { defineEvent } from '../../core/events.ts'

// The events of tier reviews.

const ApprovedPayload = z.object({
  decisionId: z.string().uuid(),
  cycleId: z.string().uuid(),
  partnerId: z.string().uuid(),
  partner: z.string(),
  chosenTier: z.string().nullable(),
  effectiveDate: z.string(),
  decidedBy: z.string().uuid().nullable(),
  managerId: z.string().uuid().nullable(),
})

/** Staff only (the partner learns its tier when it takes effect): whoever decided, and the partner's manager. */
export const tierDecisionApproved = defineEvent('tier_decision.approved', {
  summary: 'A tier decision received its approval and takes effect on its date',
  payload: ApprovedPayload,
  staffOnly: true,
  audience: (p) => ({ users: [p.decidedBy, p.managerId] }),
  describe: (p) => ({
    title: `Tier decision approved: ${p.partner}`,
    body: `${p.partner} moves to ${p.chosenTier ?? 'no tier'} from ${p.effectiveDate}.`,
    link: `/reviews/${p.cycleId}`,
  }),
})
