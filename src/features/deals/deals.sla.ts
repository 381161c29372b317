import { addBusinessDays, addDays, eachDayOfInterval, isWeekend } from 'date-fns'
import { addDaysTo, dayString as day, localMidnight as local } from '../../core/dates.ts'

// Review dates are calendar days in UTC; the day helpers in core/dates.ts explain how they go through date-fns.

/** The day a review is due: `businessDays` business days after the day it was submitted (weekends skipped). */
export const reviewDue = (submittedDay: string, businessDays: number): string => day(addBusinessDays(local(submittedDay), businessDays))

/** Business days after `from` up to and including `to` (0 when `to` is not later). */
export const businessDaysBetween = (from: string, to: string): number =>
  to <= from ? 0 : eachDayOfInterval({ start: addDays(local(from), 1), end: local(to) }).filter((d) => !isWeekend(d)).length

/**
 * The due day after a pause: the clock stopped while the partner was asked for information, so the
 * business days that passed between the question and the answer are added back.
 */
export const resumeDue = (due: string, pausedDay: string, resumedDay: string): string =>
  day(addBusinessDays(local(due), businessDaysBetween(pausedDay, resumedDay)))

/** A review is overdue once its due day has passed. */
export const isOverdue = (due: string | null, today: string): boolean => due !== null && today > due

/** The last day of protection: `days` calendar days from the day of approval. */
export const protectionEnd = (fromDay: string, days: number): string => addDaysTo(fromDay, days)

/** The last day of the calendar quarter before the one `today` is in. */
export function lastQuarterEnd(today: string): string {
  const y = Number(today.slice(0, 4))
  const m = Number(today.slice(5, 7))

  const q = Math.floor((m - 1) / 3)
  return q === 0 ? `${y - 1}-12-31` : addDaysTo(`${y}-${String(q * 3 + 1).padStart(2, '0')}-01`, -1)
}

/** The last day of a quarter of a year. */
export const quarterEnd = (year: number, quarter: number): string =>
  quarter === 4 ? `${year}-12-31` : addDaysTo(`${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`, -1)
