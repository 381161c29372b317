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

test('the safety team works a partner: list filters, subscription by hand, risk and clearance overrides, a rejection with a reason, a red flag followed up in the queue, the matrix', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000)
  const name = unique('E2E Sparks Electric')
  const csrf = await apiLogin(request, 'admin@alliance.example')
  const created = await request.post('/api/partners', {
    headers: { 'X-CSRF-Token': csrf },
    data: { legalName: name, type: 'service', headquartersCountry: 'US', status: 'active', services: ['Electrical work'] },
  })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  await request.post('/api/auth/logout', { headers: { 'X-CSRF-Token': csrf } })
  const safetyCsrf = await apiLogin(request, 'safety@alliance.example')
  await login(page, 'safety@alliance.example')

  // The partners list shows and filters by risk level and program status.
  await page.goto('/partners')
  await page.getByLabel('Search').fill(name)
  await page.getByRole('combobox', { name: 'Safety risk' }).click()
  await page.getByRole('option', { name: 'High risk' }).click()
  await page.getByRole('combobox', { name: 'Safety program' }).click()
  await page.getByRole('option', { name: 'Blocked' }).click()
  const row = page.getByRole('table', { name: 'Partners' }).getByRole('row').filter({ hasText: name })
  await expect(row).toContainText('High risk')
  await expect(row).toContainText('Blocked')
  await page.getByRole('combobox', { name: 'Safety program' }).click()
  await page.getByRole('option', { name: 'Clear', exact: true }).click()
  await expect(page.getByText('No partners match')).toBeVisible()

  // The subscription by hand: a grade the provider does not give is refused on its field.
  await page.goto(`/partners/${id}?tab=safety`)
  await page.getByRole('button', { name: 'Enter subscription' }).click()
  const subForm = page.getByRole('form', { name: 'Subscription' })
  await subForm.getByLabel('Account id').fill(`ISN-${Date.now()}`)
  await subForm.getByLabel('Grade').fill('Z')
  await subForm.getByRole('button', { name: 'Save subscription' }).click()
  await expect(subForm.getByText('ISNetworld grades are A, B, C, F')).toBeVisible()
  await subForm.getByLabel('Grade').fill('A')
  await subForm.getByRole('button', { name: 'Save subscription' }).click()
  await expect(page.getByText(/ISNetworld active · account ISN-\d+ · grade A/)).toBeVisible()

  // A risk override with a reason, shown with its author, then lifted.
  await page.getByRole('button', { name: 'Override risk level' }).click()
  const riskForm = page.getByRole('form', { name: 'Risk override' })
  await riskForm.getByLabel('Reason').fill('Only designs installations, never on site')
  await riskForm.getByRole('button', { name: 'Override' }).click()
  await expect(page.getByTestId('safety-risk')).toHaveText('Low risk')
  await expect(page.getByTestId('safety-risk-override')).toContainText('Overridden by Sean Doyle')
  await expect(page.getByTestId('safety-risk-override')).toContainText('Only designs installations, never on site')
  await page.getByRole('button', { name: 'Lift risk override' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Lift override' }).click()
  await expect(page.getByTestId('safety-risk')).toHaveText('High risk')

  // Evidence rejected through a confirmation that asks why (no browser prompt).
  const upload = await request.post(`/api/partners/${id}/safety/evidence`, {
    headers: { 'X-CSRF-Token': safetyCsrf },
    multipart: {
      file: { name: 'manual.pdf', mimeType: 'application/pdf', buffer: PDF },
      details: JSON.stringify({ kind: 'program', title: 'Electrical safety manual' }),
    },
  })
  expect(upload.status()).toBe(201)
  await page.reload()
  await page.getByRole('table', { name: 'Evidence' }).getByRole('button', { name: 'Reject' }).click()
  const reject = page.getByRole('dialog', { name: 'Reject the evidence' })
  await reject.getByRole('button', { name: 'Reject' }).click()
  await expect(reject.getByText('Required')).toBeVisible()
  await reject.getByLabel('Why is this evidence rejected?').fill('Unsigned copy; send the signed manual')
  await reject.getByRole('button', { name: 'Reject' }).click()
  await expect(page.getByRole('table', { name: 'Evidence' })).toContainText('Unsigned copy; send the signed manual')

  // A clearance override with a reason and an end date clears the partner for new work.
  await page.getByRole('button', { name: 'Clear for new work…' }).click()
  const clearForm = page.getByRole('form', { name: 'Clearance override' })
  await clearForm.getByLabel('End date').fill(day(30))
  await clearForm.getByLabel('Reason').fill('Audit booked next week')
  await clearForm.getByRole('button', { name: 'Clear for new work' }).click()
  await expect(page.getByTestId('safety-clearance')).toHaveText('Clear for new work')
  await expect(page.getByTestId('safety-clearance-override')).toContainText('Audit booked next week')
  await page.getByRole('button', { name: 'Lift clearance override' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Lift override' }).click()
  await expect(page.getByTestId('safety-clearance')).toHaveText('Blocked')

  // A red flag raised on the partner, followed up in the gap queue: owner, comment, closed with a note.
  await page.getByRole('button', { name: 'Raise a red flag' }).click()
  const flagForm = page.getByRole('form', { name: 'Raise a red flag' })
  await flagForm.getByLabel('What happened').fill('Client reported an unguarded live panel')
  await flagForm.getByRole('button', { name: 'Raise red flag' }).click()
  await expect(page.getByRole('table', { name: 'Safety gaps' })).toContainText('Client reported an unguarded live panel')
  await page.goto('/safety/gaps')
  await page.getByRole('combobox', { name: 'Kind' }).click()
  await page.getByRole('option', { name: 'Red flag: incident' }).click()
  await page.getByRole('button', { name: `Follow up: ${name}, Red flag: incident` }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('combobox', { name: 'Owner' }).click()
  await page.getByRole('option', { name: 'Sean Doyle' }).click()
  await dialog.getByRole('button', { name: 'Save owner and due date' }).click()
  await expect(page.getByRole('table', { name: 'Safety gaps' }).getByRole('row').filter({ hasText: name })).toContainText('Sean Doyle')
  await dialog.getByRole('textbox', { name: 'Comment' }).fill('Called the site lead; panel covered the same day')
  await dialog.getByRole('button', { name: 'Add comment' }).click()
  await expect(dialog.getByLabel('Comments')).toContainText('Called the site lead')
  await dialog.getByRole('button', { name: 'Close red flag' }).click()
  const closing = page.getByRole('dialog', { name: 'Close the red flag' })
  await closing.getByLabel('Closing note').fill('Retrained the crew')
  await closing.getByRole('button', { name: 'Close red flag' }).click()
  await expect(page.getByRole('table', { name: 'Safety gaps' }).getByRole('row').filter({ hasText: name })).toHaveCount(0)

  // The risk matrix: a new service with its reason, in the version history.
  const service = unique('E2E Tower climbing')
  await page.goto('/safety/matrix')
  await page.getByRole('button', { name: 'Add a service' }).click()
  const entry = page.getByRole('form', { name: 'Risk matrix entry' })
  await entry.getByLabel('Service').fill(service)
  await entry.getByLabel('Reason').fill('Falls from height')
  await entry.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('table', { name: 'Risk matrix', exact: true }).getByRole('row').filter({ hasText: service })).toContainText(
    'High',
  )
  await expect(page.getByRole('table', { name: 'Risk matrix history' }).getByRole('row').filter({ hasText: service })).toContainText(
    'Sean Doyle',
  )
})

test("the safety user imports the provider's export from the dashboard: bad rows by number, then the good rows only", async ({
  page,
  request,
}) => {
  const name = unique('E2E Rack Movers')
  const csrf = await apiLogin(request, 'admin@alliance.example')
  const created = await request.post('/api/partners', {
    headers: { 'X-CSRF-Token': csrf },
    data: { legalName: name, type: 'service', headquartersCountry: 'US', services: ['Rack and stack'] },
  })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  const account = `ISN-${Date.now()}`
  const csv = [
    'ISN ID,Company Name,Subscription Status,Grade',
    `${account},${name},Active,A`,
    `ISN-NOBODY,${unique('Nobody')},Active,A`,
  ].join('\n')

  await login(page, 'safety@alliance.example')
  await page.goto('/safety')
  await expect(page.getByRole('heading', { name: 'Safety compliance dashboard', level: 1 })).toBeVisible()
  await page.getByRole('button', { name: 'Import provider export' }).click()
  const dialog = page.getByRole('dialog', { name: "Import the provider's export" })
  await dialog.locator('input[type=file]').setInputFiles({ name: 'isn.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  const errors = dialog.getByRole('table', { name: 'Import errors' })
  await expect(errors.getByRole('row').filter({ hasText: 'No partner matches this account id, domain or name' })).toContainText('3')
  await dialog.getByRole('button', { name: 'Import the good rows' }).click()
  await expect(page.getByText('1 subscription changed, 0 unchanged, 1 bad row skipped')).toBeVisible()

  await page.goto(`/partners/${id}?tab=safety`)
  await expect(page.getByText(`ISNetworld active · account ${account} · grade A`)).toBeVisible()
})

test('the safety user adds a compliance provider graded by percentage: the missing pass mark is named, then the provider is listed and its pass mark edited', async ({
  page,
}) => {
  const name = unique('E2E Avetta')
  const key = `e2e-avetta-${Date.now().toString(36)}`
  await login(page, 'safety@alliance.example')
  await page.goto('/safety/requirements')
  await expect(page.getByRole('heading', { name: 'Minimum safety requirements', level: 1 })).toBeVisible()
  await page.getByRole('button', { name: 'Add provider' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add a compliance provider' })
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name)
  await dialog.getByRole('textbox', { name: 'Key' }).fill(key)
  await dialog.getByRole('radio', { name: 'Percentage' }).check()
  // The contract lets the pass mark be empty; the server refuses it and names the field.
  await dialog.getByRole('button', { name: 'Add provider' }).click()
  await expect(dialog.getByRole('textbox', { name: /Pass mark/ })).toHaveAttribute('aria-invalid', 'true')
  await expect(dialog.getByText('Give the pass mark (a percentage)')).toBeVisible()
  await dialog.getByRole('textbox', { name: /Pass mark/ }).fill('80')
  await dialog.getByRole('button', { name: 'Add provider' }).click()
  await expect(dialog).toHaveCount(0)

  const row = page.getByRole('table', { name: 'Compliance providers' }).getByRole('row').filter({ hasText: name })
  await expect(row).toContainText('Percentage')
  await expect(row).toContainText(/80(\.00)?% or more/)

  await row.getByRole('button', { name: `Edit ${name}` }).click()
  const edit = page.getByRole('dialog', { name: `Edit ${name}` })
  await expect(edit.getByRole('textbox', { name: 'Key' })).toHaveValue(key)
  await edit.getByRole('textbox', { name: /Pass mark/ }).fill('85.5')
  await edit.getByRole('button', { name: 'Save provider' }).click()
  await expect(edit).toHaveCount(0)
  await expect(row).toContainText(/85\.50?% or more/)
})
