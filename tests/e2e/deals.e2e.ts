import { expect, test } from '@playwright/test'
import { apiLogin, login, unique } from './helpers.ts'

test('a partner registers a deal that conflicts, sees only that a conflict may exist, and a reviewer resolves it side by side', async ({
  page,
  request,
}) => {
  const name = unique('Zorgon').replace(' ', '')
  const domain = `${name.toLowerCase()}.example`
  // ACME registers the customer first.
  const csrf = await apiLogin(request, 'user@acme.example')
  const first = await request.post('/api/deals', {
    headers: { 'X-CSRF-Token': csrf },
    data: {
      customer: { name: `${name} Industries Inc.`, domain, country: 'US' },
      products: ['Storage'],
      value: { amount: '420000.00', currency: 'USD' },
      expectedCloseDate: '2027-05-31',
    },
  })
  expect(first.status()).toBe(201)

  // Globex registers the same customer, written differently; the check warns while the form is typed.
  await login(page, 'user@globex.example')
  await page.getByRole('link', { name: 'My deals' }).click()
  await page.getByRole('button', { name: 'Register a deal' }).click()
  // An empty submit marks each missing field in plain words and moves focus to the first.
  const form = page.getByRole('form', { name: 'Register a deal' })
  await page.getByRole('button', { name: 'Register', exact: true }).click()
  await expect(form.getByText('Required', { exact: true })).toHaveCount(4)
  await expect(form.getByText('Name at least one product or solution')).toBeVisible()
  await expect(page.getByLabel('Customer name')).toBeFocused()
  await page.getByLabel('Customer name').fill(`${name.toUpperCase()} industries`)
  await expect(form.getByText('Required', { exact: true })).toHaveCount(3)
  await expect(page.getByRole('status').filter({ hasText: 'Possible conflict' })).toBeVisible()
  await page.getByLabel('Customer website or domain').fill(`https://www.${domain}/about`)
  await page.getByRole('combobox', { name: 'Customer country' }).fill('United States')
  await page.getByRole('option', { name: /United States of America \(US\)/ }).click()
  const products = page.getByRole('combobox', { name: 'Products and solutions' })
  await products.fill('Storage')
  await products.press('Enter')
  await page.getByLabel('Estimated value').fill('310,000')
  await page.getByLabel('Expected close date').fill('Jun 30, 2027')
  await page.getByLabel('Description').click()
  // Each message went as its field was fixed; the amount reads with separators.
  await expect(form.getByText('Required', { exact: true })).toHaveCount(0)
  await expect(form.getByText('Name at least one product or solution')).toHaveCount(0)
  await expect(page.getByLabel('Estimated value')).toHaveValue('310,000')
  await expect(page.getByRole('status').filter({ hasText: 'Possible conflict' })).toContainText('Partner Incentives team reviews')
  await expect(page.locator('body')).not.toContainText('ACME')
  await page.getByRole('button', { name: 'Register', exact: true }).click()

  await expect(page.getByRole('heading', { name: `${name.toUpperCase()} industries`, level: 1 })).toBeVisible()
  await expect(page.getByText('A possible conflict with another registration was found')).toBeVisible()
  await expect(page.getByText('Under review')).toBeVisible()
  await expect(page.locator('body')).not.toContainText('ACME')
  await expect(page.locator('body')).not.toContainText('420,000')

  // The reviewer finds it in the incentives queue, compares the two registrations and rejects it with a reason.
  await page.context().clearCookies()
  await login(page, 'incentives@alliance.example')
  // The navigation link carries the count of reviews waiting ("Deals 3 waiting").
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: /^Deals/ })
    .click()
  await page.getByLabel('Customer').fill(name)
  await page.getByRole('link', { name: `${name.toUpperCase()} industries`, exact: true }).click()
  const comparison = page.getByLabel('Conflict comparison')
  await expect(comparison).toContainText('same domain')
  await expect(comparison).toContainText('ACME Corporation Inc.')
  await expect(comparison).toContainText('$420,000.00')
  await expect(comparison).toContainText('Globex Systems GmbH')
  await page.getByRole('button', { name: 'Reject' }).click()
  await page.getByLabel('Reason').fill('ACME registered this opportunity first')
  await page.getByRole('dialog').getByRole('button', { name: 'Reject' }).click()
  await expect(page.getByText('Rejected', { exact: true }).first()).toBeVisible()
  await expect(page.getByText('ACME registered this opportunity first').first()).toBeVisible()
})
