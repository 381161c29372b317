import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { invitationLink, makePartner, makeUser, PASSWORD } from '../../../tests/factories/index.ts'
import { delayAfter, THROTTLE } from './login-throttle.ts'
import { can, externalRoles, permissions, roles, type Permission } from '../../core/auth/permissions.ts'

let db: Database
let t: TestApp
beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
})
afterAll(() => db.close())

const login = (email: string, password: string, address = '10.0.0.1') =>
  t.request('/api/auth/login', { method: 'POST', json: { email, password }, headers: { 'x-forwarded-for': address } })

describe('sessions', () => {
  it('signs in with a case-insensitive email and sets a safe cookie', async () => {
    const u = await makeUser(db, 'gps', undefined, { email: 'Mixed.Case@Example.com' })
    const res = await login('mixed.case@EXAMPLE.com', PASSWORD)
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).not.toMatch(/Secure/i)
    const me = await t.asSession(cookie.replace(/;.*/, ''), '').get('/api/auth/me')
    expect((await me.json()).user.id).toBe(u.id)
  })

  it('marks the cookie Secure behind https', async () => {
    await makeUser(db, 'gps', undefined, { email: 'https@example.com' })
    const res = await t.request('/api/auth/login', {
      method: 'POST',
      json: { email: 'https@example.com', password: PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    })
    expect(res.headers.get('set-cookie')).toMatch(/Secure/i)
  })

  it('answers the same for an unknown email and a wrong password', async () => {
    await makeUser(db, 'gps', undefined, { email: 'known@example.com' })
    const a = await login('known@example.com', 'wrong password', '10.0.0.2')
    const b = await login('nobody@example.com', 'wrong password', '10.0.0.2')
    expect(a.status).toBe(401)
    expect(b.status).toBe(401)
    const [ja, jb] = [await a.json(), await b.json()]
    delete ja.instance
    delete jb.instance
    expect(ja).toEqual(jb)
  })

  it('slows down guessing from one address at one account with growing waits, also for the right password there', async () => {
    await makeUser(db, 'gps', undefined, { email: 'target@example.com' })
    for (let i = 0; i < THROTTLE.freePerPair; i++) expect((await login('target@example.com', 'guess', '10.1.0.1')).status).toBe(401)
    const blocked = await login('target@example.com', PASSWORD, '10.1.0.1')
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(15)
    // Each further failure doubles the wait, up to 15 minutes.
    expect([5, 6, 7, 20].map((n) => delayAfter(n, THROTTLE.freePerPair) / 1000)).toEqual([15, 30, 60, 900])
  })

  it('an attacker elsewhere cannot lock a user out', async () => {
    await makeUser(db, 'gps', undefined, { email: 'victim@example.com' })
    for (let i = 0; i < THROTTLE.freePerPair + 3; i++) await login('victim@example.com', 'guess', '10.6.6.6')
    expect((await login('victim@example.com', 'guess', '10.6.6.6')).status).toBe(429)
    expect((await login('victim@example.com', PASSWORD, '10.7.7.7')).status).toBe(200)
    // Nor many attackers: the account-wide count spares an address the user has signed in from.
    for (let i = 0; i < THROTTLE.freePerAccount + 2; i++) await login('victim@example.com', 'guess', `10.8.${i}.1`)
    expect((await login('victim@example.com', 'guess', '10.8.200.1')).status).toBe(429)
    expect((await login('victim@example.com', PASSWORD, '10.7.7.7')).status).toBe(200)
  })

  it('one address spraying many accounts does not lock out the others behind it', async () => {
    await makeUser(db, 'gps', undefined, { email: 'neighbour@example.com' })
    expect((await login('neighbour@example.com', PASSWORD, '10.9.9.9')).status).toBe(200)
    for (let i = 0; i < THROTTLE.freePerAddress + 2; i++) await login(`spray${i}@example.com`, 'guess', '10.9.9.9')
    expect((await login('spray-more@example.com', 'guess', '10.9.9.9')).status).toBe(429)
    expect((await login('neighbour@example.com', PASSWORD, '10.9.9.9')).status).toBe(200)
  })

  it('logs out by revoking the server-side session', async () => {
    const u = await makeUser(db, 'gps')
    const s = await t.login(u.email)
    expect((await s.post('/api/auth/logout')).status).toBe(204)
    expect((await s.get('/api/auth/me')).status).toBe(401)
  })

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const u = await makeUser(db, 'gps')
    const s = await t.login(u.email)
    const res = await t.request('/api/partners', {
      method: 'POST',
      json: { legalName: 'CSRF Co', type: 'oem', headquartersCountry: 'US' },
      headers: { cookie: s.headers.cookie ?? '' },
    })
    expect(res.status).toBe(403)
    expect((await res.json()).code).toBe('CSRF_FAILED')
    expect((await db.owner.query("SELECT 1 FROM partners WHERE legal_name = 'CSRF Co'")).length).toBe(0)
  })
})

