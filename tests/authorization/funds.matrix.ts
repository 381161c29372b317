import type { Actor, Role } from '../../src/core/auth/permissions.ts'
import type { Ctx } from '../../src/core/context.ts'
import { approveRequest, createClaim, createRequest, decideClaim, setAllocation } from '../../src/features/funds/mdf.service.ts'
import { sys } from '../factories/index.ts'
import { PDF } from './fixtures.ts'
import type { F, Matrix } from './harness.ts'
import { db } from './harness.ts'

const approvers: Role[] = ['marketing', 'incentives']
const payers: Role[] = ['marketing', 'incentives']
const managers: Role[] = ['admin', 'incentives', 'marketing']
const requesters: Role[] = ['partner_admin', 'partner_user', 'marketing']
const fxKeepers: Role[] = ['admin', 'incentives']

const as = (role: Role, partnerId: string | null, userId = ''): Ctx => {
  // Staff act as the system in that role (no user row needed); a partner's user as itself.
  const actor: Actor = { userId, email: `${role}@fixture`, name: role, role, partnerId, via: partnerId ? 'session' : 'system' }
  return { ...sys(db), actor }
}
let allocated: Promise<unknown> | null = null
const allocationOfA = (f: F) =>
  (allocated ??= setAllocation(sys(db), { partnerId: f.partnerA, programYear: 2027, amount: { amount: '1000000.00', currency: 'USD' } }))
const year = new Date().getUTCFullYear() + 1
const requestOfA = async (f: F, approved = false) => {
  await allocationOfA(f)
  const r = await createRequest(as('partner_user', f.partnerA, f.userOfA), {
    partnerId: f.partnerA,
    activityType: 'campaign',
    title: 'Fixture campaign',
    plan: 'Plan',
    expectedOutcomes: 'Leads',
    startsOn: `2027-02-01`,
    endsOn: `2027-02-02`,
    amount: { amount: '10.00', currency: 'USD' },
  })
  if (approved) await approveRequest(as('incentives', null), r.id)
  return r.id
}
// Claims are accepted within the claim window: the fixture's activity ended 2027-02-02, so act in that window.
const inWindow = (ctx: Ctx): Ctx => ({ ...ctx, now: () => new Date('2027-03-01T12:00:00Z') })
const claimOfA = async (f: F, status: 'submitted' | 'approved' = 'submitted') => {
  const requestId = await requestOfA(f, true)
  const r = await createClaim(
    inWindow(as('partner_user', f.partnerA, f.userOfA)),
    requestId,
    { amount: { amount: '5.00', currency: 'USD' }, description: 'Proof' },
    { name: 'proof.pdf', bytes: PDF },
  )
  const claim = r.claims[0]!
  if (status === 'approved') await decideClaim(as('incentives', null), claim.id, { action: 'approve' })
  return { requestId, claimId: claim.id, fileId: claim.files[0]!.id }
}
const proofForm = () => {
  const form = new FormData()
  form.append('file', new File([PDF], 'proof.pdf', { type: 'application/pdf' }))
  return form
}
let bump = 0
const adjustmentOfA = async (f: F) => {
  await allocationOfA(f)
  bump += 1
  await setAllocation(sys(db), { partnerId: f.partnerA, programYear: 2027, amount: { amount: `${1000000 + bump}.00`, currency: 'USD' } })
  const [t] = await db.owner.query<{ id: string }>(
    `SELECT id FROM ledger_transactions WHERE partner_id = $1 AND kind = 'adjustment' ORDER BY created_at DESC LIMIT 1`,
    [f.partnerA],
  )
  return t!.id
}

