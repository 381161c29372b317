// The baseline: plain Hono + pg.Pool, no auth, one query for the same page the full stack serves.
import { Hono } from 'hono'
import pg from 'pg'
import { listen } from './listen.ts'

const pool = new pg.Pool({ connectionString: process.env.BENCH_TARGET_URL, max: 20 }) // the app's pool size

const PAGE = `
  SELECT p.id, p.legal_name, p.aliases, p.website, p.domain, p.headquarters_country, p.countries, p.type, p.services,
    p.gtm_categories, p.status, p.tier, p.version, p.created_at, p.updated_at,
    m.id AS m_id, m.name AS m_name, m.email::text AS m_email,
    o.id AS o_id, o.name AS o_name, o.email::text AS o_email,
    s.id AS s_id, s.name AS s_name, s.email::text AS s_email
  FROM partners p
    LEFT JOIN users m ON m.id = p.partner_manager_id
    LEFT JOIN users o ON o.id = p.partner_ops_id
    LEFT JOIN users s ON s.id = p.sponsor_id
  ORDER BY lower(p.legal_name), p.id
  LIMIT 50`

type Row = Record<string, unknown>
const staff = (r: Row, k: string) => (r[`${k}_id`] ? { id: r[`${k}_id`], name: r[`${k}_name`], email: r[`${k}_email`] } : null)

const app = new Hono()
app.get('/partners', async (c) => {
  const { rows } = await pool.query<Row>(PAGE)
  const items = rows.map((r) => ({
    id: r.id,
    legalName: r.legal_name,
    aliases: r.aliases,
    website: r.website,
    domain: r.domain,
    headquartersCountry: r.headquarters_country,
    countries: r.countries,
    type: r.type,
    services: r.services,
    gtmCategories: r.gtm_categories,
    status: r.status,
    tier: r.tier,
    partnerManager: staff(r, 'm'),
    partnerOps: staff(r, 'o'),
    sponsor: staff(r, 's'),
    version: r.version,
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
  }))
  return c.json({ items, nextCursor: null })
})
listen(app.fetch, () => pool.end())
