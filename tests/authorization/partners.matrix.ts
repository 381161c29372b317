import type { Matrix } from './harness.ts'
import { sys } from '../factories/index.ts'
import { addContact } from '../../src/features/partners/contacts.service.ts'
import { db } from './harness.ts'
import { editors, contactManagers, exporters, unique, csv } from './fixtures.ts'

export const matrix: Matrix = {
  'GET /api/partners': { allow: 'authenticated', ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/partners' }) },
  'POST /api/partners': {
    allow: editors,
    ok: 201,
    otherTenant: 403,
    call: () => ({
      method: 'POST',
      path: '/api/partners',
      json: { legalName: `Matrix ${unique()}`, type: 'oem', headquartersCountry: 'US' },
    }),
  },
  'GET /api/partners/export': {
    allow: exporters,
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/partners/export?format=csv' }),
  },
  'POST /api/partners/import': {
    allow: editors,
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'POST', path: '/api/partners/import', form: csv() }),
  },
  'GET /api/partners/:id': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}` }),
  },
  'PATCH /api/partners/:id': {
    allow: editors,
    ok: 200,
    otherTenant: 403,
    call: (f) => ({ method: 'PATCH', path: `/api/partners/${f.partnerA}`, json: { aliases: [unique()] } }),
  },
  'GET /api/partners/:id/contacts': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/contacts` }),
  },
  'POST /api/partners/:id/contacts': {
    allow: contactManagers,
    ok: 201,
    otherTenant: 404,
    call: (f) => ({ method: 'POST', path: `/api/partners/${f.partnerA}/contacts`, json: { name: 'Matrix Contact' } }),
  },
  'PATCH /api/partners/:id/contacts/:contactId': {
    allow: contactManagers,
    ok: 200,
    otherTenant: 404,
    call: async (f) => {
      const c = await addContact(sys(db), f.partnerA, { name: 'To change' })
      return { method: 'PATCH', path: `/api/partners/${f.partnerA}/contacts/${c.id}`, json: { title: 'Changed' } }
    },
  },
  'DELETE /api/partners/:id/contacts/:contactId': {
    allow: contactManagers,
    ok: 204,
    otherTenant: 404,
    call: async (f) => {
      const c = await addContact(sys(db), f.partnerA, { name: 'To remove' })
      return { method: 'DELETE', path: `/api/partners/${f.partnerA}/contacts/${c.id}` }
    },
  },
  'GET /api/partners/:id/timeline': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/timeline` }),
  },
}
