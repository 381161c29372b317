import type { Matrix } from './harness.ts'
import { sys } from '../factories/index.ts'
import { uploadDocument } from '../../src/features/agreements/documents.service.ts'
import { requestExtension } from '../../src/features/agreements/extensions.service.ts'
import { db, t } from './harness.ts'
import { agreementManagers, extensionRequesters, PDF, agreementOfA } from './fixtures.ts'

let flowDownClients = 0

export const matrix: Matrix = {
  'GET /api/agreements': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/agreements?expiringWithinDays=90' }),
  },
  'POST /api/agreements': {
    allow: agreementManagers,
    ok: 201,
    otherTenant: 403,
    // A client of its own per call: a second flow-down for the same partner and client is refused (409).
    call: (f) => ({
      method: 'POST',
      path: '/api/agreements',
      json: { partnerId: f.partnerA, type: 'flow_down', clientName: `Contoso ${++flowDownClients}`, effectiveDate: '2026-01-01' },
    }),
  },
  'GET /api/agreements/:id': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: async (f) => ({ method: 'GET', path: `/api/agreements/${await agreementOfA(f)}` }),
  },
  'PATCH /api/agreements/:id': {
    allow: agreementManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'PATCH', path: `/api/agreements/${await agreementOfA(f)}`, json: { countries: ['US', 'CA'] } }),
  },
  'POST /api/agreements/:id/send': {
    allow: agreementManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/agreements/${await agreementOfA(f)}/send` }),
  },
  'POST /api/agreements/:id/terminate': {
    allow: agreementManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/agreements/${await agreementOfA(f)}/terminate` }),
  },
  'POST /api/agreements/:id/sign': {
    allow: ['partner_admin'],
    ok: 200,
    otherTenant: 404,
    call: async (f) => ({
      method: 'POST',
      path: `/api/agreements/${await agreementOfA(f, 'out_for_signature', 'potc')}/sign`,
      json: { typedName: 'Signer', potcVersion: '2026.1' },
    }),
  },
  'POST /api/agreements/:id/documents': {
    allow: agreementManagers,
    ok: 201,
    otherTenant: 403,
    call: async (f) => {
      const form = new FormData()
      form.append('file', new File([PDF], 'terms.pdf', { type: 'application/pdf' }))
      return { method: 'POST', path: `/api/agreements/${await agreementOfA(f)}/documents`, form }
    },
  },
  'GET /api/agreements/:id/documents/:documentId': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: async (f) => {
      const id = await agreementOfA(f)
      const doc = await uploadDocument({ ...sys(db), config: t.config }, id, { name: 'terms.pdf', bytes: PDF })
      return { method: 'GET', path: `/api/agreements/${id}/documents/${doc.id}` }
    },
  },
  'POST /api/agreements/:id/extensions': {
    allow: extensionRequesters,
    ok: 201,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/agreements/${await agreementOfA(f)}/extensions`,
      json: { country: 'BR', dealReference: 'OPP-7' },
    }),
  },
  'POST /api/agreements/extensions/:extensionId/decide': {
    allow: ['partner_ops'],
    ok: 200,
    otherTenant: 403,
    call: async (f) => {
      const ext = await requestExtension(sys(db), await agreementOfA(f), { country: 'MX', dealReference: 'OPP-8' })
      return { method: 'POST', path: `/api/agreements/extensions/${ext.id}/decide`, json: { decision: 'approved' } }
    },
  },
}
