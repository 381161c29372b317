import type { Actor } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { addDaysTo, todayOf } from '../../core/dates.ts'
import type { AgreementCreate } from '../agreements/agreements.contract.ts'
import { insertAgreement, signAgreement } from '../agreements/agreements.service.ts'
import { requestExtension } from '../agreements/extensions.service.ts'
import type { User } from '../identity/identity.contract.ts'
import { addComment, createCase, setChecklistItem, updateCase } from '../onboarding/onboarding.service.ts'
import type { Partner } from '../partners/partners.contract.ts'

const day = (ctx: Ctx, n: number) => addDaysTo(todayOf(ctx.now()), n)
const as = (ctx: Ctx, u: { id: string; email: string; name: string; role: Actor['role']; partnerId: string | null }): Ctx => ({
  ...ctx,
  actor: { userId: u.id, email: u.email, name: u.name, role: u.role, partnerId: u.partnerId, via: 'session' },
})

/**
 * Agreements and onboarding cases for the demo, dated from today so expiry filters and reminders have
 * something to show: signed, out for signature, expiring soon, expired, a pending country extension, and
 * two onboarding cases (one just requested, one under way).
 */
export async function seedAgreementsAndCases(ctx: Ctx, staff: Map<string, User>, partners: Partner[], acmeAdmin: User) {
  const add = (input: AgreementCreate, status: 'draft' | 'out_for_signature' | 'active') =>
    inTx(ctx, (sql) => insertAgreement(ctx, sql, input, status))
  const [acme, globex, initech, umbrella, stark] = partners
  if (!acme || !globex || !initech || !umbrella || !stark) throw new Error('The demo agreements need five partners')

  const potc = await add(
    { partnerId: acme.id, type: 'potc', effectiveDate: day(ctx, -200), expiryDate: day(ctx, 530), countries: ['US', 'CA'] },
    'out_for_signature',
  )
  await signAgreement(as(ctx, { ...acmeAdmin, partnerId: acme.id }), potc.id, { typedName: acmeAdmin.name, potcVersion: potc.potcVersion! })
  await add(
    {
      partnerId: acme.id,
      type: 'reseller',
      effectiveDate: day(ctx, -1035),
      expiryDate: day(ctx, 60),
      countries: ['US', 'CA', 'GB'],
      renewalTerms: 'Renews for two years unless either party gives 60 days notice',
    },
    'active',
  )
  await add(
    { partnerId: globex.id, type: 'potc', effectiveDate: day(ctx, 0), expiryDate: day(ctx, 730), countries: ['DE', 'AT', 'CH'] },
    'out_for_signature',
  )
  await add(
    {
      partnerId: globex.id,
      type: 'flow_down',
      clientName: 'Contoso Bank',
      effectiveDate: day(ctx, -65),
      expiryDate: day(ctx, 300),
      countries: ['DE'],
    },
    'active',
  )
  await add(
    {
      partnerId: initech.id,
      type: 'mou',
      title: 'Joint investment MOU 2026',
      effectiveDate: day(ctx, -340),
      expiryDate: day(ctx, 25),
      countries: ['US'],
    },
    'active',
  )
  await add(
    { partnerId: umbrella.id, type: 'reseller', effectiveDate: day(ctx, -740), expiryDate: day(ctx, -10), countries: ['GB', 'IE'] },
    'active',
  )
  await add({ partnerId: umbrella.id, type: 'nda', effectiveDate: day(ctx, -740), countries: ['GB'] }, 'active')
  const storage = await add(
    { partnerId: stark.id, type: 'reseller', effectiveDate: day(ctx, -165), expiryDate: day(ctx, 200), countries: ['US'] },
    'active',
  )
  const sales = staff.get('sales')!
  await requestExtension(as(ctx, { ...sales, partnerId: null }), storage.id, {
    country: 'BR',
    dealReference: 'OPP-2026-0418',
    reason: 'Customer rollout in São Paulo',
  })

  const lakeshore = partners.find((p) => p.legalName === 'Lakeshore Power Systems')!
  await createCase(as(ctx, { ...sales, partnerId: null }), {
    path: 'deal',
    agreementType: 'potc',
    partnerId: lakeshore.id,
    contactName: 'Lena Hart',
    contactEmail: 'lena.hart@lakeshorepowersystems.example',
    dealReference: 'OPP-2026-0502',
  })
  const solutions = staff.get('solutions')!
  const sponsored = await createCase(as(ctx, { ...solutions, partnerId: null }), {
    path: 'sponsor',
    agreementType: 'reseller',
    legalName: 'Fourth Coffee Devices Inc.',
    website: 'https://fourthcoffee.example',
    headquartersCountry: 'US',
    partnerType: 'oem',
    contactName: 'Marco Bell',
    contactEmail: 'marco.bell@fourthcoffee.example',
    notes: 'Edge appliances for the retail GTM category',
  })
  const gps = as(ctx, { ...staff.get('gps')!, partnerId: null })
  await updateCase(gps, sponsored.id, { ownerId: staff.get('gps')!.id })
  for (const key of ['company_verified', 'sponsorship_confirmed']) await setChecklistItem(gps, sponsored.id, key, true)
  await addComment(gps, sponsored.id, 'Tax forms requested from Marco; reseller terms with their legal team.')
}
