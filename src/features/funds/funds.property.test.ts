import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTx } from '../../core/context.ts'
import type { Database } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { createTestDb, usingPostgres } from '../../../tests/setup/db.ts'
import { makePartner, sys } from '../../../tests/factories/index.ts'
import { activity, actorCtx, at, proof } from './funds.test-helpers.ts'
import { balancesOf, signedCents, verifyLedger } from './ledger.ts'
import {
  approveRequest,
  createClaim,
  createRequest,
  decideClaim,
  reverseTransaction,
  runMdfDaily,
  setAllocation,
  setLimit,
} from './mdf.service.ts'

// Any interleaving of requests, approvals (one or two approvers), claims and their decisions, payments,
// allocation changes and their reversals, claim-window closes and the year's expiry, run a few at a time
// concurrently (truly so on PostgreSQL): afterwards every transaction sums to zero, nothing is overspent,
// and the balances the ledger derives agree with the requests and claims they come from.

let db: Database
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db.close())

// The clock moves through three stages: during the activities, after their claim windows closed, after the year.
const stages = ['2027-02-10T12:00:00Z', '2027-04-05T12:00:00Z', '2028-01-02T12:00:00Z'] as const
const refusals = new Set(['FUNDS_INSUFFICIENT', 'INVALID_TRANSITION', 'VALIDATION_FAILED', 'CLAIM_WINDOW_CLOSED', 'CONFLICT'])

type Op =
  | { op: 'request'; amount: number }
  | { op: 'approve'; pick: number; second: boolean }
  | { op: 'claim'; pick: number; amount: number }
  | { op: 'decide'; pick: number; action: 'approve' | 'reject' | 'more_proof' | 'pay' }
  | { op: 'adjust'; amount: number }
  | { op: 'reverse' }
  | { op: 'advance' }
const opArb: fc.Arbitrary<Op> = fc
  .oneof(
    fc.record({ op: fc.constant('request' as const), amount: fc.integer({ min: 1, max: 600 }) }),
    fc.record({ op: fc.constant('approve' as const), pick: fc.nat(), second: fc.boolean() }),
    fc.record({ op: fc.constant('claim' as const), pick: fc.nat(), amount: fc.integer({ min: 1, max: 400 }) }),
    fc.record({
      op: fc.constant('decide' as const),
      pick: fc.nat(),
      action: fc.constantFrom('approve' as const, 'reject' as const, 'more_proof' as const, 'pay' as const),
    }),
    fc.record({ op: fc.constant('adjust' as const), amount: fc.integer({ min: 200, max: 1500 }) }),
    fc.constant({ op: 'reverse' as const }),
    fc.constant({ op: 'advance' as const }),
  )
  .chain((o) => (o.op === 'advance' ? fc.constantFrom<Op>(o, { op: 'adjust', amount: 1000 }, { op: 'reverse' }) : fc.constant(o)))

const cents = (n: number) => `${n}.00`

