// Fixtures the authorization matrices share: routes' callers build their requests from these.
import { randomUUID } from 'node:crypto'
import { internalRoles, type Role } from '../../src/core/auth/permissions.ts'
import { systemScope } from '../../src/core/db.ts'
import { sys } from '../factories/index.ts'
import { startReview } from '../../src/features/reviews/cycles.service.ts'
import { submitInquiry } from '../../src/features/inquiries/public.service.ts'
import { defineMailTemplate, queueMail } from '../../src/core/mail.ts'
import { inTx } from '../../src/core/context.ts'
import { insertAgreement } from '../../src/features/agreements/agreements.service.ts'
import { createCase } from '../../src/features/onboarding/onboarding.service.ts'
import { approveDeal, requestInfo } from '../../src/features/deals/review.service.ts'
import { registerDeal } from '../../src/features/deals/deals.service.ts'
import { db, type F } from './harness.ts'
import { oneRow } from '../../src/core/db-rows.ts'

export const editors: Role[] = ['admin', 'gps', 'alliances', 'partner_manager', 'partner_ops']
export const contactManagers: Role[] = [...editors, 'partner_admin']
export const exporters: Role[] = [...internalRoles, 'partner_admin']
export const userReaders: Role[] = [...internalRoles, 'partner_admin']
export const unique = () => randomUUID().slice(0, 8)
export const reviewers: Role[] = ['admin', 'alliances', 'partner_manager']
export const metricsSubmitters: Role[] = [...editors, 'partner_admin', 'partner_user']
export const $ = (amount: string) => ({ amount, currency: 'USD' as const })
export const quarter = {
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
export const figures = {
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
let importYear = 2070
export const metricsCsv = (partner: string) => {
  const form = new FormData()
  const header =
    'partner,year,quarter,revenue,activeCustomers,pipeline,jointInvestments,rebates,marketingFunding,fundedResourcesAmount,fundedResourcesFtes,executiveSponsor,gtmCategories'
  const row = `${partner},${(importYear += 1)},3,1000000.00,20,500000.00,50000.00,10000.00,5000.00,0,0,no,Cloud`
  form.append('file', new File([`${header}\n${row}\n`], 'metrics.csv', { type: 'text/csv' }))
  return form
}
export const csv = () => {
  const form = new FormData()
  form.append('file', new File([`legalName,type,headquartersCountry\nImported ${unique()},oem,US\n`], 'p.csv', { type: 'text/csv' }))
  return form
}

export const reviewManagers: Role[] = ['admin', 'gps', 'alliances', 'partner_manager']
/** A fresh ad hoc review of company A (ad hoc reviews never lock the program year). */
export const adHocReview = async (f: F) => (await startReview(sys(db), { year: 2026, kind: 'ad_hoc', partnerIds: [f.partnerA] })).id

export const note = defineMailTemplate('matrix-note', (d: { n: string }) => ({ subject: `Note ${d.n}`, text: d.n, html: `<p>${d.n}</p>` }))
export const queuedMail = async () =>
  (await db.transaction(systemScope, (sql) => queueMail(sql, note, { to: 'matrix@example.com', data: { n: unique() } }))).id
export const mailReaders: Role[] = ['admin', 'partner_ops']
export const inquiryReaders: Role[] = ['admin', 'gps', 'alliances', 'partner_ops']
export const inquiryWorkers: Role[] = ['admin', 'gps', 'alliances']
// Public calls each come from their own address: the matrix tests who may call, not the rate limits.
let visitor = 0
export const fromVisitor = () => ({ 'x-forwarded-for': `192.0.2.${++visitor % 250}`, 'x-matrix': String(visitor) })
export const inquiryInput = () => ({
  company: `Matrix ${unique()} LLC`,
  website: `https://m${unique()}.example`,
  country: 'US',
  contactName: 'Matrix Visitor',
  email: `visitor-${unique()}@example.com`,
  message: 'We resell storage.',
  solutions: [],
})
/** A fresh inquiry: its id, reference and email. */
export const newInquiry = async () => {
  const input = inquiryInput()
  const inquiry = await submitInquiry(sys(db), input, `198.51.100.${++visitor % 250}`)
  const { id } = oneRow(
    await db.owner.query<{ id: string }>('SELECT id FROM inquiries WHERE reference = $1', [inquiry.reference]),
    'Inquiry',
  )
  return { id, reference: inquiry.reference, email: input.email }
}
export const agreementManagers: Role[] = ['admin', 'gps', 'alliances', 'partner_ops']
export const caseManagers: Role[] = ['admin', 'gps', 'alliances']
export const caseFollowers: Role[] = [...caseManagers, 'partner_ops', 'sales', 'solutions']
export const caseRequesters: Role[] = [...caseManagers, 'sales', 'solutions']
export const extensionRequesters: Role[] = ['admin', 'gps', 'alliances', 'partner_manager', 'partner_ops', 'sales']
export const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'))
/** A fresh agreement of company A: a POTC (signable without a document) or an NDA. */
export const agreementOfA = async (f: F, status: 'draft' | 'out_for_signature' = 'draft', type: 'potc' | 'nda' = 'nda') =>
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
export const caseFor = async (f: F) => {
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
export const dealRegistrars: Role[] = ['admin', 'sales', 'partner_admin', 'partner_user']
export const dealEditors: Role[] = ['admin', 'incentives', 'sales', 'partner_admin', 'partner_user']
export const dealReviewers: Role[] = ['admin', 'incentives']
export const dealBody = (partnerId: string) => ({
  partnerId,
  customer: { name: `Customer ${unique()}`, country: 'US' },
  products: ['Storage'],
  value: $('50000.00'),
  expectedCloseDate: '2027-03-31',
})
/** A fresh deal of company A (each has its own customer, so approvals never conflict), optionally taken a step further. */
export const dealOfA = async (f: F, then?: 'info' | 'approved') => {
  const { id } = await registerDeal(sys(db), dealBody(f.partnerA))
  if (then === 'info') await requestInfo(sys(db), id, 'Who is the buyer?')
  if (then === 'approved') await approveDeal(sys(db), id, {})
  return id
}
