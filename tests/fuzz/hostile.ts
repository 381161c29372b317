import fc from 'fast-check'
import type { Rng } from './schema.ts'
import { pick } from './schema.ts'

const deep = (n: number, leaf: unknown): unknown => {
  let v: unknown = leaf
  for (let i = 0; i < n; i++) v = i % 2 ? { a: v } : [v]
  return v
}

const cursor = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url')

/** Strings a hostile client sends: empty, huge, control and unicode edge cases, injection, bad ids, dates and money. */
export const hostileStrings = [
  '',
  ' ',
  '\t\n',
  'a'.repeat(10_000),
  'x'.repeat(300_000),
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ufffe\uffff',
  '\u202eevil',
  '\u200b\u200d\ufeff',
  'Z\u0351\u0358\u036a\u0309\u0301',
  '🦄'.repeat(2000),
  'e\u0301',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  "'; DROP TABLE partners; --",
  '%',
  '%_\\',
  '\\',
  '"',
  '../../../etc/passwd',
  '=cmd|"/c calc"!A1',
  '+1',
  '@SUM(A1)',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '0',
  '-0',
  '1e309',
  '1e-400',
  '0x1F',
  '99999999999999999999999999999999999.99',
  '-100.00',
  '1.005',
  '1,000.00',
  '100.001',
  'true',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-4000-8000-00000000000',
  '{00000000-0000-4000-8000-000000000000}',
  '00000000000040008000000000000000',
  'not-a-uuid',
  '2026-02-30',
  '2026-13-01',
  '0000-01-01',
  '9999-12-31',
  '275760-09-13',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01',
  '2026-01-01T25:61:00Z',
  '1970-01-01T00:00:00+99:99',
  '2026-W01',
  'today',
  'USD',
  'XXX',
  'usd',
  'ZZ',
  'strategic',
  'admin',
  '__proto__',
  'constructor',
  // Forged paging cursors: well-formed, but their sort key is no date, or a date out of range.
  cursor(['x', '00000000-0000-4000-8000-000000000000']),
  cursor(['2026-99-99', '00000000-0000-4000-8000-000000000000']),
  cursor(['0000-01-01T00:00:00Z', 'ffffffff-ffff-ffff-ffff-ffffffffffff']),
  cursor(['a\u0000', '00000000-0000-4000-8000-000000000000']),
]

/** JSON values of the wrong shape for whatever a field expects. */
export const hostileValues: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  -0.01,
  1.5,
  2 ** 53 + 1,
  -(2 ** 63),
  1e308,
  -1e308,
  Number.MIN_VALUE,
  [],
  {},
  [null],
  JSON.parse('{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}'),
  deep(200, 'x'),
  deep(1000, 1),
  Array.from({ length: 10_000 }, (_, i) => i),
  { amount: '-1.00', currency: 'USD' },
  { amount: '1e400', currency: 'USD' },
  { amount: '99999999999999999999999999.99', currency: 'USD' },
  { amount: '10.00', currency: 'XXX' },
  { amount: 10, currency: 'USD' },
]

/** Raw bodies that are not what any JSON route expects, each with the content type sent. */
export function rawBodies(fields: string[]): { body: string; type: string }[] {
  const f = fields[0] ?? 'name'
  return [
    { body: '', type: 'application/json' },
    { body: '{', type: 'application/json' },
    { body: '{"a":1,}', type: 'application/json' },
    { body: 'null', type: 'application/json' },
    { body: '[]', type: 'application/json' },
    { body: '"x"', type: 'application/json' },
    { body: '1e999999', type: 'application/json' },
    { body: `{"${f}": 1e999999}`, type: 'application/json' },
    { body: `{"${f}": "a", "${f}": {"b": 2}}`, type: 'application/json' },
    { body: `{"${f}": "\\ud800\\udc00\\ud800"}`, type: 'application/json' },
    { body: `{"${f}": "\\u0000"}`, type: 'application/json' },
    { body: '\ufeff{}', type: 'application/json' },
    { body: '{"__proto__": {"role": "admin"}}', type: 'application/json' },
    { body: '{"constructor": {"prototype": {"role": "admin"}}}', type: 'application/json' },
    { body: '['.repeat(100_000), type: 'application/json' },
    { body: `${f}=x`, type: 'application/x-www-form-urlencoded' },
    { body: '{}', type: 'text/plain' },
    { body: '{}', type: 'application/json; charset=utf-16' },
    { body: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--x--', type: 'multipart/form-data' },
    { body: '{}', type: 'application/xml' },
  ]
}

/** Raw query or path text a client can send that no encoder would produce: broken escapes, bad UTF-8, NULs. */
export const rawUrlValues = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AF',
  '%FF%FE',
  '%00',
  'a%00b',
  '%2F..%2F',
  '..',
  '%25',
  '+',
  '%20',
  '%0D%0Aset-cookie:x=1',
]

/** Header values, latin-1 only as HTTP allows. */
export const hostileHeaders: [string, string][] = [
  ['if-match', '"not-a-version"'],
  ['if-match', '*'],
  ['if-match', 'W/"x"'],
  ['if-match', 'x'.repeat(8000)],
  ['idempotency-key', ''],
  ['idempotency-key', 'k'.repeat(5000)],
  ['idempotency-key', '\xff\xfe'],
  ['x-request-id', 'r'.repeat(5000)],
  ['x-request-id', '\xff'],
  ['authorization', 'Bearer '],
  ['authorization', 'Bearer ' + 'a'.repeat(5000)],
  ['authorization', 'Basic YWRtaW46YWRtaW4='],
  ['authorization', 'Bearer \xff\xfe'],
  ['cookie', 'alliance_session=%00'],
  ['cookie', 'alliance_session=' + 'z'.repeat(5000)],
  ['accept', 'text/html'],
  ['accept-language', '\xff'.repeat(100)],
  ['x-forwarded-for', 'not-an-ip, ::::'],
  ['x-forwarded-proto', 'gopher'],
  ['content-type', 'application/json; boundary=--x'],
]

/** Random unicode and JSON from fast-check, pooled once per seed. */
export function randomPools(seed: number) {
  return {
    strings: fc.sample(fc.string({ unit: 'binary', maxLength: 64 }), { seed, numRuns: 300 }),
    json: fc.sample(fc.jsonValue({ maxDepth: 4 }), { seed: seed + 1, numRuns: 300 }),
  }
}

export function hostileString(rng: Rng, pool: string[]): string {
  return rng() < 0.7 ? pick(rng, hostileStrings) : pick(rng, pool)
}

export function hostileValue(rng: Rng, pools: ReturnType<typeof randomPools>): unknown {
  const r = rng()
  if (r < 0.45) return hostileString(rng, pools.strings)
  if (r < 0.85) return pick(rng, hostileValues)
  return pick(rng, pools.json)
}
