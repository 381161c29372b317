import type { Matrix } from './harness.ts'

export const matrix: Matrix = {
  'GET /api/worklist': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/worklist' }),
  },
}
