/** The app's one date format: "Mar 31, 2027" everywhere a date is shown or typed. */
export const DATE_VALUE_FORMAT = 'MMM D, YYYY'
export const DATE_FORMAT_HINT = 'e.g. Mar 31, 2027'

const dateOnly = /^\d{4}-\d{2}-\d{2}$/

export const formatDateTime = (iso: string): string =>
  new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' })

/** A date ("2027-03-31", or a timestamp's day where the reader is) as "Mar 31, 2027". */
export const formatDate = (iso: string): string =>
  new Date(dateOnly.test(iso) ? `${iso}T00:00:00Z` : iso).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    ...(dateOnly.test(iso) ? { timeZone: 'UTC' } : {}),
  })

export const formatValue = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—'
  if (Array.isArray(v)) return v.length ? v.join(', ') : '—'
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}
