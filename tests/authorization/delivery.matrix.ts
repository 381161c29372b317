import type { Role } from '../../src/core/auth/permissions.ts'
import type { Matrix } from './harness.ts'
import { db, type F } from './harness.ts'
import { seedOpenPo } from '../factories/delivery.ts'
import { unique } from './fixtures.ts'

// Service-partner delivery: partner users act on their own company's records; assessors screen; partner
// operations run projects, review SOWs, issue POs and approve invoices. Another company's ids answer 404.

const readers: Role[] = ['admin', 'partner_ops', 'solutions', 'partner_admin', 'partner_user']
const resourceManagers: Role[] = ['admin', 'partner_ops', 'partner_admin']
const assessors: Role[] = ['admin', 'solutions']
const sowWriters: Role[] = ['partner_admin', 'partner_user']
const today = new Date().toISOString().slice(0, 10)
const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10)
const future = new Date(Date.now() + 3 * 86_400_000).toISOString()

const resourceOf = async (partnerId: string, screened = false) => {
  const [r] = await db.owner.query<{ id: string }>(
    `INSERT INTO delivery_resources (partner_id, name, email, country, skills) VALUES ($1, 'Fixture person', $2, 'US', '{networking}') RETURNING id`,
    [partnerId, `r-${unique()}@example.com`],
  )
  if (screened) await screeningOf(r!.id, partnerId, null, 'passed')
  return r!.id
}
const screeningOf = async (resourceId: string, partnerId: string, assessorId: string | null, status = 'invited', past = false) => {
  const [s] = await db.owner.query<{ id: string }>(
    `INSERT INTO delivery_screenings (resource_id, partner_id, assessor_id, starts_at, time_zone, duration_minutes, meeting_url, status, valid_until)
     VALUES ($1, $2, coalesce($3::uuid, (SELECT id FROM users WHERE partner_id IS NULL ORDER BY created_at LIMIT 1)), $4, 'UTC', 60, 'https://meet.example/x', $5,
       CASE WHEN $5 = 'passed' THEN current_date + 300 END) RETURNING id`,
    [resourceId, partnerId, assessorId, past ? new Date(Date.now() - 3_600_000) : new Date(future), status],
  )
  return s!.id
}
const assessorFor = (f: F) => (f.who === 'admin' || f.who === 'solutions' ? f.actorId : null)
const projectOf = async (partnerId: string) => {
  const [p] = await db.owner.query<{ id: string }>(
    `INSERT INTO delivery_projects (partner_id, name, client_name, country, start_date, end_date, owner_id)
     VALUES ($1, 'Fixture project', 'Fixture client', 'US', current_date, current_date + 30, (SELECT id FROM users WHERE partner_id IS NULL ORDER BY created_at LIMIT 1)) RETURNING id`,
    [partnerId],
  )
  return p!.id
}
const content = (resourceId: string) => ({
  title: 'Fixture SOW',
  startDate: today,
  endDate: inAYear,
  currency: 'USD',
  sections: { scope: 's', deliverables: 'd', acceptanceCriteria: 'a', schedule: 'x', assumptions: 'y' },
  lines: [{ role: 'Engineer', resourceId, hours: '10', rate: '100.00', amount: '1000.00' }],
  total: '1000.00',
})
const sowOf = async (partnerId: string, status: 'draft' | 'submitted') => {
  const projectId = await projectOf(partnerId)
  const resourceId = await resourceOf(partnerId, true)
  const [s] = await db.owner.query<{ id: string }>(
    `INSERT INTO delivery_sows (project_id, partner_id, kind, status, draft) VALUES ($1, $2, 'sow', $3, $4) RETURNING id`,
    [projectId, partnerId, status, JSON.stringify(content(resourceId))],
  )
  if (status === 'submitted')
    await db.owner.query(
      `INSERT INTO delivery_sow_versions (sow_id, version, partner_id, content, total, currency, submitted_at) VALUES ($1, 1, $2, $3, 1000, 'USD', now())`,
      [s!.id, partnerId, JSON.stringify(content(resourceId))],
    )
  return s!.id
}
const poOf = (f: F) => seedOpenPo(db.owner, { partnerId: f.partnerA, ownerId: f.userOfA, amounts: ['1000.00', '500.00'] })
const invoiceOf = async (f: F, status: 'submitted' | 'approved', exported = false) => {
  const po = await poOf(f)
  const number = `INV-${unique()}`
  const [inv] = await db.owner.query<{ id: string }>(
    `INSERT INTO delivery_invoices (partner_id, po_id, number, invoice_date, currency, status, submitted_at) VALUES ($1, $2, $3, current_date, 'USD', $4, now()) RETURNING id`,
    [f.partnerA, po.poId, number, status],
  )
  await db.owner.query(
    `INSERT INTO delivery_invoice_lines (invoice_id, partner_id, po_line_id, invoice_line_number, amount) VALUES ($1, $2, $3, 1, 100)`,
    [inv!.id, f.partnerA, po.lineIds[0]],
  )
  if (exported)
    await db.owner.query(
      `INSERT INTO delivery_invoice_exports (invoice_id, partner_id, payload_id, document, sha256, exported_at) VALUES ($1, $2, $3, '<cXML/>', repeat('a', 64), now())`,
      [inv!.id, f.partnerA, `${unique()}@fixture`],
    )
  return { id: inv!.id, number, poNumber: po.poNumber }
}
const coupaForm = (csv: string) => {
  const form = new FormData()
  form.append('file', new File([csv], 'coupa.csv', { type: 'text/csv' }))
  return form
}

