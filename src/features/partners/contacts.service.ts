import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import type { Contact, ContactCreate } from './partners.contract.ts'
import { getPartner } from './partners.service.ts'
import { oneRow } from '../../core/db-rows.ts'

type ContactRow = {
  id: string
  partner_id: string
  name: string
  title: string | null
  email: string | null
  phone: string | null
  role: string | null
}
const COLUMNS = 'id, partner_id, name, title, email, phone, role'
const toContact = (r: ContactRow): Contact => ({
  id: r.id,
  partnerId: r.partner_id,
  name: r.name,
  title: r.title,
  email: r.email,
  phone: r.phone,
  role: r.role,
})

export async function listContacts(ctx: Ctx, partnerId: string): Promise<Contact[]> {
  await getPartner(ctx, partnerId) // 404 for unknown and other companies' partners alike
  const rows = await inTx(ctx, (sql) =>
    sql.query<ContactRow>(`SELECT ${COLUMNS} FROM partner_contacts WHERE partner_id = $1 ORDER BY name, id`, [partnerId]),
  )
  return rows.map(toContact)
}

export async function addContact(ctx: Ctx, partnerId: string, input: ContactCreate): Promise<Contact> {
  await guard(ctx, partnerId)
  return inTx(ctx, async (sql) => {
    const row = oneRow(
      await sql.query<ContactRow>(
        `INSERT INTO partner_contacts (partner_id, name, title, email, phone, role) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [partnerId, input.name, input.title ?? null, input.email ?? null, input.phone ?? null, input.role ?? null],
      ),
      'Contact',
    )
    const contact = toContact(row)
    await audit(ctx, sql, { entity: 'contact', entityId: contact.id, action: 'create', partnerId, after: contact })
    return contact
  })
}

/** Contacts are managed by those who may, on partners the actor can see. */
async function guard(ctx: Ctx, partnerId: string) {
  await getPartner(ctx, partnerId)
  assertCan(ctx.actor, 'contacts:manage')
}

async function loadContact(sql: Sql, partnerId: string, contactId: string): Promise<Contact> {
  const rows = await sql.query<ContactRow>(`SELECT ${COLUMNS} FROM partner_contacts WHERE id = $1 AND partner_id = $2`, [
    contactId,
    partnerId,
  ])
  return toContact(oneRow(rows, 'Contact', 'CONTACT_NOT_FOUND'))
}

export async function updateContact(ctx: Ctx, partnerId: string, contactId: string, patch: Partial<ContactCreate>): Promise<Contact> {
  await guard(ctx, partnerId)
  return inTx(ctx, async (sql) => {
    const before = await loadContact(sql, partnerId, contactId)
    const next = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) }
    const row = oneRow(
      await sql.query<ContactRow>(
        `UPDATE partner_contacts SET name = $2, title = $3, email = $4, phone = $5, role = $6, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [contactId, next.name, next.title, next.email, next.phone, next.role],
      ),
      'Contact',
    )
    const after = toContact(row)
    await audit(ctx, sql, { entity: 'contact', entityId: contactId, action: 'update', partnerId, before, after })
    return after
  })
}

export async function removeContact(ctx: Ctx, partnerId: string, contactId: string): Promise<void> {
  await guard(ctx, partnerId)
  await inTx(ctx, async (sql) => {
    const before = await loadContact(sql, partnerId, contactId)
    await sql.query('DELETE FROM partner_contacts WHERE id = $1', [contactId])
    await audit(ctx, sql, { entity: 'contact', entityId: contactId, action: 'delete', partnerId, before })
  })
}
