import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { internalRoles, roles, type Role } from '../src/core/auth/permissions.ts'
import type { Database } from '../src/core/db.ts'
import { createTestDb } from './setup/db.ts'
import { createTestApp, type TestApp } from './setup/app.ts'
import { makePartner, makeUser, sys } from './factories/index.ts'
import { addContact } from '../src/features/partners/contacts.service.ts'
import { createToken } from '../src/features/identity/tokens.service.ts'
import { putMetrics } from '../src/features/program/metrics.service.ts'
import { waive } from '../src/features/program/waivers.service.ts'
import { startReview } from '../src/features/reviews/cycles.service.ts'
import { decide } from '../src/features/reviews/decisions.service.ts'
import { systemScope } from '../src/core/db.ts'
import { submitInquiry } from '../src/features/inquiries/inquiries.public.ts'
import { createRoutingRule } from '../src/features/inquiries/inquiries.rules.ts'
import { defineMailTemplate, queueMail } from '../src/core/mail.ts'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inTx } from '../src/core/context.ts'
import { insertAgreement } from '../src/features/agreements/agreements.service.ts'
import { uploadDocument } from '../src/features/agreements/documents.service.ts'
import { requestExtension } from '../src/features/agreements/extensions.service.ts'
import { createCase } from '../src/features/onboarding/onboarding.service.ts'
import { putAccount } from '../src/features/deals/accounts.service.ts'
import { approveDeal, requestInfo } from '../src/features/deals/deals.review.ts'
import { registerDeal } from '../src/features/deals/deals.service.ts'

type Client = ReturnType<TestApp['asBearer']>
type Who = Role | 'anonymous' | 'otherTenant'
type Call = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  json?: unknown
  form?: FormData
  headers?: Record<string, string>
}
type F = { partnerA: string; partnerB: string; userOfA: string; who: Who; actorId: string | null }

const editors: Role[] = ['admin', 'gps', 'alliances', 'partner_manager', 'partner_ops']
const contactManagers: Role[] = [...editors, 'partner_admin']
const exporters: Role[] = [...internalRoles, 'partner_admin']
const userReaders: Role[] = [...internalRoles, 'partner_admin']
const unique = () => randomUUID().slice(0, 8)
const reviewers: Role[] = ['admin', 'alliances', 'partner_manager']
const metricsSubmitters: Role[] = [...editors, 'partner_admin', 'partner_user']
const $ = (amount: string) => ({ amount, currency: 'USD' as const })
const quarter = {
  revenue: $('1000000'),
  activeCustomers: 10,
  pipeline: $('2000000'),
  jointInvestments: $('40000'),
  rebates: $('25000'),
  marketingFunding: $('5000'),
  fundedResourcesAmount: $('0'),
  fundedResourcesFtes: 0,
  executiveSponsor: false,
  gtmCategories: ['Security'],
}
const figures = {
  revenue: $('4000000'),
  activeCustomers: 15,
  averagePipeline: $('5000000'),
  jointInvestments: $('160000'),
  rebates: $('100000'),
  marketingFunding: $('20000'),
  fundedResourcesAmount: $('0'),
  fundedResourcesFtes: 0,
  executiveSponsor: false,
  gtmCategories: 1,
}
let freshYear = 2040
let importYear = 2070
const metricsCsv = (partner: string) => {
  const form = new FormData()
  const header =
    'partner,year,quarter,revenue,activeCustomers,pipeline,jointInvestments,rebates,marketingFunding,fundedResourcesAmount,fundedResourcesFtes,executiveSponsor,gtmCategories'
  const row = `${partner},${(importYear += 1)},3,1000000.00,20,500000.00,50000.00,10000.00,5000.00,0,0,no,Cloud`
  form.append('file', new File([`${header}\n${row}\n`], 'metrics.csv', { type: 'text/csv' }))
  return form
}
const csv = () => {
  const form = new FormData()
  form.append('file', new File([`legalName,type,headquartersCountry\nImported ${unique()},oem,US\n`], 'p.csv', { type: 'text/csv' }))
  return form
}

