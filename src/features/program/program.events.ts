import { z } from '@hono/zod-openapi'
import { defineEvent } from '../../core/events.ts'

// The events of the partner program.

const ConfirmedPayload = z.object({
  partnerId: z.string().uuid(),
  year: z.number().int(),
  quarter: z.number().int().min(1).max(4),
  submittedBy: z.string().uuid().nullable(),
})

/** The partner's admins and whoever submitted the quarter hear that the integrator confirmed it. */
export const metricsConfirmed = defineEvent('metrics.confirmed', {
  summary: "The integrator confirmed a partner's quarterly metrics",
  payload: ConfirmedPayload,
  audience: (p) => ({ partnerId: p.partnerId, partnerRoles: ['partner_admin'], users: [p.submittedBy] }),
  describe: (p) => ({
    title: `${p.year} Q${p.quarter} metrics confirmed`,
    body: `The integrator confirmed your metrics for ${p.year} Q${p.quarter}; they now count in your tier evaluation.`,
    link: `/partners/${p.partnerId}`,
  }),
})
