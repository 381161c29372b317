import { z } from '@hono/zod-openapi'
import { defineEvent } from '../../core/events.ts'

// The events of Contact Us inquiries. The visitor's acknowledgement is not one: it goes to someone
// outside the user base, always (transactional mail).

const ReceivedPayload = z.object({
  inquiryId: z.string().uuid(),
  reference: z.string(),
  company: z.string(),
  country: z.string(),
  queue: z.string(),
  ownerId: z.string().uuid().nullable(),
  matchedPartnerId: z.string().uuid().nullable(),
})

/** Staff only: the inquiry's owner, or the GPS team when its queue has no members. In the app by default (a new email each time would be noise). */
export const inquiryReceived = defineEvent('inquiry.received', {
  summary: 'A Contact Us inquiry was received and routed',
  payload: ReceivedPayload,
  staffOnly: true,
  audience: (p) => (p.ownerId ? { users: [p.ownerId] } : { roles: ['gps'] }),
  describe: (p) => ({
    title: `New inquiry ${p.reference}: ${p.company}`,
    body: `${p.company} (${p.country}) wrote through Contact Us; routed to ${p.queue}.`,
    link: `/inquiries/${p.inquiryId}`,
  }),
  defaultChannel: 'in_app',
})