export const matrix: Matrix = {
  'GET /api/resources/skills': {
    allow: readers,
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/resources/skills' }),
  },
  'GET /api/resources/screenings': {
    allow: readers,
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/resources/screenings' }),
  },
  'GET /api/resources': { allow: readers, ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/resources' }) },
  'POST /api/resources': {
    allow: resourceManagers,
    ok: 201,
    otherTenant: 404,
    call: (f) => ({
      method: 'POST',
      path: '/api/resources',
      json: { partnerId: f.partnerA, name: 'New person', email: `n-${unique()}@example.com`, country: 'US', skills: ['cloud'] },
    }),
  },
  'GET /api/resources/:id': {
    allow: readers,
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/resources/${await resourceOf(f.partnerA)}` }),
  },
  'PUT /api/resources/:id': {
    allow: resourceManagers,
    ok: 200,
    call: async (f) => ({
      method: 'PUT',
      path: `/api/resources/${await resourceOf(f.partnerA)}`,
      json: { name: 'Renamed', email: `u-${unique()}@example.com`, country: 'US', skills: ['networking'] },
    }),
  },
  'POST /api/resources/:id/screenings': {
    allow: assessors,
    ok: 201,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/resources/${await resourceOf(f.partnerA)}/screenings`,
      json: { startsAt: future, timeZone: 'America/Chicago', meetingUrl: 'https://meet.example/s' },
    }),
  },
  'PUT /api/resources/screenings/:id': {
    allow: assessors,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'PUT',
      path: `/api/resources/screenings/${await screeningOf(await resourceOf(f.partnerA), f.partnerA, assessorFor(f))}`,
      json: { startsAt: future, timeZone: 'UTC', meetingUrl: 'https://meet.example/moved' },
    }),
  },
  'POST /api/resources/screenings/:id/response': {
    allow: ['partner_admin'],
    ok: 200,
    call: async (f) => ({
      method: 'POST',
      path: `/api/resources/screenings/${await screeningOf(await resourceOf(f.partnerA), f.partnerA, null)}/response`,
      json: { answer: 'accept' },
    }),
  },
  'POST /api/resources/screenings/:id/result': {
    allow: assessors,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/resources/screenings/${await screeningOf(await resourceOf(f.partnerA), f.partnerA, assessorFor(f), 'accepted', true)}/result`,
      json: { outcome: 'passed', scores: { networking: 4 } },
    }),
  },
  'GET /api/projects': { allow: readers, ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/projects' }) },
  'POST /api/projects': {
    allow: ['admin', 'partner_ops'],
    ok: 201,
    otherTenant: 403,
    call: async (f) => {
      await db.owner.query(`UPDATE partners SET type = 'both' WHERE id = $1 AND type = 'oem'`, [f.partnerA])
      return {
        method: 'POST',
        path: '/api/projects',
        json: {
          partnerId: f.partnerA,
          name: 'Matrix project',
          clientName: 'Matrix client',
          country: 'US',
          startDate: today,
          endDate: inAYear,
          ownerId: f.who === 'admin' || f.who === 'partner_ops' ? f.actorId : f.userOfA,
        },
      }
    },
  },
  'GET /api/projects/:id': {
    allow: readers,
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/projects/${await projectOf(f.partnerA)}` }),
  },
  'POST /api/projects/:id/assignments': {
    allow: resourceManagers,
    ok: 200,
    call: async (f) => ({
      method: 'POST',
      path: `/api/projects/${await projectOf(f.partnerA)}/assignments`,
      json: { resourceId: await resourceOf(f.partnerA, true), role: 'Engineer' },
    }),
  },
  'GET /api/projects/:id/work': {
    allow: readers,
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/projects/${await projectOf(f.partnerA)}/work` }),
  },
  'POST /api/projects/:id/work': {
    allow: sowWriters,
    ok: 201,
    call: async (f) => {
      const po = await poOf(f)
      return {
        method: 'POST',
        path: `/api/projects/${po.projectId}/work`,
        json: { poLineId: po.lineIds[0], kind: 'milestone', workDate: today, description: 'Design signed off' },
      }
    },
  },
  'GET /api/sows/guidelines': { allow: readers, ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/sows/guidelines' }) },
  'POST /api/sows/check': {
    allow: readers,
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'POST', path: '/api/sows/check', json: { title: 'x', lines: [] } }),
  },
  'GET /api/sows': { allow: readers, ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/sows' }) },
  'POST /api/sows': {
    allow: sowWriters,
    ok: 201,
    call: async (f) => ({
      method: 'POST',
      path: '/api/sows',
      json: { projectId: await projectOf(f.partnerA), kind: 'quote', content: {} },
    }),
  },
  'GET /api/sows/:id': {
    allow: readers,
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/sows/${await sowOf(f.partnerA, 'draft')}` }),
  },
  'PUT /api/sows/:id': {
    allow: sowWriters,
    ok: 200,
    call: async (f) => ({ method: 'PUT', path: `/api/sows/${await sowOf(f.partnerA, 'draft')}`, json: { title: 'Edited' } }),
  },
  'POST /api/sows/:id/submit': {
    allow: sowWriters,
    ok: 200,
    call: async (f) => ({ method: 'POST', path: `/api/sows/${await sowOf(f.partnerA, 'draft')}/submit` }),
  },
  'POST /api/sows/:id/review': {
    allow: ['solutions', 'partner_ops'],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/sows/${await sowOf(f.partnerA, 'submitted')}/review`, json: { decision: 'accept' } }),
  },
  'GET /api/sows/:id/diff': {
    allow: readers,
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/sows/${await sowOf(f.partnerA, 'submitted')}/diff?from=1&to=1` }),
  },
  'GET /api/purchase-orders': {
    allow: readers,
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/purchase-orders?status=open' }),
  },
  'POST /api/purchase-orders': {
    allow: ['partner_ops'],
    ok: 201,
    otherTenant: 403,
    call: async (f) => {
      const po = await poOf(f)
      const [sow] = await db.owner.query<{ sow_id: string }>('SELECT sow_id FROM delivery_purchase_orders WHERE id = $1', [po.poId])
      return {
        method: 'POST',
        path: '/api/purchase-orders',
        json: {
          projectId: po.projectId,
          sowId: sow!.sow_id,
          number: `PO-M-${unique()}`,
          currency: 'USD',
          issueDate: today,
          startDate: today,
          endDate: inAYear,
          lines: [{ lineNumber: 1, description: 'Services', amount: '100.00' }],
        },
      }
    },
  },
  'GET /api/purchase-orders/:id': {
    allow: readers,
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/purchase-orders/${(await poOf(f)).poId}` }),
  },
  'POST /api/purchase-orders/:id/status': {
    allow: ['partner_ops'],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/purchase-orders/${(await poOf(f)).poId}/status`, json: { status: 'closed' } }),
  },
  'GET /api/invoices': { allow: readers, ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/invoices' }) },
  'POST /api/invoices': {
    allow: sowWriters,
    ok: 201,
    call: async (f) => {
      const po = await poOf(f)
      return {
        method: 'POST',
        path: '/api/invoices',
        json: {
          poId: po.poId,
          number: `INV-${unique()}`,
          invoiceDate: today,
          currency: 'USD',
          lines: [{ poLineId: po.lineIds[1], amount: '50.00' }],
        },
      }
    },
  },
  'POST /api/invoices/coupa-import': {
    allow: ['partner_ops'],
    ok: 200,
    otherTenant: 403,
    call: async (f) => {
      const inv = await invoiceOf(f, 'approved', true)
      return {
        method: 'POST',
        path: '/api/invoices/coupa-import',
        form: coupaForm(`Invoice #,PO #,Status\n${inv.number},${inv.poNumber},Paid\n`),
      }
    },
  },
  'GET /api/invoices/:id': {
    allow: readers,
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/invoices/${(await invoiceOf(f, 'submitted')).id}` }),
  },
  'POST /api/invoices/:id/decision': {
    allow: ['partner_ops'],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/invoices/${(await invoiceOf(f, 'submitted')).id}/decision`,
      json: { decision: 'approve' },
    }),
  },
  'POST /api/invoices/:id/cxml': {
    allow: ['partner_ops'],
    ok: 201,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/invoices/${(await invoiceOf(f, 'approved')).id}/cxml` }),
  },
  'GET /api/invoices/:id/cxml': {
    allow: readers,
    ok: 200,
    call: async (f) => ({ method: 'GET', path: `/api/invoices/${(await invoiceOf(f, 'approved', true)).id}/cxml` }),
  },
  'POST /api/invoices/:id/coupa-status': {
    allow: ['partner_ops'],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/invoices/${(await invoiceOf(f, 'approved', true)).id}/coupa-status`,
      json: { status: 'paid' },
    }),
  },
}
