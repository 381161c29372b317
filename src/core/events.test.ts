import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { makePartner, makeUser, sys } from '../../tests/factories/index.ts'
import { createTestDb } from '../../tests/setup/db.ts'
import { scopeOf } from './context.ts'
import type { Database } from './db.ts'
import { defineEvent, emit, eventCatalog } from './events.ts'

const thing = defineEvent('test_thing.happened', {
  summary: 'A test thing happened',
  payload: z.object({ partnerId: z.string().uuid(), name: z.string(), reviewerId: z.string().uuid().nullable() }),
  audience: (p) => ({ partnerId: p.partnerId, roles: ['incentives'], users: [p.reviewerId] }),
  describe: (p, to) => ({ title: `${p.name} happened`, body: to.internal ? 'Staff words' : 'Partner words', link: `/things/${p.name}` }),
  defaults: { incentives: 'in_app' },
})

let db: Database
let acme: string
let globex: string
beforeAll(async () => {
  db = await createTestDb()
  acme = (await makePartner(db)).id
  globex = (await makePartner(db)).id
})
afterAll(() => db.close())

const rows = (text: string, params: unknown[] = []) => db.owner.query<Record<string, unknown>>(text, params)

describe('the event catalog', () => {
  it('refuses a type defined twice and badly named types', () => {
    expect(() => defineEvent('test_thing.happened', thing)).toThrow(/twice/)
    expect(() => defineEvent('NoDot', thing)).toThrow(/noun.verb/)
    expect(eventCatalog().map((e) => e.type)).toContain('test_thing.happened')
  })

  it('emits in the transaction of the change: the event, notifications and mail roll back with it', async () => {
    const user = await makeUser(db, 'partner_user', acme)
    const ctx = sys(db)
    await expect(
      db.transaction(scopeOf(ctx.actor), async (sql) => {
        await emit(ctx, sql, thing, { partnerId: acme, name: 'rolled-back', reviewerId: null })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await rows(`SELECT 1 FROM events WHERE payload->>'name' = 'rolled-back'`)).toHaveLength(0)
    expect(await rows('SELECT 1 FROM notifications WHERE user_id = $1', [user.id])).toHaveLength(0)
    expect(await rows(`SELECT 1 FROM mail_outbox WHERE subject = 'rolled-back happened'`)).toHaveLength(0)

    const emitted = await db.transaction(scopeOf(ctx.actor), (sql) =>
      emit(ctx, sql, thing, { partnerId: acme, name: 'kept', reviewerId: null }),
    )
    expect(await rows('SELECT type, partner_id FROM events WHERE id = $1', [emitted.id])).toEqual([
      { type: 'test_thing.happened', partner_id: acme },
    ])
    expect(emitted.notified).toContain(user.id)
    expect(emitted.emailed).toContain(user.email)
    const [n] = await rows('SELECT title, body, link FROM notifications WHERE user_id = $1', [user.id])
    expect(n).toEqual({ title: 'kept happened', body: 'Partner words', link: '/things/kept' })
  })

  it('never reaches users of another company, even when named', async () => {
    const outsider = await makeUser(db, 'partner_admin', globex)
    const ctx = sys(db)
    const e = await db.transaction(scopeOf(ctx.actor), (sql) =>
      emit(ctx, sql, thing, { partnerId: acme, name: 'private', reviewerId: outsider.id }),
    )
    expect(e.notified).not.toContain(outsider.id)
    expect(e.emailed).not.toContain(outsider.email)
  })

  it('honours each channel: the user, then the company default, then the role default', async () => {
    const ctx = sys(db)
    const inApp = await makeUser(db, 'partner_user', acme)
    const email = await makeUser(db, 'partner_user', acme)
    const digest = await makeUser(db, 'partner_user', acme)
    const none = await makeUser(db, 'partner_user', acme)
    const companyDefault = await makeUser(db, 'partner_user', acme)
    const staff = await makeUser(db, 'incentives')
    for (const [u, channel] of [
      [inApp, 'in_app'],
      [email, 'email'],
      [digest, 'digest'],
      [none, 'none'],
    ] as const)
      await rows('INSERT INTO notification_preferences (user_id, event_type, channel) VALUES ($1, $2, $3)', [u.id, thing.type, channel])
    await rows('INSERT INTO notification_defaults (partner_id, event_type, channel) VALUES ($1, $2, $3)', [acme, thing.type, 'email'])
    const e = await db.transaction(scopeOf(ctx.actor), (sql) =>
      emit(ctx, sql, thing, { partnerId: acme, name: 'channels', reviewerId: null }),
    )
    const digestRows = await rows('SELECT user_id FROM notifications WHERE event_id = $1 AND digest_pending', [e.id])
    expect(e.notified).toEqual(expect.arrayContaining([inApp.id, digest.id, staff.id]))
    for (const u of [email, none, companyDefault]) expect(e.notified).not.toContain(u.id)
    expect(e.emailed).toEqual(expect.arrayContaining([email.email, companyDefault.email]))
    for (const u of [inApp, digest, none, staff]) expect(e.emailed).not.toContain(u.email)
    expect(digestRows).toEqual([{ user_id: digest.id }])
    const [mail] = await rows(`SELECT recipients FROM mail_outbox WHERE subject = 'channels happened'`)
    expect(mail?.recipients).toEqual(expect.arrayContaining([email.email, companyDefault.email]))
  })

  it('lets a user read and mark only their own notifications', async () => {
    const initech = (await makePartner(db)).id
    const a = await makeUser(db, 'partner_user', initech)
    const b = await makeUser(db, 'partner_user', initech)
    const ctx = sys(db)
    await db.transaction(scopeOf(ctx.actor), (sql) => emit(ctx, sql, thing, { partnerId: initech, name: 'rls', reviewerId: null }))
    const scope = (u: { id: string }) => ({ userId: u.id, partnerId: initech, internal: false })
    const seen = await db.transaction(scope(a), (sql) => sql.query<{ user_id: string }>('SELECT user_id FROM notifications'))
    expect(new Set(seen.map((r) => r.user_id))).toEqual(new Set([a.id]))
    const updated = await db.transaction(scope(a), (sql) =>
      sql.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 RETURNING id', [b.id]),
    )
    expect(updated).toHaveLength(0)
  })
})
