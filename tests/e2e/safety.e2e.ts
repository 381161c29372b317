import { expect, test, type APIRequestContext } from '@playwright/test'
import { apiLogin, login, unique } from './helpers.ts'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

/** Submits and accepts one piece of evidence as the safety user (the setup of a partner otherwise compliant). */
async function acceptedEvidence(request: APIRequestContext, csrf: string, partnerId: string, details: object) {
  const res = await request.post(`/api/partners/${partnerId}/safety/evidence`, {
    headers: { 'X-CSRF-Token': csrf },
    multipart: { file: { name: 'evidence.pdf', mimeType: 'application/pdf', buffer: PDF }, details: JSON.stringify(details) },
  })
  expect(res.status()).toBe(201)
  const { id } = (await res.json()) as { id: string }
  const decided = await request.post(`/api/safety/evidence/${id}/decide`, {
    headers: { 'X-CSRF-Token': csrf },
    data: { decision: 'accept' },
  })
  expect(decided.status()).toBe(200)
}

test('a high-risk partner with an expired certificate is blocked; its admin uploads a new one, the safety user accepts it, the gap closes and the block lifts', async ({
  page,
  request,
}) => {
  const name = unique('E2E Height Works')
  const adminEmail = `admin.${Date.now().toString(36)}@heightworks.example`
  let csrf = await apiLogin(request, 'admin@alliance.example')
  const created = await request.post('/api/partners', {
    headers: { 'X-CSRF-Token': csrf },
    data: { legalName: name, type: 'service', headquartersCountry: 'US', status: 'active', services: ['Work at height'] },
  })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  const user = await request.post('/api/users', {
    headers: { 'X-CSRF-Token': csrf },
    data: { email: adminEmail, name: 'Hana Height', role: 'partner_admin', partnerId: id, password: 'height-works-admin' },
  })
  expect(user.status()).toBe(201)

  // Everything in order except the general liability certificate, which expired yesterday.
  await request.post('/api/auth/logout', { headers: { 'X-CSRF-Token': csrf } })
  csrf = await apiLogin(request, 'safety@alliance.example')
  const sub = await request.put(`/api/partners/${id}/safety/subscription`, {
    headers: { 'X-CSRF-Token': csrf },
    data: { status: 'active', accountId: `ISN-${Date.now()}`, grade: 'A', providerUpdatedOn: day(0) },
  })
  expect(sub.status()).toBe(200)
  const cert = (insuranceType: string, expiryDate: string) => ({
    kind: 'insurance',
    insuranceType,
    insurer: 'Hartford',
    policyNumber: `P-${insuranceType}`,
    limit: { amount: '2000000.00', currency: 'USD' },
    effectiveDate: day(-400),
    expiryDate,
  })
  await acceptedEvidence(request, csrf, id, cert('general_liability', day(-1)))
  await acceptedEvidence(request, csrf, id, cert('workers_compensation', day(300)))
  await acceptedEvidence(request, csrf, id, cert('auto', day(300)))
  await acceptedEvidence(request, csrf, id, {
    kind: 'statistics',
    year: Number(day(0).slice(0, 4)) - 1,
    trir: 1,
    dart: 0.5,
    emr: 0.8,
    hoursWorked: 120000,
  })
  await acceptedEvidence(request, csrf, id, { kind: 'program', title: 'Health and safety manual' })
  const clearance = await (await request.get(`/api/partners/${id}/safety/clearance`)).json()
  expect(clearance).toMatchObject({ clear: false, riskLevel: 'high', reasons: [{ code: 'INSURANCE_EXPIRED' }] })

  // The partner admin sees the block on its home page, with what to fix, and uploads a new certificate.
  await login(page, adminEmail, 'height-works-admin')
  const block = page.getByTestId('safety-block')
  await expect(block).toContainText(`The general liability certificate expired on ${day(-1)}`)
  await block.getByRole('link', { name: 'Open safety compliance' }).click()
  await expect(page.getByRole('heading', { name: 'Safety compliance' })).toBeVisible()
  await page.getByLabel('Insurance type').selectOption('general_liability')
  await page.getByLabel('Insurer').fill('Hartford')
  await page.getByLabel('Policy number').fill('GL-2')
  await page.getByLabel('Limit').fill('2000000.00')
  await page.getByLabel('Effective date').fill(day(-1))
  await page.getByLabel('Expiry date').fill(day(365))
  await page.locator('input[type=file]').setInputFiles({ name: 'gl-renewal.pdf', mimeType: 'application/pdf', buffer: PDF })
  await page.getByRole('button', { name: 'Submit evidence' }).click()
  const evidence = page.getByRole('table', { name: 'Evidence' })
  await expect(evidence.getByRole('row').filter({ hasText: 'submitted' })).toHaveCount(1)
  await expect(page.getByTestId('safety-clearance')).toHaveText('Blocked')

  // The safety user accepts it on the partner's Safety tab: the gap closes itself and the block lifts.
  await page.context().clearCookies()
  await login(page, 'safety@alliance.example')
  await page.goto(`/partners/${id}`)
  await expect(page.getByTestId('safety-block')).toBeVisible()
  await page.getByRole('tab', { name: 'Safety' }).click()
  await page
    .getByRole('table', { name: 'Evidence' })
    .getByRole('row')
    .filter({ hasText: 'submitted' })
    .getByRole('button', { name: 'Accept' })
    .click()
  await expect(page.getByTestId('safety-clearance')).toHaveText('Clear for new work')
  await expect(page.getByTestId('safety-block')).toHaveCount(0)
  const gap = page.getByRole('table', { name: 'Safety gaps' }).getByRole('row').filter({ hasText: 'general liability certificate expired' })
  await expect(gap).toContainText('closed')
  await expect(gap).toContainText('Closed by itself: its cause is gone')

  await page.context().clearCookies()
  await login(page, adminEmail, 'height-works-admin')
  await expect(page.getByRole('heading', { name: /^Welcome, /, level: 1 })).toBeVisible()
  await expect(page.getByTestId('safety-block')).toHaveCount(0)
})
