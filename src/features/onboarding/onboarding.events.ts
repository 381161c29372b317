import { z } from '@hono/zod-openapi'
import { defineEvent } from '../../core/events.ts'
import { caseCompleted } from './onboarding.mail.ts'
import { casePath } from './onboarding.queries.ts'

// The events of onboarding; the email keeps its template.

const CompletedPayload = z.object({
  caseId: z.string().uuid(),
  partnerId: z.string().uuid(),
  legalName: z.string(),
  agreementId: z.string().uuid(),
  agreementTitle: z.string(),
  adminEmail: z.string(),
  requestedById: z.string().uuid().nullable(),
  sponsorId: z.string().uuid().nullable(),
})
type Completed = z.infer<typeof CompletedPayload>
const render = (p: Completed, url: string) =>
  caseCompleted({ legalName: p.legalName, url, agreementTitle: p.agreementTitle, adminEmail: p.adminEmail })

/** Staff only: the requester and the sponsor of the case hear that it is complete. */
export const caseCompletedEvent = defineEvent('onboarding.case_completed', {
  summary: 'An onboarding case was completed: the partner is active and its first agreement is out for signature',
  payload: CompletedPayload,
  staffOnly: true,
  audience: (p) => ({ users: [p.requestedById, p.sponsorId] }),
  describe: (p) => ({ title: render(p, '').subject, body: render(p, '').text.split('\n')[0] ?? '', link: casePath(p.caseId) }),
  mail: (p, to) => ({ template: 'caseCompleted', mail: render(p, `${to.publicUrl}${casePath(p.caseId)}`) }),
})
