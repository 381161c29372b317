import { z } from '@hono/zod-openapi'
import { defineEvent } from '../../core/events.ts'
import { agreementExpiring, agreementSigned, agreementToSign } from './agreements.mail.ts'

// The events of agreements; each email keeps its template.

const path = (id: string) => `/agreements/${id}`
const firstLine = (text: string) => text.split('\n')[0] ?? ''
const Ref = { agreementId: z.string().uuid(), partnerId: z.string().uuid(), partner: z.string(), title: z.string() }

const SentPayload = z.object({ ...Ref, typeLabel: z.string(), potcVersion: z.string().nullable() })
export const agreementSent = defineEvent('agreement.sent', {
  summary: 'An agreement was sent to the partner for signature',
  payload: SentPayload,
  audience: (p) => ({ partnerId: p.partnerId, partnerRoles: ['partner_admin'] }),
  describe: (p) => ({ title: `Please sign: ${p.title}`, body: firstLine(render(p, '').text), link: path(p.agreementId) }),
  mail: (p, to) => ({ template: 'agreementToSign', mail: render(p, `${to.publicUrl}${path(p.agreementId)}`) }),
})
function render(p: z.infer<typeof SentPayload>, url: string) {
  return agreementToSign({ partnerName: p.partner, title: p.title, url, typeLabel: p.typeLabel, potcVersion: p.potcVersion })
}

// Staff who look after the partner hear of the signature (the partner admin signed it themselves).
const SignedPayload = z.object({
  ...Ref,
  signerName: z.string(),
  signedAt: z.string(),
  managerId: z.string().uuid().nullable(),
  opsId: z.string().uuid().nullable(),
})
const signedMail = (p: z.infer<typeof SignedPayload>, url: string) =>
  agreementSigned({ partnerName: p.partner, title: p.title, url, signerName: p.signerName, signedAt: p.signedAt })
export const agreementSignedEvent = defineEvent('agreement.signed', {
  summary: 'A partner admin signed an agreement',
  payload: SignedPayload,
  staffOnly: true,
  audience: (p) => ({ users: [p.managerId, p.opsId] }),
  describe: (p) => ({ title: signedMail(p, '').subject, body: firstLine(signedMail(p, '').text), link: path(p.agreementId) }),
  mail: (p, to) => ({ template: 'agreementSigned', mail: signedMail(p, `${to.publicUrl}${path(p.agreementId)}`) }),
})

const ExpiringPayload = z.object({
  ...Ref,
  expiryDate: z.string(),
  daysLeft: z.number().int(),
  reminder: z.number().int().openapi({ description: 'The reminder this is: 90, 30 or 7 days before expiry' }),
  managerId: z.string().uuid().nullable(),
})
const expiringMail = (p: z.infer<typeof ExpiringPayload>, url: string) =>
  agreementExpiring({ partnerName: p.partner, title: p.title, url, expiryDate: p.expiryDate, daysLeft: p.daysLeft })
export const agreementExpiringEvent = defineEvent('agreement.expiring', {
  summary: 'An agreement expires soon (90, 30 and 7 days ahead)',
  payload: ExpiringPayload,
  audience: (p) => ({ partnerId: p.partnerId, partnerRoles: ['partner_admin'], users: [p.managerId] }),
  describe: (p) => ({ title: expiringMail(p, '').subject, body: firstLine(expiringMail(p, '').text), link: path(p.agreementId) }),
  mail: (p, to) => ({ template: `agreementExpiring${p.reminder}`, mail: expiringMail(p, `${to.publicUrl}${path(p.agreementId)}`) }),
})
