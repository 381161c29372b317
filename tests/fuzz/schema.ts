/** A small reader of the OpenAPI document's JSON schemas: a plausible value for a schema, and what breaks it. */

export type Schema = {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
  const?: unknown
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  format?: string
  pattern?: string
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  default?: unknown
  example?: unknown
}

export type Rng = () => number
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T

/** mulberry32: a seeded generator, so a failing run can be repeated with its seed. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class Schemas {
  constructor(private readonly components: Record<string, Schema>) {}

  resolve(s: Schema | undefined): Schema {
    let cur = s ?? {}
    for (let i = 0; cur.$ref && i < 20; i++) cur = this.components[cur.$ref.split('/').pop() ?? ''] ?? {}
    if (cur.allOf?.length) return cur.allOf.reduce<Schema>((acc, part) => ({ ...acc, ...this.resolve(part) }), {})
    return cur
  }

  /** A value the schema accepts, as far as this reader can tell; `ids` fills uuids with ids that exist. */
  valid(s0: Schema | undefined, rng: Rng, ids: string[], depth = 0): unknown {
    const s = this.resolve(s0)
    if (s.const !== undefined) return s.const
    if (s.enum?.length) return pick(rng, s.enum)
    if (s.example !== undefined && rng() < 0.5) return s.example
    const alt = s.anyOf ?? s.oneOf
    if (alt?.length) {
      const nonNull = alt.filter((a) => this.resolve(a).type !== 'null')
      return this.valid(pick(rng, nonNull.length ? nonNull : alt), rng, ids, depth)
    }
    const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? 'null') : s.type
    if (type === 'object' || s.properties) {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(s.properties ?? {}))
        if (s.required?.includes(k) || rng() < 0.5) if (depth < 6) out[k] = this.valid(v, rng, ids, depth + 1)
      return out
    }
    if (type === 'array') return depth < 6 ? [this.valid(s.items, rng, ids, depth + 1)] : []
    if (type === 'integer') return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 100, 1 + Math.floor(rng() * 4)))
    if (type === 'number') return Math.max(s.minimum ?? 0, Math.min(s.maximum ?? 100, 1.5))
    if (type === 'boolean') return rng() < 0.5
    if (type === 'null') return null
    if (type === 'string') return this.validString(s, rng, ids)
    return 'x'
  }

  private validString(s: Schema, rng: Rng, ids: string[]): string {
    switch (s.format) {
      case 'uuid':
        return ids.length ? pick(rng, ids) : '00000000-0000-4000-8000-000000000000'
      case 'date':
        return '2026-03-31'
      case 'date-time':
        return '2026-03-31T12:00:00.000Z'
      case 'email':
        return `fuzz${Math.floor(rng() * 1e6)}@example.com`
      case 'uri':
      case 'url':
        return 'https://example.com/'
      case undefined:
        break
    }
    if (s.pattern?.includes('\\d')) return pick(rng, ['100.00', '1', '0.5', 'USD'])
    const min = s.minLength ?? 1
    return 'Fuzz value '.padEnd(Math.max(min, 3), 'x').slice(0, s.maxLength ?? 200)
  }

  /** The top-level property names of a body schema, with their schemas. */
  fields(s0: Schema | undefined): [string, Schema][] {
    const s = this.resolve(s0)
    const alt = s.anyOf ?? s.oneOf
    if (alt?.length) return alt.flatMap((a) => this.fields(a))
    return Object.entries(s.properties ?? {})
  }
}
