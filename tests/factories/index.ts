import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { loadConfig } from '../../src/core/config.ts'
import { systemContext } from '../../src/core/context.ts'
import type { Database } from '../../src/core/db.ts'
import type { Role } from '../../src/core/auth/permissions.ts'
import { createUser } from '../../src/features/identity/users.service.ts'
import type { PartnerCreate } from '../../src/features/partners/partners.contract.ts'
import { createPartner } from '../../src/features/partners/partners.service.ts'

export const PASSWORD = 'correct horse battery'
const unique = () => randomBytes(4).toString('hex')

export const sys = (db: Database) => systemContext(db, loadConfig({}), pino({ level: 'silent' }))

export async function makePartner(db: Database, overrides: Partial<PartnerCreate> = {}) {
  return createPartner(sys(db), { legalName: `Partner ${unique()} Inc.`, type: 'oem', headquartersCountry: 'US', ...overrides })
}

export async function makeUser(db: Database, role: Role, partnerId?: string, overrides: { email?: string; name?: string } = {}) {
  const { user } = await createUser(sys(db), {
    email: overrides.email ?? `${role}.${unique()}@example.com`,
    name: overrides.name ?? `${role} ${unique()}`,
    role,
    partnerId,
    password: PASSWORD,
  })
  return user
}

/**
 * The invitation link waiting in the outbox for `email`, as only the mail sender reads it (tests read it
 * as the database owner, standing in for the recipient's mailbox).
 */
export async function invitationLink(db: Database, email: string): Promise<string> {
  const rows = await db.owner.query<{ url: string }>(
    `SELECT s.secret_values->>'url' AS url FROM mail_secrets s JOIN mail_outbox m ON m.id = s.mail_id
     WHERE m.template = 'user-invitation' AND $1 = ANY(m.recipients) ORDER BY m.created_at DESC LIMIT 1`,
    [email.toLowerCase()],
  )
  const url = rows[0]?.url
  if (!url) throw new Error(`No invitation waits for ${email}`)
  return url
}
