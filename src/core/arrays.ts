/**
 * The element at an index the caller's own logic guarantees (an index into the list it was computed
 * from). Out of range is a bug, not a user error: it throws rather than passing `undefined` on.
 */
export function itemAt<T>(list: readonly T[], index: number): T {
  const item = list[index]
  if (item === undefined) throw new RangeError(`Index ${index} is outside a list of ${list.length}`)
  return item
}
