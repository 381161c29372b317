import type { Matrix } from './harness.ts'
import { db } from './harness.ts'
import { unique, caseManagers, caseFollowers, caseRequesters, caseFor } from './fixtures.ts'

export const matrix: Matrix = {
  'GET /api/onboarding/cases': {
    allow: caseFollowers,
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'GET', path: '/api/onboarding/cases' }),
  },
  'POST /api/onboarding/cases': {
    allow: caseRequesters,
    ok: 201,
    otherTenant: 403,
    call: () => ({
      method: 'POST',
      path: '/api/onboarding/cases',
      json: {
        path: 'deal',
        agreementType: 'potc',
        legalName: `Req ${unique()}`,
        headquartersCountry: 'DE',
        partnerType: 'service',
        contactName: 'C',
        contactEmail: `r-${unique()}@example.com`,
        dealReference: 'OPP-9',
      },
    }),
  },
  'GET /api/onboarding/cases/:id': {
    allow: caseFollowers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'GET', path: `/api/onboarding/cases/${await caseFor(f)}` }),
  },
  'PATCH /api/onboarding/cases/:id': {
    allow: caseManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'PATCH', path: `/api/onboarding/cases/${await caseFor(f)}`, json: { status: 'in_progress' } }),
  },
  'PUT /api/onboarding/cases/:id/checklist/:key': {
    allow: caseManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'PUT',
      path: `/api/onboarding/cases/${await caseFor(f)}/checklist/company_verified`,
      json: { done: true },
    }),
  },
  'POST /api/onboarding/cases/:id/comments': {
    allow: caseFollowers,
    ok: 201,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/onboarding/cases/${await caseFor(f)}/comments`, json: { body: 'Matrix' } }),
  },
  'POST /api/onboarding/cases/:id/complete': {
    allow: caseManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => {
      const id = await caseFor(f)
      await db.owner.query('UPDATE onboarding_checklist SET done_at = now() WHERE case_id = $1 AND NOT automatic', [id])
      return { method: 'POST', path: `/api/onboarding/cases/${id}/complete`, json: { effectiveDate: '2026-12-01' } }
    },
  },
}
