import type { Database } from '../../src/core/db.ts'
import { hostileHeaders, hostileString, hostileValue, rawBodies, rawUrlValues, type randomPools } from './hostile.ts'
import { pick, type Rng, type Schema, Schemas } from './schema.ts'

export type Operation = {
  method: string
  path: string
  params: { name: string; in: string; schema?: Schema }[]
  body?: { type: string; schema?: Schema }
  statuses: number[]
}

export type Doc = { paths: Record<string, Record<string, OpDoc>>; components: { schemas: Record<string, Schema> } }
type OpDoc = {
  parameters?: { name: string; in: string; schema?: Schema }[]
  requestBody?: { content: Record<string, { schema?: Schema }> }
  responses: Record<string, unknown>
}

export function operations(doc: Doc): Operation[] {
  const out: Operation[] = []
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const [type, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? []
      out.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: type ? { type, schema: content?.schema } : undefined,
        statuses: Object.keys(op.responses).map(Number),
      })
    }
  return out
}

/** Ids and keys that exist, so that requests also get past "not found" into the code behind it. */
export type Pools = { ids: Record<string, string[]>; all: string[] }

const tableFor: [RegExp, string][] = [
  [/^\/api\/partners\/\{id\}\/contacts\/\{contactId\}/, 'partner_contacts'],
  [/^\/api\/users/, 'users'],
  [/^\/api\/tokens/, 'api_tokens'],
  [/^\/api\/partners/, 'partners'],
  [/^\/api\/reviews\/decisions/, 'review_decisions'],
  [/^\/api\/reviews/, 'review_cycles'],
  [/^\/api\/mail/, 'mail_outbox'],
  [/^\/api\/inquiries\/routing-rules/, 'inquiry_routing_rules'],
  [/^\/api\/inquiries/, 'inquiries'],
  [/^\/api\/agreements\/extensions/, 'country_extensions'],
  [/^\/api\/agreements/, 'agreements'],
  [/^\/api\/onboarding/, 'onboarding_cases'],
  [/^\/api\/deals/, 'deals'],
  [/^\/api\/customer-accounts/, 'customer_accounts'],
]
const byName: Record<string, string> = {
  contactId: 'partner_contacts',
  documentId: 'agreement_documents',
  decisionId: 'review_decisions',
  extensionId: 'country_extensions',
  partnerId: 'partners',
  managerId: 'users',
  ownerId: 'users',
}

export async function loadPools(db: Database, keep: string[]): Promise<Pools> {
  const ids: Record<string, string[]> = {}
  const tables = [...new Set([...tableFor.map((t) => t[1]), ...Object.values(byName), 'agreement_documents'])]
  for (const t of tables) {
    const rows = await db.owner.query<{ id: string }>(`SELECT id::text AS id FROM ${t} ORDER BY id LIMIT 15`)
    ids[t] = rows.map((r) => r.id).filter((id) => !keep.includes(id))
  }
  const keys = async (q: string) => (await db.owner.query<{ k: string }>(q)).map((r) => r.k)
  ids.key = [
    ...(await keys('SELECT DISTINCT key AS k FROM program_criteria')),
    ...(await keys('SELECT DISTINCT key AS k FROM program_benefits')),
    ...(await keys('SELECT DISTINCT key AS k FROM inquiry_queues')),
    ...(await keys('SELECT DISTINCT item_key AS k FROM onboarding_checklist LIMIT 10').catch(() => [])),
  ]
  ids.reference = await keys('SELECT reference AS k FROM inquiries LIMIT 10')
  ids.year = ['2025', '2026', '2027']
  ids.quarter = ['1', '2', '3', '4']
  return { ids, all: Object.values(ids).flat() }
}

function validParam(op: Operation, name: string, pools: Pools, rng: Rng): string {
  const table = name === 'id' ? tableFor.find(([re]) => re.test(op.path))?.[1] : (byName[name] ?? name)
  const pool = (table && pools.ids[table]) || []
  return pool.length ? pick(rng, pool) : '00000000-0000-4000-8000-000000000000'
}

const enc = (s: string) => {
  try {
    return encodeURIComponent(s)
  } catch {
    return '%ED%A0%80' // a lone surrogate, as UTF-8 bytes no encoder produces
  }
}

export type Built = { method: string; url: string; headers: Record<string, string>; body?: string | FormData }