describe("the signed-in user's permissions", () => {
  it('answers exactly the permission table for each role, in the sign-in answer and in /me', async () => {
    const partner = await makePartner(db)
    for (const role of roles) {
      const u = await makeUser(db, role, (externalRoles as readonly string[]).includes(role) ? partner.id : undefined)
      // What the server enforces for this role (the same `can` every service asserts with).
      const actor = { userId: u.id, email: u.email, name: u.name, role, partnerId: u.partnerId, via: 'session' as const }
      const table = permissions.filter((p) => can(actor, p))
      const res = await login(u.email, PASSWORD, `10.9.0.${roles.indexOf(role) + 1}`)
      expect(res.status).toBe(200)
      const signedIn = (await res.json()) as { permissions: Permission[] }
      expect(signedIn.permissions, role).toEqual(table)
      const me = await t.asSession(res.headers.get('set-cookie')!.replace(/;.*/, ''), '').get('/api/auth/me')
      expect(((await me.json()) as { permissions: Permission[] }).permissions, role).toEqual(table)
    }
  })

  it("names each role's powers as the product grants them", async () => {
    const partner = await makePartner(db)
    const permsOf = async (role: (typeof roles)[number], partnerId?: string) => {
      const u = await makeUser(db, role, partnerId)
      const res = await login(u.email, PASSWORD, '10.9.1.1')
      return ((await res.json()) as { permissions: Permission[] }).permissions
    }
    const admin = await permsOf('admin')
    expect(admin).toContain('program:manage')
    expect(admin).toContain('users:manage')
    expect(admin).not.toContain('safety:manage')
    const partnerUser = await permsOf('partner_user', partner.id)
    expect(partnerUser).toContain('deals:register')
    expect(partnerUser).not.toContain('users:manage')
    expect(partnerUser).not.toContain('reviews:read')
    expect(partnerUser).not.toContain('agreements:sign')
    expect(await permsOf('partner_admin', partner.id)).toContain('agreements:sign')
    expect(await permsOf('safety')).toContain('safety:manage')
  })
})