const reviewManagers: Role[] = ['admin', 'gps', 'alliances', 'partner_manager']
/** A fresh ad hoc review of company A (ad hoc reviews never lock the program year). */
const adHocReview = async (f: F) => (await startReview(sys(db), { year: 2026, kind: 'ad_hoc', partnerIds: [f.partnerA] })).id

const note = defineMailTemplate('matrix-note', (d: { n: string }) => ({ subject: `Note ${d.n}`, text: d.n, html: `<p>${d.n}</p>` }))
const queuedMail = async () =>
  (await db.transaction(systemScope, (sql) => queueMail(sql, note, { to: 'matrix@example.com', data: { n: unique() } }))).id
const mailReaders: Role[] = ['admin', 'partner_ops']
const inquiryReaders: Role[] = ['admin', 'gps', 'alliances', 'partner_ops']
const inquiryWorkers: Role[] = ['admin', 'gps', 'alliances']
// Public calls each come from their own address: the matrix tests who may call, not the rate limits.
let visitor = 0
const fromVisitor = () => ({ 'x-forwarded-for': `192.0.2.${++visitor % 250}`, 'x-matrix': String(visitor) })
const inquiryInput = () => ({
  company: `Matrix ${unique()} LLC`,
  website: `https://m${unique()}.example`,
  country: 'US',
  contactName: 'Matrix Visitor',
  email: `visitor-${unique()}@example.com`,
  message: 'We resell storage.',
  solutions: [],
})
/** A fresh inquiry: its id, reference and email. */
const newInquiry = async () => {
  const input = inquiryInput()
  const { inquiry } = await submitInquiry(sys(db), input, `198.51.100.${++visitor % 250}`)
  const [{ id }] = await db.owner.query<{ id: string }>('SELECT id FROM inquiries WHERE reference = $1', [inquiry.reference])
  return { id, reference: inquiry.reference, email: input.email }
}
const agreementManagers: Role[] = ['admin', 'gps', 'alliances', 'partner_ops']
const caseManagers: Role[] = ['admin', 'gps', 'alliances']
const caseFollowers: Role[] = [...caseManagers, 'partner_ops', 'sales', 'solutions']
const caseRequesters: Role[] = [...caseManagers, 'sales', 'solutions']
const extensionRequesters: Role[] = ['admin', 'gps', 'alliances', 'partner_manager', 'partner_ops', 'sales']
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'))
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-matrix-'))
/** A fresh agreement of company A: a POTC (signable without a document) or an NDA. */
const agreementOfA = async (f: F, status: 'draft' | 'out_for_signature' = 'draft', type: 'potc' | 'nda' = 'nda') =>
  (
    await inTx(sys(db), (sql) =>
      insertAgreement(
        sys(db),
        sql,
        { partnerId: f.partnerA, type, effectiveDate: '2026-01-01', expiryDate: '2030-01-01', countries: ['US'] },
        status,
      ),
    )
  ).id
/** A fresh deal-driven case, requested by the caller when the caller is a requester who follows only their own cases. */
const caseFor = async (f: F) => {
  const own = f.who === 'sales' || f.who === 'solutions'
  const ctx = own
    ? { ...sys(db), actor: { userId: f.actorId!, email: 'x', name: 'x', role: f.who as Role, partnerId: null, via: 'session' as const } }
    : sys(db)
  const input = {
    path: 'deal' as const,
    agreementType: 'potc' as const,
    legalName: `Case ${unique()}`,
    headquartersCountry: 'US',
    partnerType: 'oem' as const,
    contactName: 'Contact',
    contactEmail: `c-${unique()}@example.com`,
    dealReference: 'OPP-1',
  }
  return (await createCase(ctx, input)).id
}
const dealRegistrars: Role[] = ['admin', 'sales', 'partner_admin', 'partner_user']
const dealEditors: Role[] = ['admin', 'incentives', 'sales', 'partner_admin', 'partner_user']
const dealReviewers: Role[] = ['admin', 'incentives']
const dealBody = (partnerId: string) => ({
  partnerId,
  customer: { name: `Customer ${unique()}`, country: 'US' },
  products: ['Storage'],
  value: $('50000.00'),
  expectedCloseDate: '2027-03-31',
})
/** A fresh deal of company A (each has its own customer, so approvals never conflict), optionally taken a step further. */
const dealOfA = async (f: F, then?: 'info' | 'approved') => {
  const { id } = await registerDeal(sys(db), dealBody(f.partnerA))
  if (then === 'info') await requestInfo(sys(db), id, 'Who is the buyer?')
  if (then === 'approved') await approveDeal(sys(db), id, {})
  return id
}

