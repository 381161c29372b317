import countries from 'i18n-iso-countries'
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' }
import { z } from 'zod'

countries.registerLocale(en)

/** An ISO 3166-1 alpha-2 country code, checked against the library's list. */
export const CountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .length(2, 'Use a two-letter ISO 3166 country code')
  .refine((c) => countries.isValid(c), 'Not an ISO 3166 country code')

export const countryName = (code: string): string => countries.getName(code, 'en') ?? code
