import { expect, test } from '@playwright/test'
import { apiLogin, login, unique } from './helpers.ts'

test("a deal is approved, the partner user's bell shows it, and its link opens the deal", async ({ page, request }) => {
  const name = unique('Bellwether').replace(' ', '')
  let csrf = await apiLogin(request, 'user@acme.example')
  const registered = await request.post('/api/deals', {
    headers: { 'X-CSRF-Token': csrf },
    data: {
      customer: { name: `${name} Corp`, domain: `${name.toLowerCase()}.example`, country: 'US' },
      products: ['Networking'],
      value: { amount: '180000.00', currency: 'USD' },
      expectedCloseDate: '2027-06-30',
    },
  })
  expect(registered.status()).toBe(201)
  const { id } = await registered.json()

  await login(page, 'user@acme.example')
  await page.goto('/my-company')
  expect((await request.post('/api/auth/logout', { headers: { 'X-CSRF-Token': csrf } })).ok()).toBe(true)
  csrf = await apiLogin(request, 'incentives@alliance.example')
  expect((await request.post(`/api/deals/${id}/approve`, { headers: { 'X-CSRF-Token': csrf }, data: {} })).status()).toBe(200)

  // No reload: the bell picks the approval up on its next poll.
  const bell = page.getByRole('button', { name: /Notifications, \d+ unread/ })
  await expect(bell).toBeVisible({ timeout: 30_000 })
  await bell.click()
  const item = page.getByRole('button', { name: new RegExp(`Deal registration approved: ${name} Corp`) })
  await expect(item).toBeVisible({ timeout: 30_000 })
  await item.click()
  await expect(page).toHaveURL(new RegExp(`/deals/${id}$`))
  await expect(page.getByRole('heading', { name: `${name} Corp`, level: 1 })).toBeVisible()
})
