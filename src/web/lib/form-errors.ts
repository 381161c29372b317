import { ApiError, errorMessage } from './api.ts'

/**
 * Maps a 400 VALIDATION_FAILED problem's errors[] onto form fields. A path such as "countries.1" lands on the
 * "countries" field (naming the item); paths that match no field are returned so the form can show them above.
 */
export function fieldErrors(
  e: unknown,
  fields: readonly string[],
  fieldOf: (path: string) => string = (path) => path,
): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {}
  const other: string[] = []
  if (!(e instanceof ApiError) || !e.problem.errors?.length) return { byField, other }
  for (const err of e.problem.errors) {
    const path = fieldOf(err.path)
    const [head = '', index] = fields.includes(path) ? [path] : path.split('.')

    if (!fields.includes(head)) {
      other.push(err.path ? `${err.path}: ${err.message}` : err.message)
      continue
    }
    const message = index !== undefined && /^\d+$/.test(index) ? `Item ${Number(index) + 1}: ${err.message}` : err.message
    byField[head] = byField[head] ? `${byField[head]}; ${message}` : message
  }
  return { byField, other }
}

/**
 * Shows a failed request on its form: field errors on their fields (through `setFields`), and what
 * names no field, or the whole error when none does, as the form's message (through `setMessage`).
 * `fieldOf` maps an error path to a field name when the form's fields are not the body's paths.
 */
export function showErrors(
  e: unknown,
  fields: readonly string[],
  setFields: (byField: Record<string, string>) => void,
  setMessage: (message: string | null) => void,
  fieldOf?: (path: string) => string,
): void {
  const { byField, other } = fieldErrors(e, fields, fieldOf)
  setFields(byField)
  setMessage(other.length || !Object.keys(byField).length ? other.join('; ') || errorMessage(e) : null)
}
