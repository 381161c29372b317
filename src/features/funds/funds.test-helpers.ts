import type { Actor, Role } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import type { Database } from '../../core/db.ts'
import { makeUser, sys } from '../../../tests/factories/index.ts'

/** A context acting as a fresh user of `role` (of `partnerId` for partner roles), at a fixed moment when given. */
export async function actorCtx(db: Database, role: Role, partnerId?: string, now?: () => Date): Promise<Ctx & { actor: Actor }> {
  const u = await makeUser(db, role, partnerId)
  const actor: Actor = { userId: u.id, email: u.email, name: u.name, role, partnerId: partnerId ?? null, via: 'session' }
  return { ...sys(db), actor, ...(now ? { now } : {}) }
}

/** The same context at another moment. */
export const at = <C extends Ctx>(ctx: C, iso: string): C => ({ ...ctx, now: () => new Date(iso) })

/** A minimal PDF (judged a PDF by its bytes). */
export const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'))
export const proof = (name = 'invoice.pdf') => ({ name, bytes: PDF })
export const activity = (partnerId: string, amount: string, over: Record<string, unknown> = {}) => ({
  partnerId,
  activityType: 'event' as const,
  title: 'Partner summit booth',
  plan: 'A booth at the regional summit with two demos',
  expectedOutcomes: '40 qualified leads',
  startsOn: '2027-03-01',
  endsOn: '2027-03-03',
  amount: { amount, currency: 'USD' },
  ...over,
})
