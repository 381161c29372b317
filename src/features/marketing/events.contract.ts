import { z } from '@hono/zod-openapi'
import { CountryCode } from '../../core/countries.ts'
import { Id, MdfReference } from './programs.contract.ts'

export { Id }

const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'A date and time as YYYY-MM-DDTHH:mm')
  .openapi({ description: 'Wall-clock time in the event’s time zone', example: '2026-03-10T15:00' })
const validZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}
export const TimeZone = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(64)
  .refine(validZone, 'Not a time zone (use an IANA name such as Europe/Berlin)')
  .openapi({ example: 'America/Chicago' })

export const Speaker = z.strictObject({
  name: z.string().trim().min(1, 'Required').max(200),
  title: z.string().trim().max(200).optional(),
  company: z.string().trim().max(200).optional(),
})
export const SessionInput = z
  .strictObject({
    kind: z.enum(['presentation', 'qa', 'panel', 'break']),
    title: z.string().trim().min(1, 'Required').max(200),
    startsAt: localDateTime.optional(),
    endsAt: localDateTime.optional(),
    speakers: z.array(Speaker).max(20).default([]),
  })
  .refine((s) => !s.startsAt || !s.endsAt || s.endsAt > s.startsAt, { path: ['endsAt'], message: 'Ends before it starts' })
  .openapi('EventSessionInput')

export const AudienceSchema = z
  .strictObject({
    tiers: z
      .array(z.enum(['strategic', 'advantage', 'select', 'approved']))
      .max(4)
      .default([]),
    partnerTypes: z
      .array(z.enum(['oem', 'service']))
      .max(2)
      .default([]),
    countries: z.array(CountryCode).max(250).default([]),
    partnerIds: z.array(z.string().uuid()).max(1000).default([]),
  })
  .openapi('EventAudience', {
    description:
      'Empty lists do not restrict. A partner is in the audience when invited by id, or when it matches every list that is set; with no list set the event is open to all partners, with only partnerIds to them alone.',
  })

const eventFields = {
  kind: z.enum(['ad_hoc', 'program']),
  title: z.string().trim().min(1, 'Required').max(200),
  description: z.string().trim().max(10000).default(''),
  format: z.enum(['virtual', 'on_site']),
  location: z.string().trim().max(500).optional(),
  startsAt: localDateTime,
  endsAt: localDateTime,
  timeZone: TimeZone,
  capacity: z.number().int().min(1).max(100000),
  audience: AudienceSchema.default({ tiers: [], partnerTypes: [], countries: [], partnerIds: [] }),
  sessions: z.array(SessionInput).max(50).default([]),
  membershipId: z.string().uuid().optional().openapi({ description: 'A JEM (or JAM) membership this joint event belongs to' }),
  mdfReference: MdfReference.optional(),
}
export const EventInput = z
  .strictObject(eventFields)
  .refine((e) => e.endsAt > e.startsAt, { path: ['endsAt'], message: 'Ends before it starts' })
  .openapi('CommunityEventInput')
export type EventInput = z.infer<typeof EventInput>
export const EventPatch = z
  .strictObject({
    title: eventFields.title.optional(),
    description: z.string().trim().max(10000).optional(),
    format: eventFields.format.optional(),
    location: z.string().trim().max(500).nullable().optional(),
    startsAt: localDateTime.optional(),
    endsAt: localDateTime.optional(),
    timeZone: TimeZone.optional(),
    capacity: eventFields.capacity.optional(),
    audience: AudienceSchema.optional(),
    sessions: z.array(SessionInput).max(50).optional(),
    status: z.enum(['published', 'cancelled']).optional(),
  })
  .openapi('CommunityEventPatch')
export type EventPatch = z.infer<typeof EventPatch>

export const RegistrationStatus = z.enum(['registered', 'waitlisted', 'cancelled']).openapi('EventRegistrationStatus')
export const MyRegistration = z
  .object({
    id: z.string().uuid(),
    status: RegistrationStatus,
    waitlistPosition: z.number().int().nullable().openapi({ description: 'Place on the waitlist (1 is next), when waitlisted' }),
    attended: z.boolean(),
  })
  .openapi('MyEventRegistration')

const SessionSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(['presentation', 'qa', 'panel', 'break']),
  title: z.string(),
  startsAt: z.string().datetime().nullable(),
  endsAt: z.string().datetime().nullable(),
  speakers: z.array(z.object({ name: z.string(), title: z.string().optional(), company: z.string().optional() })),
})
export const EventSchema = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(['ad_hoc', 'program']),
    title: z.string(),
    description: z.string(),
    format: z.enum(['virtual', 'on_site']),
    location: z.string().nullable(),
    startsAt: z.string().datetime(),
    endsAt: z.string().datetime(),
    timeZone: z.string(),
    localStart: z.string().openapi({ description: 'Start in the event’s time zone (YYYY-MM-DDTHH:mm)' }),
    localEnd: z.string(),
    capacity: z.number().int(),
    registeredCount: z.number().int(),
    seatsLeft: z.number().int(),
    status: z.enum(['published', 'cancelled']),
    sessions: z.array(SessionSchema),
    audience: AudienceSchema.nullable().openapi({ description: 'Staff only (null for partners)' }),
    membershipId: z.string().uuid().nullable(),
    mdfReference: z.string().nullable(),
    myRegistration: MyRegistration.nullable(),
    version: z.number().int(),
  })
  .openapi('CommunityEvent')
export type CommunityEvent = z.infer<typeof EventSchema>
export const EventListQuery = z.object({
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
})
export const EventList = z.object({ items: z.array(EventSchema) }).openapi('CommunityEventList')

export const RegistrationSchema = z
  .object({
    id: z.string().uuid(),
    status: RegistrationStatus,
    user: z.object({ id: z.string().uuid(), name: z.string(), email: z.string() }),
    partner: z.object({ id: z.string().uuid(), name: z.string(), tier: z.string().nullable() }),
    registeredAt: z.string().datetime(),
    promotedAt: z.string().datetime().nullable(),
    waitlistPosition: z.number().int().nullable(),
    attended: z.boolean(),
    attendedMinutes: z.number().int().nullable(),
  })
  .openapi('EventRegistration')
export const RegistrationList = z.object({ items: z.array(RegistrationSchema) }).openapi('EventRegistrationList')

export const AttendanceInput = z
  .strictObject({
    entries: z
      .array(
        z.strictObject({
          email: z.string().trim().toLowerCase().email('Not an email address'),
          attended: z.boolean(),
          minutes: z.number().int().min(0).max(100000).optional(),
        }),
      )
      .min(1)
      .max(10000),
  })
  .openapi('EventAttendanceInput')
export const AttendanceSummary = z
  .object({
    registered: z.number().int(),
    attended: z.number().int(),
    waitlisted: z.number().int(),
    byPartner: z.array(
      z.object({
        partnerId: z.string().uuid(),
        partner: z.string(),
        tier: z.string().nullable(),
        registered: z.number().int(),
        attended: z.number().int(),
      }),
    ),
    byTier: z.array(z.object({ tier: z.string().nullable(), registered: z.number().int(), attended: z.number().int() })),
  })
  .openapi('EventAttendanceSummary')

export const MaterialInput = z
  .strictObject({
    kind: z.enum(['deck', 'video', 'link']),
    title: z.string().trim().min(1, 'Required').max(200),
    url: z
      .string()
      .trim()
      .max(2000)
      .regex(/^https?:\/\/\S+$/, 'A web address starting with https://'),
  })
  .openapi('EventMaterialInput')
export const MaterialSchema = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(['deck', 'video', 'link']),
    title: z.string(),
    url: z.string(),
    publishedAt: z.string().datetime(),
  })
  .openapi('EventMaterial')
export const MaterialList = z.object({ items: z.array(MaterialSchema) }).openapi('EventMaterialList')

export const FeedbackInput = z
  .strictObject({
    rating: z.number().int().min(1).max(5),
    contentRating: z.number().int().min(1).max(5).optional(),
    comment: z.string().trim().max(2000).optional(),
    quoteAllowed: z.boolean().default(false).openapi({ description: 'The comment may be shown as a quote (with the company name)' }),
  })
  .openapi('EventFeedbackInput')
export const FeedbackResults = z
  .object({
    responses: z.number().int(),
    averageRating: z.number().nullable(),
    averageContentRating: z.number().nullable(),
    ratings: z.array(z.object({ rating: z.number().int(), count: z.number().int() })),
    quotes: z.array(z.object({ comment: z.string(), partner: z.string(), rating: z.number().int() })),
    mine: z.object({ rating: z.number().int(), comment: z.string().nullable() }).nullable(),
  })
  .openapi('EventFeedbackResults')
