import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { invitationLink, makeUser } from '../../../tests/factories/index.ts'

let db: Database
let t: TestApp
beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
})
afterAll(() => db.close())

const tokenOf = (url: string) => new URL(url).searchParams.get('token')
const accept = (token: string | null, password: string) =>
  t.request('/api/auth/invitations/accept', { method: 'POST', json: { token, password } })

describe('invitations that end where they should', () => {
  it('an admin sends a new link: the old one stops working, the new one sets the password and signs the person in', async () => {
    const admin = await t.login((await makeUser(db, 'admin')).email)
    const { user } = await (await admin.post('/api/users', { email: 'late@example.com', name: 'Late Larry', role: 'sales' })).json()
    const first = await invitationLink(db, 'late@example.com')
    const res = await admin.post(`/api/users/${user.id}/invitation`, {})
    expect(res.status).toBe(200)
    expect(JSON.stringify(await res.json())).not.toContain('token=')
    const second = await invitationLink(db, 'late@example.com')
    expect(second).not.toBe(first)
    const mails = await (await admin.get('/api/mail?q=late@example.com')).json()
    expect(mails.items).toHaveLength(2)

    expect((await accept(tokenOf(first), 'a long new password')).status).toBe(404)
    const accepted = await accept(tokenOf(second), 'a long new password')
    expect(accepted.status).toBe(200)
    const body = await accepted.json()
    expect(body.user.status).toBe('active')
    const me = await t.asSession(accepted.headers.get('set-cookie')!.split(';')[0]!, body.csrfToken).get('/api/auth/me')
    expect((await me.json()).user.email).toBe('late@example.com')

    // Once accepted there is nothing to resend.
    expect((await admin.post(`/api/users/${user.id}/invitation`, {})).status).toBe(409)
  })

  it('the invited person asks for a new link by email; the answer never tells whether the address has an account', async () => {
    const admin = await t.login((await makeUser(db, 'admin')).email)
    await admin.post('/api/users', { email: 'lost.link@example.com', name: 'Lost Link', role: 'sales' })
    const ask = (email: string) => t.request('/api/auth/invitations/renew', { method: 'POST', json: { email } })
    const known = await ask('Lost.Link@example.com')
    const unknown = await ask('nobody.here@example.com')
    expect(known.status).toBe(202)
    expect(unknown.status).toBe(202)
    expect(await known.json()).toEqual(await unknown.json())
    const mails = await (await admin.get('/api/mail?q=lost.link@example.com')).json()
    expect(mails.items).toHaveLength(2)
    const none = await (await admin.get('/api/mail?q=nobody.here@example.com')).json()
    expect(none.items).toHaveLength(0)
    // An active user asking gets no invitation.
    const active = await makeUser(db, 'sales')
    await ask(active.email)
    expect((await (await admin.get(`/api/mail?q=${encodeURIComponent(active.email)}`)).json()).items).toHaveLength(0)
  })
})