export const matrix: Matrix = {
  'GET /api/partners/:id/funds': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => {
      await allocationOfA(f)
      return { method: 'GET', path: `/api/partners/${f.partnerA}/funds` }
    },
  },
  'GET /api/funds/allocations': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200, // their own company's only
    call: (f) => ({ method: 'GET', path: `/api/funds/allocations?partnerId=${f.partnerA}` }),
  },
  'PUT /api/funds/allocations': {
    allow: managers,
    ok: 200,
    otherTenant: 403,
    call: (f) => ({ method: 'PUT', path: '/api/funds/allocations', json: { partnerId: f.partnerB, programYear: year } }),
  },
  'GET /api/funds/approval-limits': {
    allow: managers,
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'GET', path: '/api/funds/approval-limits' }),
  },
  'PUT /api/funds/approval-limits': {
    allow: managers,
    ok: 200,
    otherTenant: 403,
    call: () => ({
      method: 'PUT',
      path: '/api/funds/approval-limits',
      json: { role: 'marketing', limit: { amount: '25000.00', currency: 'USD' } },
    }),
  },
  'GET /api/funds/requests': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200, // their own company's only
    call: (f) => ({ method: 'GET', path: `/api/funds/requests?partnerId=${f.partnerA}` }),
  },
  'POST /api/funds/requests': {
    allow: requesters,
    ok: 201,
    call: async (f) => {
      await allocationOfA(f)
      return {
        method: 'POST',
        path: '/api/funds/requests',
        json: {
          partnerId: f.partnerA,
          activityType: 'event',
          title: 'Roadshow',
          plan: 'Plan',
          expectedOutcomes: 'Leads',
          startsOn: '2027-05-01',
          endsOn: '2027-05-02',
          amount: { amount: '10.00', currency: 'USD' },
        },
      }
    },
  },
  'GET /api/funds/requests/:requestId': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/funds/requests/${await requestOfA(f)}` }),
  },
  'POST /api/funds/requests/:requestId/approve': {
    allow: approvers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/funds/requests/${await requestOfA(f)}/approve` }),
  },
  'POST /api/funds/requests/:requestId/reject': {
    allow: approvers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/funds/requests/${await requestOfA(f)}/reject`, json: { reason: 'Out of scope' } }),
  },
  'POST /api/funds/requests/:requestId/claims': {
    allow: requesters,
    ok: 409, // outside the fixture activity's claim window today: allowed callers reach the window check
    call: async (f) => {
      const requestId = await requestOfA(f, true)
      const form = proofForm()
      form.append('details', JSON.stringify({ amount: { amount: '5.00', currency: 'USD' }, description: 'Proof' }))
      return { method: 'POST', path: `/api/funds/requests/${requestId}/claims`, form }
    },
  },
  'POST /api/funds/claims/:claimId/files': {
    allow: requesters,
    ok: 201,
    call: async (f) => ({ method: 'POST', path: `/api/funds/claims/${(await claimOfA(f)).claimId}/files`, form: proofForm() }),
  },
  'GET /api/funds/claims/:claimId/files/:fileId': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => {
      const c = await claimOfA(f)
      return { method: 'GET', path: `/api/funds/claims/${c.claimId}/files/${c.fileId}` }
    },
  },
  'POST /api/funds/claims/:claimId/approve': {
    allow: approvers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/funds/claims/${(await claimOfA(f)).claimId}/approve` }),
  },
  'POST /api/funds/claims/:claimId/reject': {
    allow: approvers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/funds/claims/${(await claimOfA(f)).claimId}/reject`, json: { reason: 'No proof' } }),
  },
  'POST /api/funds/claims/:claimId/request-proof': {
    allow: approvers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/funds/claims/${(await claimOfA(f)).claimId}/request-proof`,
      json: { note: 'Attendee list' },
    }),
  },
  'POST /api/funds/claims/:claimId/pay': {
    allow: payers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/funds/claims/${(await claimOfA(f, 'approved')).claimId}/pay`,
      json: { reference: 'PAY-1' },
    }),
  },
  'GET /api/funds/ledger': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200, // their own company's only
    call: (f) => ({ method: 'GET', path: `/api/funds/ledger?partnerId=${f.partnerA}` }),
  },
  'GET /api/funds/ledger/export': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200, // their own company's only
    call: (f) => ({ method: 'GET', path: `/api/funds/ledger/export?partnerId=${f.partnerA}&format=xlsx` }),
  },
  'POST /api/funds/ledger/:transactionId/reverse': {
    allow: managers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/funds/ledger/${await adjustmentOfA(f)}/reverse`, json: { reason: 'Typo' } }),
  },
  'GET /api/funds/fx-rates': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/funds/fx-rates' }),
  },
  'PUT /api/funds/fx-rates': {
    allow: fxKeepers,
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'PUT', path: '/api/funds/fx-rates', json: { currency: 'GBP', date: '2027-03-05', perEur: '0.8571' } }),
  },
  'POST /api/funds/fx-rates/import': {
    allow: fxKeepers,
    ok: 200,
    otherTenant: 403,
    call: () => {
      const form = new FormData()
      form.append('file', new File(['Date,USD\n2027-03-05,1.085\n'], 'eurofxref.csv', { type: 'text/csv' }))
      return { method: 'POST', path: '/api/funds/fx-rates/import', form }
    },
  },
  'GET /api/funds/fx-rates/convert': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/funds/fx-rates/convert?amount=100.00&currency=USD&date=2027-03-05' }),
  },
}