describe('the MDF ledger under any interleaving', () => {
  it(`keeps every transaction balanced, never overspends, and agrees with requests and claims${usingPostgres ? ' (PostgreSQL, concurrent)' : ' (embedded)'}`, async () => {
    const first = await actorCtx(db, 'marketing')
    const second = await actorCtx(db, 'incentives')
    await setLimit(second, { userId: first.actor.userId, limit: { amount: '300.00', currency: 'USD' } })
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }), async (batches) => {
        const partner = (await makePartner(db, { status: 'active', tier: 'strategic' })).id
        const user = await actorCtx(db, 'partner_user', partner)
        let stage = 0
        const now = () => stages[stage]!
        await setAllocation(at(first, '2027-01-05T12:00:00Z'), {
          partnerId: partner,
          programYear: 2027,
          amount: { amount: '1000.00', currency: 'USD' },
        })
        const requests: string[] = []
        const claims: string[] = []
        const run = async (o: Op) => {
          const pick = <T>(list: T[], i: number) => (list.length ? list[i % list.length]! : null)
          switch (o.op) {
            case 'request': {
              const r = await createRequest(
                at(user, '2027-01-20T12:00:00Z'),
                activity(partner, cents(o.amount), { startsOn: '2027-02-01', endsOn: '2027-02-02' }),
              )
              requests.push(r.id)
              return
            }
            case 'approve': {
              const id = pick(requests, o.pick)
              if (id) await approveRequest(at(o.second ? second : first, now()), id)
              return
            }
            case 'claim': {
              const id = pick(requests, o.pick)
              if (!id) return
              const r = await createClaim(
                at(user, now()),
                id,
                { amount: { amount: cents(o.amount), currency: 'USD' }, description: 'Proof' },
                proof(),
              )
              claims.push(r.claims.at(-1)!.id)
              return
            }
            case 'decide': {
              const id = pick(claims, o.pick)
              if (!id) return
              const ctx = at(o.action === 'pay' ? second : first, now())
              await decideClaim(
                ctx,
                id,
                o.action === 'approve'
                  ? { action: 'approve' }
                  : o.action === 'pay'
                    ? { action: 'pay', reference: 'PAY' }
                    : o.action === 'reject'
                      ? { action: 'reject', reason: 'No' }
                      : { action: 'more_proof', note: 'More' },
              )
              return
            }
            case 'adjust':
              await setAllocation(at(first, now()), {
                partnerId: partner,
                programYear: 2027,
                amount: { amount: cents(o.amount), currency: 'USD' },
              })
              return
            case 'reverse': {
              const [t] = await db.owner.query<{ id: string }>(
                `SELECT t.id FROM ledger_transactions t WHERE t.partner_id = $1 AND t.kind = 'adjustment'
                   AND NOT EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.reverses = t.id) ORDER BY t.created_at DESC LIMIT 1`,
                [partner],
              )
              if (t) await reverseTransaction(at(first, now()), t.id, 'Correction')
              return
            }
            case 'advance':
              stage = Math.min(stage + 1, stages.length - 1)
              await runMdfDaily(at(first, now()))
              return
          }
        }
        for (const batch of batches) {
          const results = await Promise.allSettled(batch.map(run))
          for (const r of results)
            if (r.status === 'rejected' && !(r.reason instanceof AppError && refusals.has(r.reason.code))) throw r.reason
        }

        // Every transaction sums to zero; the allocation's amount is what its funding entries say.
        const verified = await inTx(sys(db), (sql) => verifyLedger(sql))
        expect(verified.first).toBeNull()
        // Balances equal the sums of entries, none negative, and together equal the allocation.
        const [b] = await inTx(sys(db), (sql) => balancesOf(sql, [partner]))
        const bal = b!.balances
        const [sums] = await db.owner.query<Record<string, string>>(
          `SELECT coalesce(sum(amount) FILTER (WHERE account = 'mdf:available'), 0)::text AS available,
                    coalesce(sum(amount) FILTER (WHERE account = 'mdf:committed'), 0)::text AS committed,
                    coalesce(sum(amount) FILTER (WHERE account = 'mdf:paid'), 0)::text AS paid
             FROM ledger_entries WHERE partner_id = $1`,
          [partner],
        )
        expect(bal['mdf:available']).toBe(signedCents(sums!.available!))
        expect(bal['mdf:committed']).toBe(signedCents(sums!.committed!))
        expect(bal['mdf:paid']).toBe(signedCents(sums!.paid!))
        for (const a of ['mdf:available', 'mdf:committed', 'mdf:payable', 'mdf:paid', 'mdf:expired'] as const)
          expect(bal[a]).toBeGreaterThanOrEqual(0n)
        const [alloc] = await db.owner.query<{ amount: string }>('SELECT amount::text FROM mdf_allocations WHERE partner_id = $1', [
          partner,
        ])
        const allocated = signedCents(alloc!.amount)
        expect(-bal['mdf:funding']).toBe(allocated)
        expect(bal['mdf:available'] + bal['mdf:committed'] + bal['mdf:payable'] + bal['mdf:paid'] + bal['mdf:expired']).toBe(allocated)
        // The approved total still outstanding or spent never exceeds the allocation, and matches the requests and claims.
        const [model] = await db.owner.query<{ committed: string; payable: string; paid: string }>(
          `SELECT
               coalesce((SELECT sum(r.amount) FROM mdf_requests r WHERE r.partner_id = $1 AND r.status = 'approved'), 0)
               - coalesce((SELECT sum(c.amount) FROM mdf_claims c JOIN mdf_requests r ON r.id = c.request_id
                           WHERE r.partner_id = $1 AND r.status = 'approved' AND c.status IN ('approved', 'paid')), 0)
               + coalesce((SELECT sum(c.amount) FROM mdf_claims c JOIN mdf_requests r ON r.id = c.request_id
                           WHERE r.partner_id = $1 AND r.status = 'closed' AND c.status IN ('submitted', 'more_proof_requested')), 0) AS committed,
               coalesce((SELECT sum(c.amount) FROM mdf_claims c WHERE c.partner_id = $1 AND c.status = 'approved'), 0) AS payable,
               coalesce((SELECT sum(c.amount) FROM mdf_claims c WHERE c.partner_id = $1 AND c.status = 'paid'), 0) AS paid`,
          [partner],
        )
        expect(bal['mdf:committed']).toBe(signedCents(model!.committed))
        expect(bal['mdf:payable']).toBe(signedCents(model!.payable))
        expect(bal['mdf:paid']).toBe(signedCents(model!.paid))
        expect(bal['mdf:committed'] + bal['mdf:payable'] + bal['mdf:paid']).toBeLessThanOrEqual(allocated)
      }),
      { numRuns: 12, endOnFailure: true },
    )
  }, 600_000)
})
