import countries from 'i18n-iso-countries'
import en from 'i18n-iso-countries/langs/en.json'

countries.registerLocale(en)

export const countryOptions: { value: string; label: string }[] = Object.entries(countries.getNames('en', { select: 'official' }))
  .map(([value, label]) => ({ value, label: `${label} (${value})` }))
  .sort((a, b) => a.label.localeCompare(b.label))

export const countryName = (code: string | null | undefined): string => (code ? (countries.getName(code, 'en') ?? code) : '')
