import type { z } from 'zod'

type Issue = z.core.$ZodRawIssue

const plural = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`

/**
 * Plain words for zod's generic checks, shared by the API (its errors[]) and the web forms (the same
 * contract checked on the page). A schema's own message always wins; this only replaces zod's
 * defaults such as "Too small: expected array to have >=1 items".
 */
export function plainIssueMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === '' ? 'Required' : undefined
    case 'too_small': {
      const min = issue.minimum as number
      if (issue.origin === 'string') return Number(min) <= 1 ? 'Required' : `At least ${plural(min, 'character', 'characters')}`
      if (issue.origin === 'array' || issue.origin === 'set') return Number(min) <= 1 ? 'Choose at least one' : `Choose at least ${min}`
      return `At least ${min}`
    }
    case 'too_big': {
      const max = issue.maximum as number
      if (issue.origin === 'string') return `At most ${plural(max, 'character', 'characters')}`
      if (issue.origin === 'array' || issue.origin === 'set') return `At most ${max}`
      return `At most ${max}`
    }
    case 'invalid_format':
      if (issue.format === 'email') return 'Not an email address, e.g. name@company.com'
      if (issue.format === 'uuid' || issue.format === 'guid') return 'Choose one from the list'
      if (issue.format === 'url') return 'Not a web address, e.g. https://example.com'
      if (issue.format === 'date' || issue.format === 'datetime') return 'Not a date'
      return undefined
    case 'invalid_value':
      return 'Choose one of the options'
    case 'unrecognized_keys':
      return 'Unknown field'
    // These carry words of their own (a refinement's message, a union's or element's inner issues).
    case 'custom':
    case 'invalid_union':
    case 'invalid_element':
    case 'invalid_key':
    case 'not_multiple_of':
      return undefined
  }
}
