import pino from 'pino'
import { loadConfig } from '../../core/config.ts'
import { inTx, systemContext } from '../../core/context.ts'
import type { Database } from '../../core/db.ts'
import { internalRoles } from '../../core/auth/permissions.ts'
import type { User } from '../identity/identity.contract.ts'
import { createUser } from '../identity/users.service.ts'
import { addContact } from '../partners/contacts.service.ts'
import { createPartner } from '../partners/partners.service.ts'
import type { Partner } from '../partners/partners.contract.ts'
import { putMetrics } from '../program/metrics.service.ts'
import { seedAgreementsAndCases } from './demo.agreements.ts'
import { seedDemoDeals } from './demo.deals.ts'
import { DEMO_METRICS_YEAR, demoMetrics, demoPartners, demoStaff } from './demo.data.ts'
import { seedDemoInquiries } from './demo.inquiries.ts'
import { seedDemoEvents } from './demo.marketing.ts'
import { oneRow } from '../../core/db-rows.ts'

export const DEMO_ADMIN_EMAIL = 'admin@alliance.example'

/** Seeds the demo data set once, on an empty database. Returns null when data already exists. */
export async function seedDemoIfEmpty(db: Database, password: string) {
  const ctx = systemContext(db, loadConfig({}), pino({ level: 'silent' }))
  const { n } = oneRow(await inTx(ctx, (sql) => sql.query<{ n: number }>('SELECT count(*)::int AS n FROM users')), 'User count')
  if (n > 0) return null
  return seedDemo(db, password)
}

export async function seedDemo(db: Database, password: string) {
  const ctx = systemContext(db, loadConfig({}), pino({ level: 'silent' }))
  const staff = new Map<string, string>()
  const staffUsers = new Map<string, User>()
  for (const role of internalRoles) {
    const s = demoStaff[role]
    const { user } = await createUser(ctx, { email: s.email, name: s.name, role, password })
    staff.set(role, user.id)
    staffUsers.set(role, user)
  }
  const managers = [staff.get('partner_manager')!, staff.get('alliances')!]
  const partners = []
  for (const [i, p] of demoPartners.entries()) {
    const managed = p.tier === 'strategic' || p.tier === 'advantage' || p.tier === 'select'
    const partner = await createPartner(ctx, {
      ...p.input,
      partnerManagerId: managed ? managers[i % managers.length] : null,
      partnerOpsId: staff.get('partner_ops')!,
      sponsorId: p.tier === 'strategic' ? staff.get('sales')! : null,
    })
    for (const c of p.contacts) await addContact(ctx, partner.id, c)
    partners.push(partner)
  }
  // Two partner companies with an admin and a user each, so the partner side has something to show.
  const [acme, globex, initech] = partners
  if (!acme || !globex || !initech) throw new Error('The demo data needs at least three partners')
  const partnerSide = async (partner: Partner, domain: string) => {
    const at = { partnerId: partner.id, password }
    const admin = await createUser(ctx, { ...at, email: `admin@${domain}`, name: `${partner.legalName} Admin`, role: 'partner_admin' })
    const user = await createUser(ctx, { ...at, email: `user@${domain}`, name: `${partner.legalName} User`, role: 'partner_user' })
    return { admin: admin.user, user: user.user }
  }
  const acmeSide = await partnerSide(acme, 'acme.example')
  const globexSide = await partnerSide(globex, 'globex.example')
  // A year of quarterly program metrics per tiered partner, entered (and so confirmed) by the integrator;
  // the first partner's last quarter is submitted by its own user and waits for confirmation.
  const submitter = acmeSide.user
  const asSubmitter = systemContext(db, loadConfig({}), pino({ level: 'silent' }), {
    userId: submitter.id,
    email: submitter.email,
    name: submitter.name,
    role: 'partner_user',
    partnerId: acme.id,
    via: 'session',
  })
  for (const [i, partner] of partners.entries()) {
    for (const [q, quarter] of demoMetrics(i).entries()) {
      await putMetrics(i === 0 && q === 3 ? asSubmitter : ctx, partner.id, DEMO_METRICS_YEAR, q + 1, quarter)
    }
  }
  await seedDemoInquiries(ctx, partners)
  await seedAgreementsAndCases(ctx, staffUsers, partners, acmeSide.admin)
  const staffUser = (role: 'incentives' | 'sales') => ({
    id: staff.get(role)!,
    email: demoStaff[role].email,
    name: demoStaff[role].name,
    role,
    partnerId: null,
  })
  await seedDemoDeals(ctx, {
    acmeUser: acmeSide.user,
    globexUser: globexSide.user,
    incentives: staffUser('incentives'),
    sales: staffUser('sales'),
    initechId: initech.id,
  })
  await seedDemoEvents(ctx)
  return { adminEmail: DEMO_ADMIN_EMAIL, partners: partners.length, users: internalRoles.length + 4 }
}
