import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../tests/setup/db.ts'
import { makePartner, makeUser } from '../../tests/factories/index.ts'
import type { Database, Scope } from './db.ts'

let db: Database
let a: string
let b: string
beforeAll(async () => {
  db = await createTestDb()
  a = (await makePartner(db)).id
  b = (await makePartner(db)).id
  await makeUser(db, 'partner_user', a)
  await makeUser(db, 'partner_user', b)
})
afterAll(() => db.close())

const asPartner = (partnerId: string): Scope => ({ userId: null, partnerId, internal: false })

// These queries carry no tenant filter of their own: row-level security alone must scope them.
describe('row-level security', () => {
  it('shows a partner scope only its own rows in every tenant table', async () => {
    for (const table of ['partners', 'users', 'partner_contacts', 'audit_log']) {
      const col = table === 'partners' ? 'id' : 'partner_id'
      const rows = await db.transaction(asPartner(a), (sql) => sql.query<{ p: string }>(`SELECT DISTINCT ${col}::text AS p FROM ${table}`))
      expect(
        rows.every((r) => r.p === a),
        table,
      ).toBe(true)
    }
  })

  it('refuses to write rows for another partner', async () => {
    await expect(
      db.transaction(asPartner(a), (sql) => sql.query("INSERT INTO partner_contacts (partner_id, name) VALUES ($1, 'Spy')", [b])),
    ).rejects.toThrow(/row-level security/)
    const updated = await db.transaction(asPartner(a), (sql) =>
      sql.query("UPDATE partners SET legal_name = 'Hijacked' WHERE id = $1 RETURNING id", [b]),
    )
    expect(updated).toEqual([])
  })

  it('shows nothing when no tenant is set', async () => {
    const rows = await db.transaction({ userId: null, partnerId: null, internal: false }, (sql) => sql.query('SELECT id FROM partners'))
    expect(rows).toEqual([])
  })

  it('runs requests as a role that neither owns the tables nor bypasses RLS', async () => {
    const [role] = await db.transaction(asPartner(a), (sql) =>
      sql.query<{ current_user: string; super: boolean; bypass: boolean }>(
        'SELECT current_user, rolsuper AS super, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user',
      ),
    )
    expect(role).toEqual({ current_user: 'alliance_app', super: false, bypass: false })
    const owned = await db.owner.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = 'alliance_app'")
    expect(owned).toEqual([])
  })
})

describe('a reader beside a transaction (PostgreSQL)', () => {
  it("sees the transaction's snapshot, for the same tenant, without its uncommitted changes", async (t) => {
    if (!db.readAlongside) return t.skip() // the embedded database has one connection
    const seen = await db.transaction(asPartner(a), async (sql) => {
      await sql.query("UPDATE partners SET legal_name = 'Renamed, not committed' WHERE id = $1", [a])
      return db.readAlongside!(sql, asPartner(a), (reader) =>
        reader.query<{ id: string; legal_name: string }>('SELECT id, legal_name FROM partners'),
      )
    })
    expect(seen.map((r) => r.id)).toEqual([a])
    expect(seen[0]?.legal_name).not.toBe('Renamed, not committed')
  })
})
