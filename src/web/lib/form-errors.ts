import { ApiError } from './api.ts'

/**
 * Maps a 400 VALIDATION_FAILED problem's errors[] onto form fields. A path such as "countries.1" lands on the
 * "countries" field (naming the item); paths that match no field are returned so the form can show them above.
 */
export function fieldErrors(e: unknown, fields: readonly string[]): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {}
  const other: string[] = []
  if (!(e instanceof ApiError) || !e.problem.errors?.length) return { byField, other }
  for (const err of e.problem.errors) {
    const [head, index] = err.path.split('.')
    if (!fields.includes(head)) {
      other.push(err.path ? `${err.path}: ${err.message}` : err.message)
      continue
    }
    const message = index !== undefined && /^\d+$/.test(index) ? `Item ${Number(index) + 1}: ${err.message}` : err.message
    byField[head] = byField[head] ? `${byField[head]}; ${message}` : message
  }
  return { byField, other }
}
