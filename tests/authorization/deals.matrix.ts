import type { Matrix } from './harness.ts'
import { internalRoles } from '../../src/core/auth/permissions.ts'
import { makeUser, sys } from '../factories/index.ts'
import { putAccount } from '../../src/features/deals/accounts.service.ts'
import { db } from './harness.ts'
import { unique, dealRegistrars, dealEditors, dealReviewers, dealBody, dealOfA } from './fixtures.ts'

export const matrix: Matrix = {
  'POST /api/deals': {
    allow: dealRegistrars,
    ok: 201,
    otherTenant: 400,
    call: (f) => ({ method: 'POST', path: '/api/deals', json: dealBody(f.partnerA) }),
  },
  'POST /api/deals/check': {
    allow: dealRegistrars,
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'POST', path: '/api/deals/check', json: { customer: { name: 'Initrode Corp' }, products: ['Storage'] } }),
  },
  'GET /api/deals': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/deals?status=submitted' }),
  },
  'GET /api/deals/pipeline': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/deals/pipeline?groupBy=stage' }),
  },
  'GET /api/deals/pipeline/export': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/deals/pipeline/export?format=csv' }),
  },
  'GET /api/deals/:id': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: async (f) => ({ method: 'GET', path: `/api/deals/${await dealOfA(f)}` }),
  },
  'PATCH /api/deals/:id': {
    allow: dealEditors,
    ok: 200,
    otherTenant: 404,
    call: async (f) => ({ method: 'PATCH', path: `/api/deals/${await dealOfA(f)}`, json: { stage: 'qualified' } }),
  },
  'POST /api/deals/:id/approve': {
    allow: dealReviewers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/deals/${await dealOfA(f)}/approve`, json: {} }),
  },
  'POST /api/deals/:id/reject': {
    allow: dealReviewers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/deals/${await dealOfA(f)}/reject`, json: { reason: 'Matrix' } }),
  },
  'POST /api/deals/:id/request-info': {
    allow: dealReviewers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/deals/${await dealOfA(f)}/request-info`, json: { question: 'Budget?' } }),
  },
  'POST /api/deals/:id/respond': {
    allow: dealEditors,
    ok: 200,
    otherTenant: 404,
    call: async (f) => ({ method: 'POST', path: `/api/deals/${await dealOfA(f, 'info')}/respond`, json: { answer: 'Approved budget' } }),
  },
  'POST /api/deals/:id/extension-request': {
    allow: dealEditors,
    ok: 200,
    otherTenant: 404,
    call: async (f) => ({
      method: 'POST',
      path: `/api/deals/${await dealOfA(f, 'approved')}/extension-request`,
      json: { reason: 'Customer delayed' },
    }),
  },
  'POST /api/deals/:id/extend': {
    allow: dealReviewers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/deals/${await dealOfA(f, 'approved')}/extend`, json: { days: 30 } }),
  },
  'GET /api/partners/:id/pipeline': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/pipeline?year=2026` }),
  },
  'GET /api/customer-accounts': {
    allow: [...internalRoles],
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'GET', path: '/api/customer-accounts' }),
  },
  'POST /api/customer-accounts': {
    allow: ['admin'],
    ok: 201,
    otherTenant: 403,
    call: async () => ({
      method: 'POST',
      path: '/api/customer-accounts',
      json: { domain: `${unique()}.example.com`, name: 'Account', ownerId: (await makeUser(db, 'sales')).id },
    }),
  },
  'DELETE /api/customer-accounts/:id': {
    allow: ['admin'],
    ok: 204,
    otherTenant: 403,
    call: async () => {
      const { account } = await putAccount(sys(db), {
        domain: `${unique()}.example.com`,
        name: 'Account',
        ownerId: (await makeUser(db, 'sales')).id,
      })
      return { method: 'DELETE', path: `/api/customer-accounts/${account.id}` }
    },
  },
}
