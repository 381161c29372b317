import { z } from '@hono/zod-openapi'
import { defineEvent } from '../../core/events.ts'
import { evidenceExpiring } from './safety.mail.ts'

// The events of the Partner Safety Program; each email keeps its template.

const ExpiringPayload = z.object({
  evidenceId: z.string().uuid(),
  partnerId: z.string().uuid(),
  partner: z.string(),
  what: z.string().openapi({ description: 'The evidence in plain words, e.g. "general liability certificate"' }),
  expiryDate: z.string(),
  daysLeft: z.number().int(),
  reminder: z.number().int().openapi({ description: 'The reminder this is: 90, 30 or 7 days before expiry' }),
})
type Expiring = z.infer<typeof ExpiringPayload>
// Staff open the partner's Safety tab; the partner's admins their own "Safety compliance" page.
const pathFor = (p: Expiring, internal: boolean) => (internal ? `/partners/${p.partnerId}?tab=safety` : '/safety-compliance')
const expiringMail = (p: Expiring, url: string) =>
  evidenceExpiring({ partnerName: p.partner, what: p.what, expiryDate: p.expiryDate, daysLeft: p.daysLeft, url })

/** 90, 30 and 7 days before accepted evidence of a high-risk partner expires: its admins and the safety team. */
export const safetyEvidenceExpiring = defineEvent('safety_evidence.expiring', {
  summary: 'Safety evidence (insurance certificate, written program, licence) expires soon (90, 30 and 7 days ahead)',
  payload: ExpiringPayload,
  audience: (p) => ({ partnerId: p.partnerId, partnerRoles: ['partner_admin'], roles: ['safety'] }),
  describe: (p, to) => {
    const m = expiringMail(p, '')
    return { title: m.subject, body: m.text.split('\n')[0] ?? '', link: pathFor(p, to.internal) }
  },
  mail: (p, to) => ({
    template: `safetyEvidenceExpiring${p.reminder}`,
    mail: expiringMail(p, `${to.publicUrl}${pathFor(p, to.internal)}`),
  }),
})
