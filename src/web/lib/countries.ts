// The names straight from the list the server validates against (i18n-iso-countries), without the library's
// code tables: the public pages load this file, and every kilobyte of it counts there.
import en from 'i18n-iso-countries/langs/en.json'

const names = en.countries as Record<string, string | string[]>
const official = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)

export const countryOptions: { value: string; label: string }[] = Object.entries(names)
  .map(([value, label]) => ({ value, label: `${official(label)} (${value})` }))
  .sort((a, b) => a.label.localeCompare(b.label))

export const countryName = (code: string | null | undefined): string => (code ? (official(names[code.toUpperCase()]) ?? code) : '')
