/** One line of the benchmark table: column name → cell. */
export type Row = Record<string, string>

/** Prints rows as an aligned table; columns are the union of the rows' keys, in first-seen order. */
export function formatTable(rows: Row[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const width = (c: string) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length))
  const line = (cells: (c: string) => string) =>
    columns
      .map((c) => cells(c).padEnd(width(c)))
      .join(' | ')
      .trimEnd()
  return [line((c) => c), columns.map((c) => '-'.repeat(width(c))).join('-|-'), ...rows.map((r) => line((c) => r[c] ?? ''))].join('\n')
}

export const fixed = (n: number, digits = 0): string => n.toFixed(digits)
