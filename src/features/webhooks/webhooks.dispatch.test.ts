import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { makePartner, sys } from '../../../tests/factories/index.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import type { Database } from '../../core/db.ts'
import { systemScope } from '../../core/db.ts'
import { emit, eventCatalog, type EventDefinition } from '../../core/events.ts'
import '../../server/events.ts'
import { fanOut } from './webhooks.delivery.ts'

let db: Database
let partners: string[]
beforeAll(async () => {
  db = await createTestDb()
  partners = []
  for (const name of ['A', 'B', 'C']) partners.push((await makePartner(db, { legalName: `Company ${name}`, status: 'active' })).id)
})
afterAll(() => db.close())

const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => db.owner.query<T>(text, params)
const partnerTypes = () => eventCatalog().filter((e) => !e.staffOnly)
const staffTypes = () => eventCatalog().filter((e) => e.staffOnly)
const addSubscription = async (partnerId: string | null, events: string[]) => {
  const [row] = await q<{ id: string }>(
    `INSERT INTO webhook_subscriptions (partner_id, url, events, created_at) VALUES ($1, 'https://93.184.215.14/h', $2, now() - interval '1 hour') RETURNING id`,
    [partnerId, events],
  )
  return row!.id
}

describe('fan-out', () => {
  it("never gives a company's subscription another company's event, or a staff-only one; gives every subscription all it chose (property)", async () => {
    const types = [...partnerTypes().slice(0, 4), ...staffTypes().slice(0, 2)].map((e) => e.type)
    // Owner index 0..2: a company; 3: an administrator (all companies).
    const subscription = fc.record({ owner: fc.integer({ min: 0, max: 3 }), events: fc.subarray(types, { minLength: 1 }) })
    const event = fc.record({ type: fc.constantFrom(...types), partner: fc.integer({ min: 0, max: 3 }) })
    await fc.assert(
      fc.asyncProperty(
        fc.array(subscription, { minLength: 1, maxLength: 5 }),
        fc.array(event, { minLength: 1, maxLength: 12 }),
        async (subs, events) => {
          await q('DELETE FROM webhook_subscriptions')
          await q('UPDATE events SET dispatched_at = now() WHERE dispatched_at IS NULL')
          const made = []
          for (const s of subs) made.push({ ...s, id: await addSubscription(s.owner < 3 ? partners[s.owner]! : null, s.events) })
          const emitted = []
          for (const e of events) {
            const id = randomUUID()
            const partnerId = e.partner < 3 ? partners[e.partner]! : null
            await q(`INSERT INTO events (id, type, payload, partner_id) VALUES ($1, $2, $3, $4)`, [
              id,
              e.type,
              JSON.stringify({ partnerId }),
              partnerId,
            ])
            emitted.push({ ...e, id, partnerId, staffOnly: staffTypes().some((s) => s.type === e.type) })
          }
          await fanOut(sys(db))
          const deliveries = await q<{ subscription_id: string; event_id: string; partner_id: string | null; body: string }>(
            'SELECT subscription_id, event_id, partner_id, body FROM webhook_deliveries',
          )
          for (const s of made) {
            const own = s.owner < 3 ? partners[s.owner]! : null
            const expected = emitted
              .filter((e) => s.events.includes(e.type) && (own === null || (e.partnerId === own && !e.staffOnly)))
              .map((e) => e.id)
              .sort()
            const got = deliveries.filter((d) => d.subscription_id === s.id)
            expect(got.map((d) => d.event_id).sort()).toEqual(expected)
            for (const d of got) {
              expect(d.partner_id).toBe(own)
              if (own) expect(JSON.parse(d.body).data.partnerId).toBe(own)
            }
          }
        },
      ),
      { numRuns: 25 },
    )
  })
})

/**
 * A payload that fits an event's schema, built from the schema itself: each leaf takes the first of a few
 * candidate values it accepts (so every event type of the catalog, present and future, gets one).
 */
function sample(schema: z.ZodType): unknown {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def
  const inner = (key = 'innerType') => sample(def[key] as z.ZodType)
  switch (def.type) {
    case 'object':
      return Object.fromEntries(Object.entries(def.shape as Record<string, z.ZodType>).map(([k, v]) => [k, sample(v)]))
    case 'nullable':
    case 'optional':
    case 'default':
    case 'readonly':
    case 'catch':
      return inner()
    case 'pipe':
      return inner('in')
    case 'array':
      return [sample(def.element as z.ZodType)]
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0]
    case 'literal':
      return (def.values as unknown[])[0]
    case 'union':
      return sample((def.options as z.ZodType[])[0]!)
    case 'record':
      return {}
    default: {
      const candidates = [
        // A plain string that also reads as an amount of money; then a real company's id (ids that name a partner must exist).
        '1000.00',
        partners[0]!,
        '2026-06-30',
        '2026-06-30T12:00:00.000Z',
        'someone@example.com',
        'https://example.com',
        1,
        2026,
        0,
        true,
      ]
      const fit = candidates.find((c) => schema.safeParse(c).success)
      if (fit === undefined) throw new Error(`No sample value for a ${def.type}`)
      return fit
    }
  }
}

describe('every event type of the catalog', () => {
  it('leaves no outbox row, notification or delivery when its transaction rolls back; a committed one is delivered', async () => {
    await q('DELETE FROM webhook_subscriptions')
    await q('UPDATE events SET dispatched_at = now() WHERE dispatched_at IS NULL')
    // An administrator's subscription to every type: a delivery would exist for any event that committed.
    const all = eventCatalog().map((e) => e.type)
    expect(all.length).toBeGreaterThan(15)
    const sub = await addSubscription(null, all)
    const ctx = sys(db)
    for (const event of eventCatalog() as EventDefinition<unknown>[]) {
      const payload = sample(event.payload)
      const marker = randomUUID()
      let id: string | null = null
      await expect(
        db.transaction(systemScope, async (sql) => {
          id = (await emit(ctx, sql, event, payload)).id
          // Inside the transaction the outbox row is there.
          expect(await sql.query('SELECT 1 FROM events WHERE id = $1', [id])).toHaveLength(1)
          throw new Error(marker)
        }),
      ).rejects.toThrow(marker)
      expect(id, event.type).not.toBeNull()
      await fanOut(ctx)
      expect(await q('SELECT 1 FROM events WHERE id = $1', [id]), event.type).toEqual([])
      expect(await q('SELECT 1 FROM notifications WHERE event_id = $1', [id]), event.type).toEqual([])
      expect(await q('SELECT 1 FROM webhook_deliveries WHERE event_id = $1', [id]), event.type).toEqual([])
    }
    // The control: the same emit committed reaches the subscription.
    const first = eventCatalog()[0] as EventDefinition<unknown>
    const kept = await db.transaction(systemScope, (sql) => emit(ctx, sql, first, sample(first.payload)))
    await fanOut(ctx)
    expect(await q('SELECT subscription_id FROM webhook_deliveries WHERE event_id = $1', [kept.id])).toEqual([{ subscription_id: sub }])
  })
})
