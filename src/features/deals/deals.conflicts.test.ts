import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope, type Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { makePartner } from '../../../tests/factories/index.ts'
import { NAME_SIMILARITY, normalizeCustomerName } from './deals.match.ts'
import { oneRow } from '../../core/db-rows.ts'

let db: Database
let partner: string
const ids = new Map<string, string>()

const register = async (name: string, status = 'submitted') => {
  const { id } = oneRow(
    await db.owner.query<{ id: string }>(
      `INSERT INTO deals (partner_id, customer_name, customer_key, customer_country, products, product_lines, value, expected_close,
       status, route, support, rejection_reason, review_due)
     VALUES ($1, $2, $3, 'US', '{Storage}', '{storage}', 1000, DATE '2027-01-31', $4, 'incentives', 'dedicated',
       CASE WHEN $4 = 'rejected' THEN 'Duplicate' END, DATE '2027-01-01') RETURNING id`,
      [partner, name, normalizeCustomerName(name), status],
    ),
    'Deal',
  )
  ids.set(name, id)
  return id
}
/** What the conflict search finds for a name: deal ids. */
const candidates = async (name: string) =>
  (
    await db.transaction(systemScope, (sql) =>
      sql.query<{ deal_id: string }>(
        "SELECT deal_id FROM deal_conflict_candidates($1, NULL, ARRAY[]::text[], DATE '2027-01-31', NULL, $2)",
        [normalizeCustomerName(name), NAME_SIMILARITY],
      ),
    )
  )
    .map((r) => r.deal_id)
    .sort()
/** The same similarity computed over every open registration. */
const scanned = async (name: string) =>
  (
    await db.owner.query<{ id: string }>(
      `SELECT id FROM deals WHERE status IN ('submitted', 'info_requested', 'approved') AND similarity(customer_key, $1) >= $2::real`,
      [normalizeCustomerName(name), NAME_SIMILARITY],
    )
  )
    .map((r) => r.id)
    .sort()

beforeAll(async () => {
  db = await createTestDb()
  partner = (await makePartner(db, { legalName: 'Alpha Integrators', status: 'active', tier: 'strategic' })).id
  for (const name of [
    'Initrode Corporation',
    'Acme Global Systems Inc',
    'Global Systems Ltd',
    'Vandelay Industries',
    'Kavoren Telumax Logistics GmbH',
    'Umbrella Pharma AG',
    'Stark Industries',
    'Wayne Enterprises',
    'Cyberdyne Systems',
    'General Electric Company',
    'Soylent Foods Co',
    'Tyrell Corp',
    'Massive Dynamic',
    'Hooli XYZ',
  ])
    await register(name)
  await register('Initrode Holdings', 'rejected')
})
afterAll(() => db.close())

describe('the conflict search', () => {
  it('finds what the same similarity over every open registration finds: typos, generic words, legal forms, names of generic words only', async () => {
    const expected: Record<string, string[]> = {
      'Initrod Inc': ['Initrode Corporation'],
      'ACME Systems': ['Acme Global Systems Inc'],
      'acme global': ['Acme Global Systems Inc'],
      'Acme Global Systems Group': ['Acme Global Systems Inc', 'Global Systems Ltd'],
      'Kavorent Elumax Logistics': ['Kavoren Telumax Logistics GmbH'],
      'kavoren telumax': ['Kavoren Telumax Logistics GmbH'],
      'Umbrela Pharma Corp': ['Umbrella Pharma AG'],
      'Gneral Electric': ['General Electric Company'],
      Cyberdyne: ['Cyberdyne Systems'],
      Hooli: ['Hooli XYZ'],
      'Stark Industries Inc': ['Stark Industries'],
      Umbrella: ['Umbrella Pharma AG'],
    }
    for (const [query, names] of Object.entries(expected)) {
      const found = await candidates(query)
      expect(found, query).toEqual(await scanned(query))
      for (const name of names) expect(found, `${query} → ${name}`).toContain(ids.get(name))
    }
    expect(await candidates('Oscorp')).toEqual([])
    expect(await candidates('')).toEqual([])
  })

  it('misses names alike only through their generic words (decision 009)', async () => {
    for (const query of ['Acne Global Systems', 'Global Systems', 'Global Systems International']) {
      expect(await scanned(query), query).toContain(ids.get('Acme Global Systems Inc'))
      expect(await candidates(query), query).not.toContain(ids.get('Acme Global Systems Inc'))
    }
    expect(await candidates('Global Systems')).toEqual([ids.get('Global Systems Ltd')])
  })

  it('lists only open registrations, and follows changes of name and status', async () => {
    const id = await register('Oscorp Technologies')
    expect(await candidates('OsCorp Technologies Inc')).toEqual([id])
    await db.owner.query(`UPDATE deals SET customer_name = 'Hammer Industries', customer_key = 'hammer industries' WHERE id = $1`, [id])
    expect(await candidates('Oscorp Technologies')).toEqual([])
    expect(await candidates('Hammer Industries Inc')).toEqual([id])
    await db.owner.query(`UPDATE deals SET status = 'rejected', rejection_reason = 'Duplicate' WHERE id = $1`, [id])
    expect(await candidates('Hammer Industries')).toEqual([])
    expect(await db.owner.query('SELECT 1 FROM deal_name_words WHERE deal_id = $1', [id])).toEqual([])
    expect(await candidates('Initrode Holdings')).toEqual([ids.get('Initrode Corporation')])
  })

  it("keeps the word lists from partners' transactions", async () => {
    const scope = { userId: null, partnerId: partner, internal: false }
    for (const table of ['deal_name_words', 'customer_name_dictionary']) {
      await expect(db.transaction(scope, (sql) => sql.query(`SELECT word FROM ${table}`))).rejects.toThrow(/permission denied/)
    }
  })
})
