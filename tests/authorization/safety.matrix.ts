import type { Matrix } from './harness.ts'
import { db, t } from './harness.ts'
import { sys } from '../factories/index.ts'
import { systemActor } from '../../src/core/auth/permissions.ts'
import { uploadEvidence } from '../../src/features/safety/evidence.service.ts'
import { PDF, unique } from './fixtures.ts'

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

const evidenceOf = async (partnerId: string, status = 'submitted') => {
  const [row] = await db.owner.query<{ id: string }>(
    `INSERT INTO safety_evidence (partner_id, kind, status, title, filename, content_type, size_bytes, sha256, uploaded_at)
     VALUES ($1, 'program', $2, 'Safety manual', 'manual.pdf', 'application/pdf', 10, repeat('0', 64), now()) RETURNING id`,
    [partnerId, status],
  )
  return row!.id
}
const redFlagOf = async (partnerId: string) => {
  const [row] = await db.owner.query<{ id: string }>(
    `INSERT INTO safety_gaps (partner_id, source, kind, key, message, severity, opened_at)
     VALUES ($1, 'red_flag', 'incident', 'red_flag:' || gen_random_uuid(), 'Fixture', 'low', now()) RETURNING id`,
    [partnerId],
  )
  return row!.id
}
const evidenceForm = () => {
  const form = new FormData()
  form.append('file', new File([PDF], 'manual.pdf', { type: 'application/pdf' }))
  form.append('details', JSON.stringify({ kind: 'program', title: 'Safety manual' }))
  return form
}
const requirements = {
  insurance: [{ type: 'general_liability', minimum: { amount: '1000000.00', currency: 'USD' } }],
  maxEmr: 1,
  maxTrir: 3,
  maxDart: 2,
  statisticsMaxAgeYears: 2,
  requireWrittenProgram: true,
  providerUpdateMaxAgeDays: 120,
}

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
  'GET /api/partners/:id/safety/subscription': {
    allow: 'authenticated',
    ok: 200,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/safety/subscription` }),
  },
  'PUT /api/partners/:id/safety/subscription': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: (f) => ({
      method: 'PUT',
      path: `/api/partners/${f.partnerA}/safety/subscription`,
      json: { status: 'pending', accountId: 'ISN-1' },
    }),
  },
  'GET /api/safety/providers': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/safety/providers' }),
  },
  'PUT /api/safety/providers': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: () => ({
      method: 'PUT',
      path: '/api/safety/providers',
      json: { key: 'safecheck', name: 'SafeCheck', grading: 'percentage', passMark: 75 },
    }),
  },
  'GET /api/safety/requirements': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/safety/requirements' }),
  },
  'PUT /api/safety/requirements': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'PUT', path: '/api/safety/requirements', json: requirements }),
  },
  'GET /api/partners/:id/safety/evidence': {
    allow: 'authenticated',
    ok: 200,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/safety/evidence` }),
  },
  'POST /api/partners/:id/safety/evidence': {
    allow: ['safety', 'partner_admin'],
    ok: 201,
    otherTenant: 404,
    call: (f) => ({ method: 'POST', path: `/api/partners/${f.partnerA}/safety/evidence`, form: evidenceForm() }),
  },
  'POST /api/safety/evidence/:evidenceId/decide': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/safety/evidence/${await evidenceOf(f.partnerA)}/decide`,
      json: { decision: 'accept' },
    }),
  },
  'GET /api/safety/evidence/:evidenceId/document': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => {
      const ctx = { ...sys(db), config: t.config, actor: { ...systemActor, role: 'safety' as const } }
      const e = await uploadEvidence(ctx, f.partnerA, { kind: 'licence', title: 'Electrical licence' }, { name: 'l.pdf', bytes: PDF })
      return { method: 'GET', path: `/api/safety/evidence/${e.id}/document` }
    },
  },
  'GET /api/safety/gaps': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/safety/gaps?open=true' }),
  },
  'POST /api/partners/:id/safety/red-flags': {
    allow: safetyUsers,
    ok: 201,
    otherTenant: 403,
    call: (f) => ({
      method: 'POST',
      path: `/api/partners/${f.partnerA}/safety/red-flags`,
      json: { kind: 'client_complaint', message: 'Left the site untidy', severity: 'low' },
    }),
  },
  'PATCH /api/safety/gaps/:gapId': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'PATCH', path: `/api/safety/gaps/${await redFlagOf(f.partnerA)}`, json: { dueDate: '2027-01-31' } }),
  },
  'POST /api/safety/gaps/:gapId/comments': {
    allow: safetyUsers,
    ok: 201,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/safety/gaps/${await redFlagOf(f.partnerA)}/comments`,
      json: { body: 'Called them' },
    }),
  },
  'POST /api/safety/gaps/:gapId/close': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/safety/gaps/${await redFlagOf(f.partnerA)}/close`, json: { note: 'Resolved' } }),
  },
  'POST /api/safety/import': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: () => {
      const form = new FormData()
      form.append('file', new File(['ISN ID,Company Name,Subscription Status\nISN-A,Company A,Pending\n'], 'isn.csv', { type: 'text/csv' }))
      return { method: 'POST', path: '/api/safety/import', form }
    },
  },
  'GET /api/safety/dashboard': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/safety/dashboard' }),
  },
  'GET /api/safety/dashboard/export': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/safety/dashboard/export?format=xlsx' }),
  },
  'GET /api/safety/import/mapping': {
    allow: safetyUsers,
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'GET', path: '/api/safety/import/mapping?provider=isnetworld' }),
  },
  'GET /api/safety/expiring': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/safety/expiring?days=90' }),
  },
}
