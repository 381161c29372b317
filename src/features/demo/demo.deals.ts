import type { Actor } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import { putAccount } from '../deals/accounts.service.ts'
import type { DealCreate } from '../deals/deals.contract.ts'
import { approveDeal, requestInfo } from '../deals/review.service.ts'
import { registerDeal } from '../deals/deals.service.ts'

type User = { id: string; email: string; name: string; role: Actor['role']; partnerId: string | null }
const as = (ctx: Ctx, u: User): Ctx => ({
  ...ctx,
  actor: { userId: u.id, email: u.email, name: u.name, role: u.role, partnerId: u.partnerId, via: 'session' },
})
const deal = (
  name: string,
  domain: string,
  country: string,
  products: string[],
  amount: string,
  close: string,
  extra: Partial<DealCreate> = {},
): DealCreate => ({
  customer: { name, domain, country },
  products,
  value: { amount, currency: 'USD' },
  expectedCloseDate: close,
  ...extra,
})

/**
 * A few registrations so the deal screens are not empty: one approved, one under review that conflicts
 * with it, a big deal, one waiting for the partner's answer, one registered by Sales, and an account owner.
 */
export async function seedDemoDeals(ctx: Ctx, p: { acmeUser: User; globexUser: User; incentives: User; sales: User; initechId: string }) {
  const reviewer = as(ctx, p.incentives)
  await putAccount(ctx, { domain: 'piedpiper.example', name: 'Pied Piper', ownerId: p.sales.id })
  const initrode = await registerDeal(
    as(ctx, p.acmeUser),
    deal('Initrode Corporation', 'initrode.example', 'US', ['Storage', 'Backup'], '250000.00', '2027-03-31', {
      stage: 'qualified',
      description: 'Primary storage refresh for two data centers',
      contact: { name: 'Bill Lumbergh', email: 'bill@initrode.example' },
    }),
  )
  await approveDeal(reviewer, initrode.id, {})
  await registerDeal(as(ctx, p.globexUser), deal('INITRODE Corp.', 'www.initrode.example', 'US', ['Storage'], '180000.00', '2027-02-28'))
  await registerDeal(
    as(ctx, p.globexUser),
    deal('Vandelay Industries', 'vandelay.example', 'DE', ['Networking', 'Security'], '1400000.00', '2027-06-30'),
  )
  const massive = await registerDeal(
    as(ctx, p.acmeUser),
    deal('Massive Dynamic', 'massivedynamic.example', 'US', ['Cloud'], '95000.00', '2027-01-31'),
  )
  await requestInfo(reviewer, massive.id, 'Which business unit is buying, and is there a competing bid?')
  await registerDeal(
    as(ctx, p.sales),
    deal('Pied Piper', 'piedpiper.example', 'US', ['Software'], '60000.00', '2027-04-30', { partnerId: p.initechId }),
  )
}