describe('API tokens', () => {
  it("creates a token shown once, works as Bearer on the user's routes, and stops working when revoked", async () => {
    const u = await makeUser(db, 'partner_manager')
    const s = await t.login(u.email)
    const created = await (await s.post('/api/tokens', { name: 'CRM sync' })).json()
    expect(created.token).toMatch(/^alt_/)
    const stored = await db.owner.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [created.id])
    expect(stored[0]?.token_hash).not.toContain(created.token)
    const listed = (await (await s.get('/api/tokens')).json()).items
    expect(listed[0]).not.toHaveProperty('token')
    const bearer = t.asBearer(created.token)
    expect((await bearer.get('/api/partners')).status).toBe(200)
    expect((await bearer.post('/api/partners', { legalName: 'Via Token', type: 'oem', headquartersCountry: 'US' })).status).toBe(201)
    expect((await s.delete(`/api/tokens/${created.id}`)).status).toBe(204)
    expect((await bearer.get('/api/partners')).status).toBe(401)
  })

  it("cannot revoke another user's token", async () => {
    const a = await t.login((await makeUser(db, 'gps')).email)
    const b = await t.login((await makeUser(db, 'gps')).email)
    const token = await (await a.post('/api/tokens', { name: 'mine' })).json()
    expect((await b.delete(`/api/tokens/${token.id}`)).status).toBe(404)
  })

  it('a token cannot create another token, so none outlives or survives the one that would have made it', async () => {
    const s = await t.login((await makeUser(db, 'gps')).email)
    const parent = await (await s.post('/api/tokens', { name: 'one day', expiresInDays: 1 })).json()
    const child = await t.asBearer(parent.token).post('/api/tokens', { name: 'forever' })
    expect(child.status).toBe(403)
    expect(JSON.stringify(await child.json())).not.toContain('alt_')
    const listed = (await (await s.get('/api/tokens')).json()).items
    expect(listed.map((x: { name: string }) => x.name)).toEqual(['one day'])
  })

  it('never keeps a token for an Idempotency-Key replay: the retry is refused and the secret is stored nowhere', async () => {
    const u = await makeUser(db, 'gps')
    const s = await t.login(u.email)
    const first = await s.post('/api/tokens', { name: 'retried' }, { 'idempotency-key': 'tok-1' })
    expect(first.status).toBe(201)
    expect(first.headers.get('cache-control')).toContain('no-store')
    const { token } = await first.json()
    const again = await s.post('/api/tokens', { name: 'retried' }, { 'idempotency-key': 'tok-1' })
    expect(again.status).toBe(409)
    expect(await again.text()).not.toContain(token)
    const stored = await db.owner.query<{ response: string | null }>('SELECT response FROM idempotency_keys WHERE user_id = $1', [u.id])
    expect(stored).toHaveLength(1)
    expect(stored[0]?.response ?? '').not.toContain(token)
    expect((await (await s.get('/api/tokens')).json()).items).toHaveLength(1)
  })
})

describe('partner admins inviting colleagues', () => {
  it("invite only their company's email domains, never set a password, and cannot tell an existing account from a new one", async () => {
    const company = await makePartner(db, { website: 'https://www.initech.example' })
    expect(company.emailDomains).toEqual(['initech.example'])
    const pa = await t.login((await makeUser(db, 'partner_admin', company.id)).email)
    await makeUser(db, 'admin', undefined, { email: 'security-team@initech.example', name: 'Staff on that domain' })

    const posing = await pa.post('/api/users', {
      email: 'security-team@alliance.example',
      name: 'Avery Admin (Alliance Security)',
      role: 'partner_admin',
    })
    expect(posing.status).toBe(403)
    expect((await posing.json()).errors[0].path).toBe('email')
    const withPassword = await pa.post('/api/users', {
      email: 'bob@initech.example',
      name: 'Bob',
      role: 'partner_user',
      password: 'chosen by the admin',
    })
    expect(withPassword.status).toBe(403)
    expect((await withPassword.json()).errors[0].path).toBe('password')

    const fresh = await pa.post('/api/users', { email: 'bob@initech.example', name: 'Bob', role: 'partner_user' })
    const taken = await pa.post('/api/users', { email: 'Security-Team@initech.example', name: 'Sec', role: 'partner_user' })
    expect(taken.status).toBe(fresh.status)
    expect(fresh.status).toBe(201)
    const [a, b] = [(await fresh.json()).user, (await taken.json()).user]
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort())
    expect(b).toMatchObject({ status: 'invited', role: 'partner_user', partnerId: company.id })
    // No second account, and the existing one is untouched; its owner hears of the attempt by email.
    const rows = await db.owner.query<{ role: string; partner_id: string | null }>(
      "SELECT role, partner_id FROM users WHERE email = 'security-team@initech.example'",
    )
    expect(rows).toEqual([{ role: 'admin', partner_id: null }])
    const told = await db.owner.query(
      "SELECT 1 FROM mail_outbox WHERE template = 'user-account-exists' AND 'security-team@initech.example' = ANY(recipients)",
    )
    expect(told).toHaveLength(1)

    // Staff keep the company's domains.
    const staff = await t.login((await makeUser(db, 'partner_manager')).email)
    const patched = await staff.patch(`/api/partners/${company.id}`, { emailDomains: ['initech.example', 'INITECH-labs.example'] })
    expect((await patched.json()).emailDomains).toEqual(['initech.example', 'initech-labs.example'])
    expect((await pa.post('/api/users', { email: 'lab@initech-labs.example', name: 'Lab', role: 'partner_user' })).status).toBe(201)
    expect((await pa.patch(`/api/partners/${company.id}`, { emailDomains: ['alliance.example'] })).status).toBe(403)
  })
})

