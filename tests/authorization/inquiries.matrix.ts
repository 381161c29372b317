import type { Matrix } from './harness.ts'
import { sys } from '../factories/index.ts'
import { createRoutingRule } from '../../src/features/inquiries/inquiries.rules.ts'
import { db } from './harness.ts'
import { unique, inquiryReaders, inquiryWorkers, fromVisitor, inquiryInput, newInquiry } from './fixtures.ts'

export const matrix: Matrix = {
  'POST /api/public/inquiries': {
    allow: 'public',
    ok: 201,
    call: () => ({ method: 'POST', path: '/api/public/inquiries', json: inquiryInput(), headers: fromVisitor() }),
  },
  'GET /api/public/inquiries/:reference': {
    allow: 'public',
    ok: 200,
    call: async () => {
      const i = await newInquiry()
      return { method: 'GET', path: `/api/public/inquiries/${i.reference}?email=${i.email}`, headers: fromVisitor() }
    },
  },
  'GET /api/inquiries': {
    allow: inquiryReaders,
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'GET', path: '/api/inquiries?open=true' }),
  },
  'GET /api/inquiries/:id': {
    allow: inquiryReaders,
    ok: 200,
    otherTenant: 403,
    call: async () => ({ method: 'GET', path: `/api/inquiries/${(await newInquiry()).id}` }),
  },
  'POST /api/inquiries/:id/assign': {
    allow: inquiryWorkers,
    ok: 200,
    otherTenant: 403,
    call: async () => ({ method: 'POST', path: `/api/inquiries/${(await newInquiry()).id}/assign`, json: { ownerId: null } }),
  },
  'POST /api/inquiries/:id/comments': {
    allow: inquiryWorkers,
    ok: 201,
    otherTenant: 403,
    call: async () => ({ method: 'POST', path: `/api/inquiries/${(await newInquiry()).id}/comments`, json: { body: 'Matrix note' } }),
  },
  'POST /api/inquiries/:id/status': {
    allow: inquiryWorkers,
    ok: 200,
    otherTenant: 403,
    call: async () => ({ method: 'POST', path: `/api/inquiries/${(await newInquiry()).id}/status`, json: { status: 'in_review' } }),
  },
  'POST /api/inquiries/:id/convert': {
    allow: inquiryWorkers,
    ok: 201,
    otherTenant: 403,
    call: async () => ({
      method: 'POST',
      path: `/api/inquiries/${(await newInquiry()).id}/convert`,
      json: { path: 'deal', agreementType: 'potc', dealReference: 'OPP-M' },
    }),
  },
  'GET /api/inquiries/routing-rules': {
    allow: inquiryReaders,
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'GET', path: '/api/inquiries/routing-rules' }),
  },
  'POST /api/inquiries/routing-rules': {
    allow: ['admin'],
    ok: 201,
    otherTenant: 403,
    call: () => ({
      method: 'POST',
      path: '/api/inquiries/routing-rules',
      json: { name: `Matrix ${unique()}`, countries: ['NZ'], active: false },
    }),
  },
  'PATCH /api/inquiries/routing-rules/:id': {
    allow: ['admin'],
    ok: 200,
    otherTenant: 403,
    call: async () => {
      const rule = await createRoutingRule(sys(db), {
        name: 'To change',
        active: false,
        countries: null,
        partnerTypes: null,
        solutions: null,
        domainMatch: null,
        queueKey: 'gpa',
        ownerId: null,
      })
      return { method: 'PATCH', path: `/api/inquiries/routing-rules/${rule.id}`, json: { name: 'Changed' } }
    },
  },
  'DELETE /api/inquiries/routing-rules/:id': {
    allow: ['admin'],
    ok: 204,
    otherTenant: 403,
    call: async () => {
      const rule = await createRoutingRule(sys(db), {
        name: 'To remove',
        active: false,
        countries: null,
        partnerTypes: null,
        solutions: null,
        domainMatch: null,
        queueKey: 'gpa',
        ownerId: null,
      })
      return { method: 'DELETE', path: `/api/inquiries/routing-rules/${rule.id}` }
    },
  },
  'GET /api/inquiries/queues': {
    allow: inquiryReaders,
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'GET', path: '/api/inquiries/queues' }),
  },
  'PUT /api/inquiries/queues/:key': {
    allow: ['admin'],
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'PUT', path: '/api/inquiries/queues/gpa', json: { name: 'Global Partner Alliances', memberIds: null } }),
  },
}
