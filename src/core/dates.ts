import { z } from '@hono/zod-openapi'
import { addDays, differenceInCalendarDays, format, parseISO } from 'date-fns'

// The program runs on UTC: a "day" everywhere in Alliance is a UTC calendar day written YYYY-MM-DD
// (the form PostgreSQL's `date::text` gives and the API carries). date-fns works on local dates, so
// days go through it as local midnights, which keeps the arithmetic independent of the server's zone.
// This module is free of server code: the web imports it too.

/** A day as a local midnight for date-fns (see above). */
export const localMidnight = (day: string): Date => parseISO(day)

/** A date-fns local date back to its day. */
export const dayString = (d: Date): string => format(d, 'yyyy-MM-dd')

/** The UTC calendar day of an instant. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10)

/** Today's UTC calendar day by the given clock (`todayOf(ctx.now())`): `dayOf` named for what it reads. */
export const todayOf: (now: Date) => string = dayOf

/** The day `days` calendar days after `day` (before it when negative). */
export const addDaysTo = (day: string, days: number): string => dayString(addDays(localMidnight(day), days))

/** Calendar days from `from` to `to`: positive when `to` is later, negative when earlier. */
export const daysBetween = (from: string, to: string): number => differenceInCalendarDays(localMidnight(to), localMidnight(from))

/** An instant as ISO 8601 text, null staying null (row columns to API fields). */
export const isoOrNull = (at: Date | null): string | null => at?.toISOString() ?? null

/** Whether a YYYY-MM-DD string names a day that exists (not 2026-02-30). */
export const isCalendarDay = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const time = Date.parse(`${s}T00:00:00Z`)
  return Number.isFinite(time) && new Date(time).toISOString().startsWith(s)
}

/** A calendar date, YYYY-MM-DD, that exists. */
export const IsoDate = z
  .string()
  .min(1, { message: 'Required', abort: true })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'A date as YYYY-MM-DD', abort: true })
  .refine(isCalendarDay, 'Not a calendar date')
  .openapi({ example: '2026-07-01' })
