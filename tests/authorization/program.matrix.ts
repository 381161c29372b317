import type { Matrix } from './harness.ts'
import { sys } from '../factories/index.ts'
import { putMetrics } from '../../src/features/program/metrics.service.ts'
import { waive } from '../../src/features/program/waivers.service.ts'
import { db } from './harness.ts'
import { editors, reviewers, metricsSubmitters, quarter, figures, metricsCsv } from './fixtures.ts'

let freshYear = 2040

export const matrix: Matrix = {
  'GET /api/program/years': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/program/years' }),
  },
  'GET /api/program/years/:year': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/program/years/2026' }),
  },
  'PATCH /api/program/years/:year': {
    allow: ['admin'],
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'PATCH', path: '/api/program/years/2026', json: { categoryRatio: 0.75 } }),
  },
  'POST /api/program/years/:year/copy': {
    allow: ['admin'],
    ok: 201,
    otherTenant: 403,
    call: async () => {
      const year = (freshYear += 2)
      await db.owner.query('INSERT INTO program_years (year) VALUES ($1)', [year])
      return { method: 'POST', path: `/api/program/years/${year}/copy` }
    },
  },
  'PATCH /api/program/years/:year/criteria/:key': {
    allow: ['admin'],
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'PATCH', path: '/api/program/years/2026/criteria/rebates', json: { label: 'Expected minimum Rebates' } }),
  },
  'PATCH /api/program/years/:year/benefits/:key': {
    allow: ['admin'],
    ok: 200,
    otherTenant: 403,
    call: () => ({
      method: 'PATCH',
      path: '/api/program/years/2026/benefits/businessPlans',
      json: { label: 'Business Plans & Performance Tracking' },
    }),
  },
  'POST /api/program/evaluate': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'POST', path: '/api/program/evaluate', json: { rule: 'strict', metrics: figures } }),
  },
  'GET /api/partners/:id/tier-evaluation': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/tier-evaluation?year=2026&rule=strict` }),
  },
  'GET /api/partners/:id/benefits': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/benefits` }),
  },
  'GET /api/partners/:id/metrics': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/metrics?year=2026` }),
  },
  'GET /api/partners/:id/metrics/:year/:quarter': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: async (f) => {
      await putMetrics(sys(db), f.partnerA, 2026, 1, quarter)
      return { method: 'GET', path: `/api/partners/${f.partnerA}/metrics/2026/1` }
    },
  },
  // Another company's partner is not found among the partners the caller may see: the row is refused.
  'POST /api/program/metrics/import': {
    allow: metricsSubmitters,
    ok: 200,
    otherTenant: 422,
    call: (f) => ({ method: 'POST', path: '/api/program/metrics/import', form: metricsCsv(f.partnerA) }),
  },
  'PUT /api/partners/:id/metrics/:year/:quarter': {
    // A fresh year per call: partner users may not overwrite a quarter internal staff confirmed.
    allow: metricsSubmitters,
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'PUT', path: `/api/partners/${f.partnerA}/metrics/${(freshYear += 2)}/2`, json: quarter }),
  },
  'POST /api/partners/:id/metrics/:year/:quarter/confirm': {
    allow: editors,
    ok: 200,
    otherTenant: 404,
    call: async (f) => {
      await db.owner.query(
        `INSERT INTO partner_metrics (partner_id, year, quarter, revenue, active_customers, pipeline, joint_investments, rebates,
           marketing_funding, funded_resources_amount, funded_resources_ftes, executive_sponsor, status)
         VALUES ($1, 2026, 3, 1, 1, 1, 1, 1, 1, 1, 1, false, 'submitted')
         ON CONFLICT (partner_id, year, quarter) DO UPDATE SET status = 'submitted', confirmed_by = NULL, confirmed_at = NULL`,
        [f.partnerA],
      )
      return { method: 'POST', path: `/api/partners/${f.partnerA}/metrics/2026/3/confirm` }
    },
  },
  'GET /api/partners/:id/waivers': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/waivers?year=2026` }),
  },
  'POST /api/partners/:id/waivers': {
    allow: reviewers,
    ok: 201,
    otherTenant: 404,
    call: async (f) => {
      await db.owner.query('DELETE FROM criterion_waivers WHERE partner_id = $1', [f.partnerA])
      return { method: 'POST', path: `/api/partners/${f.partnerA}/waivers`, json: { year: 2026, key: 'rebates', reason: 'Matrix' } }
    },
  },
  'DELETE /api/partners/:id/waivers': {
    allow: reviewers,
    ok: 204,
    otherTenant: 404,
    call: async (f) => {
      await waive(sys(db), f.partnerA, { year: 2026, key: 'marketingFunding', reason: 'To withdraw' })
      return { method: 'DELETE', path: `/api/partners/${f.partnerA}/waivers?year=2026&key=marketingFunding` }
    },
  },
}
