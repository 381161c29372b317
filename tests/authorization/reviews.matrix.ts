import type { Matrix } from './harness.ts'
import { internalRoles } from '../../src/core/auth/permissions.ts'
import { sys } from '../factories/index.ts'
import { decide } from '../../src/features/reviews/decisions.service.ts'
import { db } from './harness.ts'
import { reviewManagers, adHocReview } from './fixtures.ts'

export const matrix: Matrix = {
  'POST /api/reviews': {
    allow: reviewManagers,
    ok: 201,
    otherTenant: 403,
    call: (f) => ({ method: 'POST', path: '/api/reviews', json: { year: 2026, kind: 'ad_hoc', partnerIds: [f.partnerA] } }),
  },
  'GET /api/reviews': { allow: [...internalRoles], ok: 200, otherTenant: 403, call: () => ({ method: 'GET', path: '/api/reviews' }) },
  'GET /api/reviews/:id': {
    allow: [...internalRoles],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'GET', path: `/api/reviews/${await adHocReview(f)}` }),
  },
  'POST /api/reviews/:id/evaluate': {
    allow: reviewManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/reviews/${await adHocReview(f)}/evaluate` }),
  },
  'GET /api/reviews/:id/recommendations': {
    allow: [...internalRoles],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'GET', path: `/api/reviews/${await adHocReview(f)}/recommendations?movement=new` }),
  },
  'GET /api/reviews/:id/export': {
    allow: [...internalRoles],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'GET', path: `/api/reviews/${await adHocReview(f)}/export?format=csv` }),
  },
  'GET /api/reviews/:id/recommendations/:partnerId': {
    allow: [...internalRoles],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'GET', path: `/api/reviews/${await adHocReview(f)}/recommendations/${f.partnerA}` }),
  },
  'POST /api/reviews/:id/recommendations/accept': {
    allow: reviewManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/reviews/${await adHocReview(f)}/recommendations/accept`,
      json: { partnerIds: [f.partnerA], effectiveDate: '2099-01-01' },
    }),
  },
  'POST /api/reviews/:id/decisions': {
    allow: reviewManagers,
    ok: 201,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/reviews/${await adHocReview(f)}/decisions`,
      json: { partnerId: f.partnerA, tier: 'approved', justification: 'Matrix', effectiveDate: '2099-01-01' },
    }),
  },
  'POST /api/reviews/decisions/:decisionId/approve': {
    allow: ['sales', 'alliances'],
    ok: 200,
    otherTenant: 403,
    call: async (f) => {
      const input = { partnerId: f.partnerA, tier: null, effectiveDate: '2099-01-01' }
      const { decision } = await decide(sys(db), await adHocReview(f), input)
      return { method: 'POST', path: `/api/reviews/decisions/${decision.id}/approve` }
    },
  },
  'POST /api/reviews/:id/finish': {
    allow: reviewManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/reviews/${await adHocReview(f)}/finish` }),
  },
  'GET /api/partners/:id/tier-history': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/tier-history` }),
  },
}
