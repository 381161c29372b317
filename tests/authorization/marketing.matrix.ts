import type { Matrix } from './harness.ts'
import { db } from './harness.ts'
import { makePartner } from '../factories/index.ts'

const marketers = ['admin' as const, 'marketing' as const]
const period = { startsOn: '2026-01-01', endsOn: '2099-12-31' }

/** A membership of partner `partnerId` in `status`, replacing any open one (the database allows one). */
const membership = async (partnerId: string, status: 'invited' | 'active', program: 'jam' | 'jem' = 'jam') => {
  await db.owner.query(
    `UPDATE marketing_memberships SET status = 'withdrawn' WHERE partner_id = $1 AND program = $2 AND status IN ('invited', 'active')`,
    [partnerId, program],
  )
  const [row] = await db.owner.query<{ id: string }>(
    `INSERT INTO marketing_memberships (program, partner_id, status, starts_on, ends_on, invited_at)
     VALUES ($1, $2, $3, '2026-01-01', '2099-12-31', now()) RETURNING id`,
    [program, partnerId, status],
  )
  return row!.id
}
const freshPartner = async () => (await makePartner(db, { status: 'active', tier: 'select' })).id

export const matrix: Matrix = {
  'GET /api/programs/memberships': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/programs/memberships' }),
  },
  'POST /api/programs/memberships': {
    allow: marketers,
    ok: 201,
    otherTenant: 403,
    call: async () => ({
      method: 'POST',
      path: '/api/programs/memberships',
      json: { program: 'jem', partnerId: await freshPartner(), ...period },
    }),
  },
  'GET /api/programs/memberships/:id': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/programs/memberships/${await membership(f.partnerA, 'active')}` }),
  },
  'POST /api/programs/memberships/:id/accept': {
    allow: ['partner_admin'],
    ok: 200,
    call: async (f) => ({ method: 'POST', path: `/api/programs/memberships/${await membership(f.partnerA, 'invited')}/accept` }),
  },
  'POST /api/programs/memberships/:id/decline': {
    allow: ['partner_admin'],
    ok: 200,
    call: async (f) => ({
      method: 'POST',
      path: `/api/programs/memberships/${await membership(f.partnerA, 'invited')}/decline`,
      json: { reason: 'Not now' },
    }),
  },
  'POST /api/programs/memberships/:id/end': {
    allow: marketers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/programs/memberships/${await membership(f.partnerA, 'active', 'jem')}/end`,
      json: { reason: 'Budget moved' },
    }),
  },
  'GET /api/programs/memberships/:id/campaigns': {
    allow: 'authenticated',
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/programs/memberships/${await membership(f.partnerA, 'active')}/campaigns` }),
  },
  'POST /api/programs/memberships/:id/campaigns': {
    allow: marketers,
    ok: 201,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/programs/memberships/${await membership(f.partnerA, 'active')}/campaigns`,
      json: { kind: 'campaign', title: 'Spring ads', mdfReference: 'MDF-1' },
    }),
  },
  'GET /api/programs/partners/:id': {
    allow: 'authenticated',
    ok: 200,
    call: (f) => ({ method: 'GET', path: `/api/programs/partners/${f.partnerA}` }),
  },
}
