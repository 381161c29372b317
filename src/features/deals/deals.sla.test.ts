import { describe, expect, it } from 'vitest'
import { businessDaysBetween, isOverdue, lastQuarterEnd, protectionEnd, quarterEnd, resumeDue, reviewDue } from './deals.sla.ts'

describe('the review clock in business days', () => {
  it.each([
    ['2026-11-23', 2, '2026-11-25'], // Monday → Wednesday
    ['2026-11-26', 2, '2026-11-30'], // Thursday → Monday over the weekend
    ['2026-11-27', 2, '2026-12-01'], // Friday → Tuesday
    ['2026-11-28', 2, '2026-12-01'], // Saturday → Tuesday
    ['2026-11-29', 1, '2026-11-30'], // Sunday → Monday
    ['2026-12-31', 5, '2027-01-07'], // over the year end
  ])('submitted %s, %i business days → due %s', (day, n, due) => expect(reviewDue(day, n)).toBe(due))

  it('counts business days between two days', () => {
    expect(businessDaysBetween('2026-11-27', '2026-11-30')).toBe(1)
    expect(businessDaysBetween('2026-11-23', '2026-11-23')).toBe(0)
    expect(businessDaysBetween('2026-11-23', '2026-11-26')).toBe(3)
    expect(businessDaysBetween('2026-11-30', '2026-11-23')).toBe(0)
  })

  it('adds back the business days a request for information paused the clock', () => {
    // Due Wednesday; asked Monday, answered Thursday: three business days paused → due the next Monday.
    expect(resumeDue('2026-11-25', '2026-11-23', '2026-11-26')).toBe('2026-11-30')
    // Asked Friday, answered over the weekend: no business day passed.
    expect(resumeDue('2026-12-01', '2026-11-27', '2026-11-29')).toBe('2026-12-01')
  })

  it('is overdue only after the due day', () => {
    expect(isOverdue('2026-11-25', '2026-11-25')).toBe(false)
    expect(isOverdue('2026-11-25', '2026-11-26')).toBe(true)
    expect(isOverdue(null, '2026-11-26')).toBe(false)
  })
})

describe('calendar helpers', () => {
  it('ends protection after calendar days', () => expect(protectionEnd('2026-11-26', 90)).toBe('2027-02-24'))
  it.each([
    ['2026-11-26', '2026-09-30'],
    ['2026-01-15', '2025-12-31'],
    ['2026-04-01', '2026-03-31'],
    ['2026-07-31', '2026-06-30'],
  ])('the quarter before %s ended %s', (today, end) => expect(lastQuarterEnd(today)).toBe(end))
  it('knows quarter ends', () =>
    expect([1, 2, 3, 4].map((q) => quarterEnd(2026, q))).toEqual(['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31']))
})
