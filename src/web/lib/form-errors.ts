import { ApiError, errorMessage } from './api.ts'

export type FieldError = { path: string; message: string }

/**
 * Where an error path lands on a form: a path (or its nearest parent) named in `fieldOf`, else the
 * nearest parent that is itself a field ("countries.1" lands on "countries", naming the item).
 * One map serves both the contract checked on the page and the server's errors[].
 */
export function mapErrors(
  errors: readonly FieldError[],
  fields: readonly string[],
  fieldOf: Readonly<Record<string, string>> | ((path: string) => string | undefined) = {},
): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {}
  const other: string[] = []
  for (const err of errors) {
    const segments = err.path ? err.path.split('.') : []
    let field: string | undefined
    let rest: string[] = []
    for (let i = segments.length; i > 0 && !field; i--) {
      const prefix = segments.slice(0, i).join('.')
      const mapped = typeof fieldOf === 'function' ? fieldOf(prefix) : fieldOf[prefix]
      field = mapped ?? (fields.includes(prefix) ? prefix : undefined)
      rest = segments.slice(i)
    }
    if (!field || !fields.includes(field)) {
      other.push(err.message)
      continue
    }
    const index = rest[0] !== undefined && /^\d+$/.test(rest[0]) ? Number(rest[0]) : undefined
    const message = index !== undefined ? `Item ${index + 1}: ${err.message}` : err.message
    // The first problem of a field is the one to fix; the next shows once it is fixed.
    byField[field] ??= message
  }
  return { byField, other }
}

/** A failed request's errors[] mapped onto form fields (see mapErrors); nothing when it names none. */
export function fieldErrors(
  e: unknown,
  fields: readonly string[],
  fieldOf?: Readonly<Record<string, string>> | ((path: string) => string | undefined),
): { byField: Record<string, string>; other: string[] } {
  if (!(e instanceof ApiError) || !e.problem.errors?.length) return { byField: {}, other: [] }
  return mapErrors(e.problem.errors, fields, fieldOf)
}

/**
 * Shows a failed request on its form: field errors on their fields (through `setFields`), and what
 * names no field, or the whole error when none does, as the form's message (through `setMessage`).
 */
export function showErrors(
  e: unknown,
  fields: readonly string[],
  setFields: (byField: Record<string, string>) => void,
  setMessage: (message: string | null) => void,
  fieldOf?: (path: string) => string | undefined,
): void {
  const { byField, other } = fieldErrors(e, fields, fieldOf)
  setFields(byField)
  setMessage(other.length || !Object.keys(byField).length ? other.join('; ') || errorMessage(e) : null)
}
