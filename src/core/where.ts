/** Builds a parameterised WHERE clause; `?` in a condition stands for the next value. */
export class Where {
  readonly params: unknown[] = []
  private readonly parts: string[] = []

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