let db: Database
/**
 * Every route × every role, plus anonymous and a user of another partner company. `ok` is the
 * status for an allowed caller; others get 401 (anonymous) or 403; `otherTenant` is what a partner
 * admin of company B gets when aiming at company A's resources (404: it does not exist for them).
 */
const matrix: Record<
  string,
  { allow: Role[] | 'public' | 'authenticated'; ok: number; otherTenant?: number; call: (f: F) => Call | Promise<Call> }
> = {
  'GET /api/health': { allow: 'public', ok: 200, call: () => ({ method: 'GET', path: '/api/health' }) },
  'GET /api/openapi.json': { allow: 'public', ok: 200, call: () => ({ method: 'GET', path: '/api/openapi.json' }) },
  'GET /api/docs': { allow: 'public', ok: 200, call: () => ({ method: 'GET', path: '/api/docs' }) },
  'POST /api/auth/login': {
    allow: 'public',
    ok: 401,
    call: () => ({ method: 'POST', path: '/api/auth/login', json: { email: `nobody-${unique()}@example.com`, password: 'x' } }),
  },
  'POST /api/auth/invitations/accept': {
    allow: 'public',
    ok: 404,
    call: () => ({
      method: 'POST',
      path: '/api/auth/invitations/accept',
      json: { token: 'inv_unknown-token', password: 'long enough pw' },
    }),
  },
  'GET /api/auth/me': { allow: 'authenticated', ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/auth/me' }) },
  'GET /api/users': { allow: userReaders, ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/users' }) },
  'POST /api/users': {
    allow: ['admin', 'partner_admin'],
    ok: 201,
    otherTenant: 403,
    call: (f) => ({
      method: 'POST',
      path: '/api/users',
      json:
        f.who === 'admin'
          ? { email: `u-${unique()}@example.com`, name: 'New', role: 'sales', password: 'long enough pw' }
          : { email: `u-${unique()}@example.com`, name: 'New', role: 'partner_user', partnerId: f.partnerA, password: 'long enough pw' },
    }),
  },
  'GET /api/users/:id': {
    allow: userReaders,
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/users/${f.userOfA}` }),
  },
  'PATCH /api/users/:id': {
    allow: ['admin', 'partner_admin'],
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'PATCH', path: `/api/users/${f.userOfA}`, json: { name: `Renamed ${unique()}` } }),
  },
  'GET /api/tokens': { allow: 'authenticated', ok: 200, otherTenant: 200, call: () => ({ method: 'GET', path: '/api/tokens' }) },
  'POST /api/tokens': {
    allow: 'authenticated',
    ok: 201,
    otherTenant: 201,
    call: () => ({ method: 'POST', path: '/api/tokens', json: { name: 'matrix' } }),
  },
  'DELETE /api/tokens/:id': {
    allow: 'authenticated',
    ok: 204,
    otherTenant: 404,
    // Each caller revokes its own token; the other tenant aims at a token of a user of company A.
    call: async (f) => {
      const owner = f.who === 'otherTenant' || !f.actorId ? f.userOfA : f.actorId
      const ctx = {
        ...sys(db),
        actor: { userId: owner, email: 'x', name: 'x', role: 'partner_user' as Role, partnerId: null, via: 'session' as const },
      }
      const token = await createToken(ctx, { name: 'to revoke' })
      return { method: 'DELETE', path: `/api/tokens/${token.id}` }
    },
  },
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
  'POST /api/reviews': {
    allow: reviewManagers,
    ok: 201,
    otherTenant: 403,
    call: (f) => ({ method: 'POST', path: '/api/reviews', json: { year: 2026, kind: 'ad_hoc', partnerIds: [f.partnerA] } }),
  },
  'GET /api/reviews': { allow: [...internalRoles], ok: 200, otherTenant: 403, call: () => ({ method: 'GET', path: '/api/reviews' }) },
  'GET /api/reviews/:id': {
    allow: [...internalRoles],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'GET', path: `/api/reviews/${await adHocReview(f)}` }),
  },
  'POST /api/reviews/:id/evaluate': {
    allow: reviewManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/reviews/${await adHocReview(f)}/evaluate` }),
  },
  'GET /api/reviews/:id/recommendations': {
    allow: [...internalRoles],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'GET', path: `/api/reviews/${await adHocReview(f)}/recommendations?movement=new` }),
  },
  'GET /api/reviews/:id/export': {
    allow: [...internalRoles],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'GET', path: `/api/reviews/${await adHocReview(f)}/export?format=csv` }),
  },
  'GET /api/reviews/:id/recommendations/:partnerId': {
    allow: [...internalRoles],
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'GET', path: `/api/reviews/${await adHocReview(f)}/recommendations/${f.partnerA}` }),
  },
  'POST /api/reviews/:id/recommendations/accept': {
    allow: reviewManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/reviews/${await adHocReview(f)}/recommendations/accept`,
      json: { partnerIds: [f.partnerA], effectiveDate: '2099-01-01' },
    }),
  },
  'POST /api/reviews/:id/decisions': {
    allow: reviewManagers,
    ok: 201,
    otherTenant: 403,
    call: async (f) => ({
      method: 'POST',
      path: `/api/reviews/${await adHocReview(f)}/decisions`,
      json: { partnerId: f.partnerA, tier: 'approved', justification: 'Matrix', effectiveDate: '2099-01-01' },
    }),
  },
  'POST /api/reviews/decisions/:decisionId/approve': {
    allow: ['sales', 'alliances'],
    ok: 200,
    otherTenant: 403,
    call: async (f) => {
      const input = { partnerId: f.partnerA, tier: null, effectiveDate: '2099-01-01' }
      const { decision } = await decide(sys(db), await adHocReview(f), input)
      return { method: 'POST', path: `/api/reviews/decisions/${decision.id}/approve` }
    },
  },
  'POST /api/reviews/:id/finish': {
    allow: reviewManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/reviews/${await adHocReview(f)}/finish` }),
  },
  'GET /api/partners/:id/tier-history': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/tier-history` }),
  },
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
    call: (f) => ({
      method: 'POST',
      path: '/api/agreements',
      json: { partnerId: f.partnerA, type: 'flow_down', clientName: 'Contoso', effectiveDate: '2026-01-01' },
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
  'GET /api/onboarding/cases': {
    allow: caseFollowers,
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'GET', path: '/api/onboarding/cases' }),
  },
  'POST /api/onboarding/cases': {
    allow: caseRequesters,
    ok: 201,
    otherTenant: 403,
    call: () => ({
      method: 'POST',
      path: '/api/onboarding/cases',
      json: {
        path: 'deal',
        agreementType: 'potc',
        legalName: `Req ${unique()}`,
        headquartersCountry: 'DE',
        partnerType: 'service',
        contactName: 'C',
        contactEmail: `r-${unique()}@example.com`,
        dealReference: 'OPP-9',
      },
    }),
  },
  'GET /api/onboarding/cases/:id': {
    allow: caseFollowers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'GET', path: `/api/onboarding/cases/${await caseFor(f)}` }),
  },
  'PATCH /api/onboarding/cases/:id': {
    allow: caseManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'PATCH', path: `/api/onboarding/cases/${await caseFor(f)}`, json: { status: 'in_progress' } }),
  },
  'PUT /api/onboarding/cases/:id/checklist/:key': {
    allow: caseManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({
      method: 'PUT',
      path: `/api/onboarding/cases/${await caseFor(f)}/checklist/company_verified`,
      json: { done: true },
    }),
  },
  'POST /api/onboarding/cases/:id/comments': {
    allow: caseFollowers,
    ok: 201,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/onboarding/cases/${await caseFor(f)}/comments`, json: { body: 'Matrix' } }),
  },
  'POST /api/onboarding/cases/:id/complete': {
    allow: caseManagers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => {
      const id = await caseFor(f)
      await db.owner.query('UPDATE onboarding_checklist SET done_at = now() WHERE case_id = $1 AND NOT automatic', [id])
      return { method: 'POST', path: `/api/onboarding/cases/${id}/complete`, json: { effectiveDate: '2026-12-01' } }
    },
  },
  'POST /api/deals': {
    allow: dealRegistrars,
    ok: 201,
    otherTenant: 400,
    call: (f) => ({ method: 'POST', path: '/api/deals', json: dealBody(f.partnerA) }),
  },
  'POST /api/deals/check': {
    allow: dealRegistrars,
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'POST', path: '/api/deals/check', json: { customer: { name: 'Initrode Corp' }, products: ['Storage'] } }),
  },
  'GET /api/deals': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/deals?status=submitted' }),
  },
  'GET /api/deals/pipeline': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/deals/pipeline?groupBy=stage' }),
  },
  'GET /api/deals/pipeline/export': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 200,
    call: () => ({ method: 'GET', path: '/api/deals/pipeline/export?format=csv' }),
  },
  'GET /api/deals/:id': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: async (f) => ({ method: 'GET', path: `/api/deals/${await dealOfA(f)}` }),
  },
  'PATCH /api/deals/:id': {
    allow: dealEditors,
    ok: 200,
    otherTenant: 404,
    call: async (f) => ({ method: 'PATCH', path: `/api/deals/${await dealOfA(f)}`, json: { stage: 'qualified' } }),
  },
  'POST /api/deals/:id/approve': {
    allow: dealReviewers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/deals/${await dealOfA(f)}/approve`, json: {} }),
  },
  'POST /api/deals/:id/reject': {
    allow: dealReviewers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/deals/${await dealOfA(f)}/reject`, json: { reason: 'Matrix' } }),
  },
  'POST /api/deals/:id/request-info': {
    allow: dealReviewers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/deals/${await dealOfA(f)}/request-info`, json: { question: 'Budget?' } }),
  },
  'POST /api/deals/:id/respond': {
    allow: dealEditors,
    ok: 200,
    otherTenant: 404,
    call: async (f) => ({ method: 'POST', path: `/api/deals/${await dealOfA(f, 'info')}/respond`, json: { answer: 'Approved budget' } }),
  },
  'POST /api/deals/:id/extension-request': {
    allow: dealEditors,
    ok: 200,
    otherTenant: 404,
    call: async (f) => ({
      method: 'POST',
      path: `/api/deals/${await dealOfA(f, 'approved')}/extension-request`,
      json: { reason: 'Customer delayed' },
    }),
  },
  'POST /api/deals/:id/extend': {
    allow: dealReviewers,
    ok: 200,
    otherTenant: 403,
    call: async (f) => ({ method: 'POST', path: `/api/deals/${await dealOfA(f, 'approved')}/extend`, json: { days: 30 } }),
  },
  'GET /api/partners/:id/pipeline': {
    allow: 'authenticated',
    ok: 200,
    otherTenant: 404,
    call: (f) => ({ method: 'GET', path: `/api/partners/${f.partnerA}/pipeline?year=2026` }),
  },
  'GET /api/customer-accounts': {
    allow: [...internalRoles],
    ok: 200,
    otherTenant: 403,
    call: () => ({ method: 'GET', path: '/api/customer-accounts' }),
  },
  'POST /api/customer-accounts': {
    allow: ['admin'],
    ok: 201,
    otherTenant: 403,
    call: async () => ({
      method: 'POST',
      path: '/api/customer-accounts',
      json: { domain: `${unique()}.example.com`, name: 'Account', ownerId: (await makeUser(db, 'sales')).id },
    }),
  },
  'DELETE /api/customer-accounts/:id': {
    allow: ['admin'],
    ok: 204,
    otherTenant: 403,
    call: async () => {
      const { account } = await putAccount(sys(db), {
        domain: `${unique()}.example.com`,
        name: 'Account',
        ownerId: (await makeUser(db, 'sales')).id,
      })
      return { method: 'DELETE', path: `/api/customer-accounts/${account.id}` }
    },
  },
  // Last: it ends the sessions the other checks use.
  'POST /api/auth/logout': { allow: 'public', ok: 204, call: () => ({ method: 'POST', path: '/api/auth/logout' }) },
}

let t: TestApp
const clients = new Map<Who, { client: Client; userId: string | null }>()
let fixtures: Omit<F, 'who' | 'actorId'>

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db, { DATA_DIR: dataDir })
  // Tiers whose benefits include deal registration and pipeline reporting.
  const partnerA = (await makePartner(db, { legalName: 'Company A', status: 'active', tier: 'strategic' })).id
  const partnerB = (await makePartner(db, { legalName: 'Company B', status: 'active', tier: 'advantage' })).id
  const userOfA = (await makeUser(db, 'partner_user', partnerA)).id
  fixtures = { partnerA, partnerB, userOfA }
  for (const role of roles) {
    const u = await makeUser(db, role, role.startsWith('partner_') && !internalRoles.includes(role as never) ? partnerA : undefined)
    clients.set(role, { client: await t.login(u.email), userId: u.id })
  }
  const other = await makeUser(db, 'partner_admin', partnerB)
  clients.set('otherTenant', { client: await t.login(other.email), userId: other.id })
  clients.set('anonymous', { client: t.anonymous, userId: null })
})
afterAll(async () => {
  await db.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

function expected(spec: (typeof matrix)[string], who: Who): number {
  if (spec.allow === 'public') return spec.ok
  if (who === 'anonymous') return 401
  if (who === 'otherTenant') return spec.otherTenant ?? 404
  if (spec.allow === 'authenticated' || spec.allow.includes(who)) return spec.ok
  return 403
}

async function send(client: Client, call: Call): Promise<Response> {
  if (call.form) return t.request(call.path, { method: call.method, body: call.form, headers: client.headers })
  const fn = { GET: client.get, POST: client.post, PUT: client.put, PATCH: client.patch, DELETE: client.delete }[call.method]
  return fn(call.path, call.json, call.headers)
}

describe('authorization matrix', () => {
  it('covers every route the app registers', () => {
    const registered = new Set(
      t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`),
    )
    expect(
      [...registered].filter((r) => !(r in matrix)),
      'routes missing from the matrix',
    ).toEqual([])
    expect(
      Object.keys(matrix).filter((r) => !registered.has(r)),
      'matrix entries without a route',
    ).toEqual([])
  })

  it("answers another company's ids exactly like ids that do not exist", async () => {
    const { client } = clients.get('partner_user')!
    const missing = randomUUID()
    for (const path of [
      `/api/partners/${fixtures.partnerB}`,
      `/api/partners/${fixtures.partnerB}/contacts`,
      `/api/partners/${fixtures.partnerB}/timeline`,
    ]) {
      const other = await client.get(path)
      const none = await client.get(path.replace(fixtures.partnerB, missing))
      const [a, b] = [await other.json(), await none.json()]
      expect(other.status).toBe(404)
      expect({ ...a, instance: undefined }).toEqual({ ...b, instance: undefined })
    }
  })

  it('lists, searches and exports only the own company for partner users', async () => {
    const { client } = clients.get('partner_admin')!
    const list = (await (await client.get('/api/partners?q=company')).json()).items.map((p: { id: string }) => p.id)
    expect(list).toEqual([fixtures.partnerA])
    const filtered = (await (await client.get(`/api/partners?country=US&sort=-createdAt`)).json()).items.map((p: { id: string }) => p.id)
    expect(filtered).toEqual([fixtures.partnerA])
    const exported = await (await client.get('/api/partners/export?format=csv')).text()
    expect(exported).toContain('Company A')
    expect(exported).not.toContain('Company B')
    const users = (await (await client.get(`/api/users?partnerId=${fixtures.partnerB}`)).json()).items as { partnerId: string }[]
    expect(users.length).toBeGreaterThan(0)
    expect(users.every((u) => u.partnerId === fixtures.partnerA)).toBe(true)
  })

  const everyone: Who[] = [...roles, 'anonymous', 'otherTenant']
  for (const [route, spec] of Object.entries(matrix)) {
    it(route, async () => {
      const outcomes: Record<string, number> = {}
      const wanted: Record<string, number> = {}
      for (const who of everyone) {
        const { client, userId } = clients.get(who)!
        const res = await send(client, await spec.call({ ...fixtures, who, actorId: userId }))
        outcomes[who] = res.status
        wanted[who] = expected(spec, who)
      }
      expect(outcomes).toEqual(wanted)
    })
  }
})
