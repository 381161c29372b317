import { describe, expect, it } from 'vitest'
import { addDaysTo, dayOf, daysBetween, isCalendarDay, IsoDate, isoOrNull, todayOf } from './dates.ts'

describe('dates', () => {
  it('takes the UTC calendar day of an instant, whatever the hour', () => {
    expect(dayOf(new Date('2026-03-31T23:59:59.999Z'))).toBe('2026-03-31')
    expect(dayOf(new Date('2026-04-01T00:00:00+02:00'))).toBe('2026-03-31')
    expect(todayOf(new Date('2026-12-31T12:00:00Z'))).toBe('2026-12-31')
  })

  it('adds and counts calendar days across months, leap days and the change to summer time', () => {
    expect(addDaysTo('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDaysTo('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDaysTo('2026-01-01', -1)).toBe('2025-12-31')
    expect(addDaysTo('2026-03-28', 2)).toBe('2026-03-30')
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2)
    expect(daysBetween('2026-12-31', '2026-01-01')).toBe(-364)
    expect(daysBetween('2026-05-05', '2026-05-05')).toBe(0)
  })

  it('keeps null instants null and writes others as ISO 8601', () => {
    expect(isoOrNull(null)).toBeNull()
    expect(isoOrNull(new Date(Date.UTC(2026, 6, 1, 9, 30)))).toBe('2026-07-01T09:30:00.000Z')
  })

  it('accepts only days that exist, with a message for each kind of mistake', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true)
    expect(isCalendarDay('2026-02-29')).toBe(false)
    expect(isCalendarDay('2026-2-1')).toBe(false)
    expect(IsoDate.parse('2026-07-01')).toBe('2026-07-01')
    const message = (v: string) => IsoDate.safeParse(v).error?.issues.map((i) => i.message)
    expect(message('')).toEqual(['Required'])
    expect(message('07/01/2026')).toEqual(['A date as YYYY-MM-DD'])
    expect(message('2026-04-31')).toEqual(['Not a calendar date'])
  })
})
