import { expect, test } from '@playwright/test'
import { apiLogin, login, unique } from './helpers.ts'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
const today = new Date().toISOString().slice(0, 10)

test('MDF: request → approve → claim with proof → approve → paid, the balance on the partner page following each step', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000) // three people in three browser sessions
  // A Strategic partner with a user, and its allocation for this year (the tier's default, 250,000 USD).
  let csrf = await apiLogin(request, 'admin@alliance.example')
  const created = await request.post('/api/partners', {
    headers: { 'X-CSRF-Token': csrf },
    data: { legalName: unique('E2E Funds Co'), type: 'oem', headquartersCountry: 'US', status: 'active', tier: 'strategic' },
  })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  const email = `user.${Date.now().toString(36)}@fundsco.example`
  const user = await request.post('/api/users', {
    headers: { 'X-CSRF-Token': csrf },
    data: { email, name: 'Fay Funds', role: 'partner_user', partnerId: id, password: 'funds-co-user-pass' },
  })
  expect(user.status()).toBe(201)
  await request.post('/api/auth/logout', { headers: { 'X-CSRF-Token': csrf } })
  csrf = await apiLogin(request, 'marketing@alliance.example')
  const alloc = await request.put('/api/funds/allocations', {
    headers: { 'X-CSRF-Token': csrf },
    data: { partnerId: id, programYear: Number(today.slice(0, 4)) },
  })
  expect(alloc.status()).toBe(200)

  // The partner asks for pre-approval.
  const title = unique('Summit booth')
  await login(page, email, 'funds-co-user-pass')
  await page.getByRole('link', { name: 'Marketing funds' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Marketing funds' })).toBeVisible()
  const balances = page.getByTestId('fund-balances')
  await expect(balances.getByTestId('available')).toHaveText('$250,000.00')
  await page.getByLabel('Title').fill(title)
  await page.getByLabel('Starts on').fill(today)
  await page.getByLabel('Ends on').fill(today)
  await page.getByLabel('Amount').fill('12,000')
  await page.getByLabel('Plan').fill('A booth with two demos')
  await page.getByLabel('Expected outcomes').fill('40 qualified leads')
  await page.getByRole('button', { name: 'Submit request' }).click()
  const card = page.getByTestId(`request-${title}`)
  await expect(card.getByTestId('request-status')).toHaveText('submitted')

  // Marketing approves it from the queue (within the 25,000 limit).
  const staff = await page.context().browser()!.newContext()
  const mpage = await staff.newPage()
  await login(mpage, 'marketing@alliance.example')
  await mpage.goto('/funds')
  await mpage.getByTestId(`request-${title}`).getByRole('button', { name: 'Approve request' }).click()
  await expect(mpage.getByTestId(`request-${title}`)).toHaveCount(0)

  await page.reload()
  await expect(card.getByTestId('request-status')).toHaveText('approved')
  await expect(balances.getByTestId('available')).toHaveText('$238,000.00')
  await expect(balances.getByTestId('committed')).toHaveText('$12,000.00')

  // The partner claims 10,000 with proof.
  await card.getByLabel('Claim amount').fill('10000')
  await card.getByLabel('What was done').fill('Booth, invoice attached')
  await card.locator('input[type=file]').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: PDF })
  await card.getByRole('button', { name: 'Submit claim' }).click()
  await expect(card.getByTestId('claim-status')).toHaveText('submitted')
  await expect(card.getByRole('link', { name: 'invoice.pdf' })).toBeVisible()

  // Marketing approves the claim; the balance shows it approved, not yet paid.
  await mpage.reload()
  await mpage.getByTestId(`request-${title}`).getByRole('button', { name: 'Approve claim' }).click()
  await expect(mpage.getByTestId(`request-${title}`).getByTestId('claim-status')).toHaveText('approved')
  await page.reload()
  await expect(card.getByTestId('claim-status')).toHaveText('approved')
  await expect(balances.getByTestId('committed')).toHaveText('$2,000.00')
  await expect(balances.getByTestId('payable')).toHaveText('$10,000.00')

  // Partner Incentives records the payment with its reference.
  const ipage = await (await page.context().browser()!.newContext()).newPage()
  await login(ipage, 'incentives@alliance.example')
  await ipage.goto('/funds')
  await ipage.getByTestId(`request-${title}`).getByRole('button', { name: 'Record payment' }).click()
  await ipage.getByLabel('Payment reference').fill('PAY-E2E-1')
  await ipage.getByRole('button', { name: 'Record payment' }).last().click()
  await expect(ipage.getByTestId(`request-${title}`)).toHaveCount(0)

  await page.reload()
  await expect(card.getByTestId('claim-status')).toHaveText('paid')
  await expect(card).toContainText('PAY-E2E-1')
  await expect(balances.getByTestId('payable')).toHaveText('$0.00')
  await expect(balances.getByTestId('paid')).toHaveText('$10,000.00')
  await expect(balances.getByTestId('available')).toHaveText('$238,000.00')
})
