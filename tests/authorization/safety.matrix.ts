import type { Matrix } from './harness.ts'
import { db } from './harness.ts'
import { unique } from './fixtures.ts'

const safetyUsers = ['safety' as const]
const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10)
const overrideRisk = (partnerId: string) =>
  db.owner.query(
    `INSERT INTO safety_risk_overrides (partner_id, risk_level, reason, created_at) SELECT $1, 'high', 'fixture', now()
     WHERE NOT EXISTS (SELECT 1 FROM safety_risk_overrides WHERE partner_id = $1 AND lifted_at IS NULL)`,
    [partnerId],
  )
const overrideClearance = (partnerId: string) =>
  db.owner.query(
    `INSERT INTO safety_clearance_overrides (partner_id, reason, ends_on, created_at) SELECT $1, 'fixture', $2, now()
     WHERE NOT EXISTS (SELECT 1 FROM safety_clearance_overrides WHERE partner_id = $1 AND lifted_at IS NULL)`,
    [partnerId, inAYear],
  )

export const matrix: Matrix = {
  'GET /api/safety/matrix': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/safety/matrix' }),
  },
  'PUT /api/safety/matrix': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: () => ({
      method: 'PUT',
      path: '/api/safety/matrix',
      json: { service: 'Fibre splicing', riskLevel: 'high', reason: 'Tools on site' },
    }),
  },
  'POST /api/safety/matrix/remove': {
    allow: safetyUsers,
    ok: 204,
    otherTenant: 403,
    call: async () => {
      const service = `Service ${unique()}`
      await db.owner.query(`INSERT INTO safety_risk_matrix (service_key, service, risk_level, reason) VALUES (lower($1), $1, 'low', 'x')`, [
        service,
      ])
      return { method: 'POST', path: '/api/safety/matrix/remove', json: { service } }
    },
  },
  'GET /api/partners/:id/safety/risk': {
    allow: 'authenticated',
    ok: 200,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/safety/risk` }),
  },
  'PUT /api/partners/:id/safety/risk-override': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: (f) => ({
      method: 'PUT',
      path: `/api/partners/${f.partnerA}/safety/risk-override`,
      json: { riskLevel: 'low', reason: 'Checked' },
    }),
  },
  'DELETE /api/partners/:id/safety/risk-override': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => {
      await overrideRisk(f.partnerA)
      return { method: 'DELETE', path: `/api/partners/${f.partnerA}/safety/risk-override` }
    },
  },
  'GET /api/partners/:id/safety/clearance': {
    allow: 'authenticated',
    ok: 200,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/safety/clearance` }),
  },
  'GET /api/partners/:id/safety/clearance-override': {
    allow: 'authenticated',
    ok: 200,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/safety/clearance-override` }),
  },
  'PUT /api/partners/:id/safety/clearance-override': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: (f) => ({
      method: 'PUT',
      path: `/api/partners/${f.partnerA}/safety/clearance-override`,
      json: { reason: 'Audit booked', endsOn: inAYear },
    }),
  },
  'DELETE /api/partners/:id/safety/clearance-override': {
    allow: safetyUsers,
    ok: 204,
    otherTenant: 403,
    call: async (f) => {
      await overrideClearance(f.partnerA)
      return { method: 'DELETE', path: `/api/partners/${f.partnerA}/safety/clearance-override` }
    },
  },
}
