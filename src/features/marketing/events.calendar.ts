import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator'

export type CalendarEvent = {
  id: string
  title: string
  description: string
  location: string | null
  startsAt: Date
  endsAt: Date
  timeZone: string
  sequence: number
  url: string
}

/**
 * The iCalendar object of an event for one attendee, made by ical-generator: a REQUEST invites (and, with
 * a higher SEQUENCE, updates the invitation in the attendee's calendar); a CANCEL removes it. The UID
 * stays the event's, so every message about an event replaces the one before it.
 */
export function eventCalendar(
  e: CalendarEvent,
  attendee: { email: string; name: string },
  organizer: { name: string; email: string },
  method: 'request' | 'cancel' = 'request',
): string {
  const cal = ical({
    prodId: { company: 'Alliance', product: 'Partner events', language: 'EN' },
    method: method === 'cancel' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    name: e.title,
  })
  cal.createEvent({
    id: `${e.id}@alliance`,
    sequence: e.sequence,
    start: e.startsAt,
    end: e.endsAt,
    summary: e.title,
    description: `${e.description}\n\n${e.url}`.trim(),
    location: e.location ?? undefined,
    url: e.url,
    status: method === 'cancel' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer,
    attendees: [
      {
        email: attendee.email,
        name: attendee.name,
        role: ICalAttendeeRole.REQ,
        status: method === 'cancel' ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
      },
    ],
    x: [{ key: 'X-ALLIANCE-TIMEZONE', value: e.timeZone }],
  })
  return cal.toString()
}
