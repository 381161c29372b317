import type { Matrix } from './harness.ts'

// Everyone signed in has notifications and preferences of their own (another company's admin included:
// its own); company defaults belong to partner admins, each for its own company.
export const matrix: Matrix = {
  'GET /api/notifications': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/notifications' }),
  },
  'POST /api/notifications/read': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'POST', path: '/api/notifications/read', json: { all: true } }),
  },
  'GET /api/notifications/preferences': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/notifications/preferences' }),
  },
  'PUT /api/notifications/preferences': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({
      method: 'PUT',
      path: '/api/notifications/preferences',
      json: { preferences: [{ type: 'deal.approved', channel: 'both' }] },
    }),
  },
  'GET /api/notifications/company-defaults': {
    allow: ['partner_admin'],
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/notifications/company-defaults' }),
  },
  'PUT /api/notifications/company-defaults': {
    allow: ['partner_admin'],
    ok: 200,
    otherTenant: 200,
    call: () => ({
      method: 'PUT',
      path: '/api/notifications/company-defaults',
      json: { preferences: [{ type: 'deal.approved', channel: 'email' }] },
    }),
  },
}