describe('users admin', () => {
  it('admins invite users who accept with a password, change roles and deactivate them', async () => {
    const admin = await t.login((await makeUser(db, 'admin')).email)
    const res = await admin.post('/api/users', { email: 'new.hire@example.com', name: 'New Hire', role: 'sales' })
    expect(res.status).toBe(201)
    const { user } = await res.json()
    expect(user.status).toBe('invited')
    const token = new URL(await invitationLink(db, 'new.hire@example.com')).searchParams.get('token')
    const accepted = await t.request('/api/auth/invitations/accept', { method: 'POST', json: { token, password: 'a brand new secret' } })
    expect((await accepted.json()).user.status).toBe('active')
    const s = await t.login('new.hire@example.com', 'a brand new secret')
    expect((await admin.patch(`/api/users/${user.id}`, { role: 'partner_ops' })).status).toBe(200)
    expect((await admin.patch(`/api/users/${user.id}`, { status: 'deactivated' })).status).toBe(200)
    expect((await s.get('/api/auth/me')).status).toBe(401)
    expect((await login('new.hire@example.com', 'a brand new secret', '10.3.3.3')).status).toBe(401)
  })

  it('does not activate an invited user who never set a password', async () => {
    const admin = await t.login((await makeUser(db, 'admin')).email)
    const { user } = await (await admin.post('/api/users', { email: 'pending@example.com', name: 'Pending', role: 'sales' })).json()
    expect((await admin.patch(`/api/users/${user.id}`, { status: 'deactivated' })).status).toBe(200)
    const res = await admin.patch(`/api/users/${user.id}`, { status: 'active' })
    expect(res.status).toBe(409)
    expect((await res.json()).errors[0].path).toBe('status')
  })

  it('rejects a duplicate email regardless of case', async () => {
    const admin = await t.login((await makeUser(db, 'admin')).email)
    await makeUser(db, 'sales', undefined, { email: 'dup@example.com' })
    const res = await admin.post('/api/users', { email: 'DUP@example.com', name: 'Dup', role: 'sales', password: 'long enough pw' })
    expect(res.status).toBe(409)
    expect((await res.json()).errors[0].path).toBe('email')
  })

  it("partner admins manage their own company's users only", async () => {
    const mine = await makePartner(db, { emailDomains: ['example.com'] })
    const other = await makePartner(db)
    const theirUser = await makeUser(db, 'partner_user', other.id)
    const pa = await t.login((await makeUser(db, 'partner_admin', mine.id)).email)
    const created = await pa.post('/api/users', { email: 'colleague@example.com', name: 'Colleague', role: 'partner_user' })
    expect(created.status).toBe(201)
    expect((await created.json()).user.partnerId).toBe(mine.id)
    expect((await pa.post('/api/users', { email: 'x@example.com', name: 'X', role: 'admin' })).status).toBe(403)
    expect((await pa.post('/api/users', { email: 'y@example.com', name: 'Y', role: 'partner_user', partnerId: other.id })).status).toBe(403)
    const listed = (await (await pa.get('/api/users')).json()).items as { partnerId: string }[]
    expect(listed.every((u) => u.partnerId === mine.id)).toBe(true)
    expect((await pa.get(`/api/users/${theirUser.id}`)).status).toBe(404)
    expect((await pa.patch(`/api/users/${theirUser.id}`, { status: 'deactivated' })).status).toBe(404)
  })
})
