/**
 * Builds a parameterised WHERE clause; `?` in a condition stands for the next value. Clauses of one
 * statement share a parameter list by passing the first clause's `params` to the next.
 */
export class Where {
  private readonly parts: string[] = []

  constructor(readonly params: unknown[] = []) {}

  add(condition: string, ...values: unknown[]): this {
    let i = 0
    this.parts.push(
      condition.replace(/\?/g, () => {
        this.params.push(values[i++])
        return `$${this.params.length}`
      }),
    )
    return this
  }

  /** The next placeholder, for values used outside the WHERE clause (LIMIT, ORDER BY). */
  param(value: unknown): string {
    this.params.push(value)
    return `$${this.params.length}`
  }

  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : ''
  }
}