/** One request to `op` that breaks its schema somewhere (or, now and then, does not, to reach deeper code). */
export function build(op: Operation, schemas: Schemas, pools: Pools, rng: Rng, rp: ReturnType<typeof randomPools>): Built {
  const hostile = () => (rng() < 0.25 ? pick(rng, rawUrlValues) : enc(hostileString(rng, rp.strings)))
  let url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (rng() < 0.75 ? validParam(op, name, pools, rng) : hostile()))
  const query: string[] = []
  for (const p of op.params.filter((x) => x.in === 'query')) {
    const r = rng()
    if (r < 0.35) continue
    if (r < 0.65) query.push(`${p.name}=${enc(String(schemas.valid(p.schema, rng, pools.all)))}`)
    else if (r < 0.9) query.push(`${p.name}=${hostile()}`)
    else query.push(`${p.name}=${hostile()}&${p.name}=${hostile()}`)
  }
  if (rng() < 0.05) query.push(`${hostile()}=${hostile()}`)
  if (query.length) url += `?${query.join('&')}`
  const headers: Record<string, string> = {}
  if (rng() < 0.25) {
    const [k, v] = pick(rng, hostileHeaders)
    headers[k] = v
  }
  if (!op.body) return { method: op.method, url, headers }
  if (op.body.type === 'multipart/form-data') return { method: op.method, url, headers, body: hostileUpload(rng, rp) }
  const fields = schemas.fields(op.body.schema)
  const mode = rng()
  if (mode < 0.2) {
    const raw = pick(rng, rawBodies(fields.map((f) => f[0])))
    return { method: op.method, url, headers: { ...headers, 'content-type': raw.type }, body: raw.body }
  }
  headers['content-type'] ??= 'application/json'
  if (mode < 0.3) return { method: op.method, url, headers, body: JSON.stringify(hostileValue(rng, rp)) }
  const base = schemas.valid(op.body.schema, rng, pools.all) as Record<string, unknown>
  if (base && typeof base === 'object' && !Array.isArray(base)) {
    if (mode < 0.75 && fields.length) {
      // One or two fields get a value of the wrong kind.
      for (let i = 0; i < 1 + Math.floor(rng() * 2); i++) base[pick(rng, fields)[0]] = hostileValue(rng, rp)
    } else if (mode < 0.85 && fields.length) {
      delete base[pick(rng, fields)[0]]
    } else if (mode < 0.93) {
      return {
        method: op.method,
        url,
        headers,
        body: `{"__proto__":{"role":"admin"},"constructor":{"prototype":{}},${JSON.stringify(base).slice(1)}`,
      }
    }
  }
  return { method: op.method, url, headers, body: JSON.stringify(base) }
}

const files: { name: string; type: string; content: () => BlobPart }[] = [
  { name: '../../../etc/passwd.csv', type: 'text/csv', content: () => 'legalName,type\n=cmd|"/c calc"!A1,oem\n' },
  { name: 'a\u0000b.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: () => 'not a zip' },
  { name: 'x'.repeat(2000) + '.pdf', type: 'application/pdf', content: () => '%PDF-1.4 but not really' },
  { name: 'image.png.xlsx', type: 'image/png', content: () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { name: 'empty.csv', type: 'text/csv', content: () => '' },
  {
    name: 'zip.xlsx',
    type: 'application/zip',
    content: () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]),
  },
  { name: '\ud800.csv', type: 'text/csv', content: () => '\ufeff"unterminated,quote\n' },
  { name: 'huge-row.csv', type: 'text/csv', content: () => 'a,'.repeat(50_000) },
  { name: 'nul.csv', type: 'text/csv', content: () => 'legalName,type\nA\u0000B,oem\n' },
  { name: 'doc.pdf', type: 'application/pdf', content: () => '%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF' },
]

function hostileUpload(rng: Rng, rp: ReturnType<typeof randomPools>): FormData {
  const form = new FormData()
  const r = rng()
  if (r < 0.1) return form
  if (r < 0.2) {
    form.set('file', hostileString(rng, rp.strings))
    return form
  }
  const f = pick(rng, files)
  form.set('file', new File([f.content()], f.name, { type: f.type }))
  if (rng() < 0.3) form.set(hostileString(rng, rp.strings).slice(0, 100) || 'x', 'y')
  return form
}
