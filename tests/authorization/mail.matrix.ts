import type { Matrix } from './harness.ts'
import { queuedMail, mailReaders } from './fixtures.ts'

export const matrix: Matrix = {
  'GET /api/mail': { allow: mailReaders, ok: 200, otherTenant: 403, call: () => ({ method: 'GET', path: '/api/mail?status=queued' }) },
  'GET /api/mail/:id': {
    allow: mailReaders,
    ok: 200,
    otherTenant: 403,
    call: async () => ({ method: 'GET', path: `/api/mail/${await queuedMail()}` }),
  },
  'POST /api/mail/:id/retry': {
    allow: ['admin'],
    ok: 200,
    otherTenant: 403,
    call: async () => ({ method: 'POST', path: `/api/mail/${await queuedMail()}/retry` }),
  },
}
