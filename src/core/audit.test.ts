import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../tests/setup/db.ts'
import { makePartner, makeUser } from '../../tests/factories/index.ts'
import { verifyAuditChain } from './audit.ts'
import { systemScope, type Database } from './db.ts'
import { oneRow } from './db-rows.ts'

let db: Database
beforeAll(async () => {
  db = await createTestDb()
  const p = await makePartner(db, { legalName: 'Audited Inc.' })
  await makeUser(db, 'partner_admin', p.id)
  // More than nine rows, so an ordering by text instead of number would show.
  for (let i = 0; i < 10; i++) await makePartner(db)
})
afterAll(() => db.close())

describe('audit log', () => {
  it('records who, what and the after values of every write, and the chain verifies', async () => {
    const rows = await db.owner.query<{ entity: string; action: string; actor_label: string; after: { legalName?: string } }>(
      "SELECT entity, action, actor_label, after FROM audit_log WHERE entity = 'partner' ORDER BY id",
    )
    expect(rows[0]).toMatchObject({ entity: 'partner', action: 'create', actor_label: 'system', after: { legalName: 'Audited Inc.' } })
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 12 })
  })

  it('refuses updates and deletes of audit rows, even by the owner', async () => {
    await expect(db.owner.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/)
    await expect(db.owner.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/)
    await expect(db.transaction(systemScope, (sql) => sql.query("UPDATE audit_log SET action = 'x'"))).rejects.toThrow()
  })

  it('finds the first tampered row', async () => {
    const second = oneRow(
      await db.owner.query<{ id: string }>('SELECT id::text AS id FROM audit_log ORDER BY audit_log.id OFFSET 1 LIMIT 1'),
      'Second audit row',
    )

    await db.owner.exec(
      `ALTER TABLE audit_log DISABLE TRIGGER audit_log_immutable;
       UPDATE audit_log SET after = jsonb_set(after, '{name}', '"Mallory"') WHERE id = ${second.id};
       ALTER TABLE audit_log ENABLE TRIGGER audit_log_immutable;`,
    )
    const r = await verifyAuditChain(db)
    expect(r).toMatchObject({ ok: false, brokenAt: Number(second.id), rows: 1 })
  })
})
