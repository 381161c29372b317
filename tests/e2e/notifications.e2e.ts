import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'
import { Webhook } from 'standardwebhooks'
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

test('a partner admin subscribes a webhook in the page, keeps the secret shown once, and a deal approval reaches the receiver signed', async ({
  page,
  request,
}) => {
  // The company's CRM: a receiver on this machine.
  const received: { headers: Record<string, string>; body: string }[] = []
  const receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alliance`
  try {
    await login(page, 'admin@acme.example')
    await page.getByRole('link', { name: 'Webhooks' }).click()
    await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible()
    await page.getByRole('button', { name: 'New subscription' }).click()
    const form = page.getByRole('form', { name: 'New webhook subscription' })
    await form.getByRole('textbox', { name: 'URL' }).fill(url)
    await form.getByRole('combobox', { name: 'Events' }).click()
    await page.getByRole('option', { name: /^deal\.approved/ }).click()
    await page.keyboard.press('Escape')
    await form.getByRole('button', { name: 'Create subscription' }).click()
    const secret = (await page.getByTestId('webhook-secret').textContent())!.trim()
    expect(secret).toMatch(/^whsec_/)
    await page.getByRole('button', { name: 'Done' }).click()
    const row = page.getByRole('row', { name: new RegExp(url.replace(/[.]/g, '\\.')) })
    await expect(row.getByText('Active')).toBeVisible()
    // Shown once: the page no longer holds it.
    await expect(page.getByText(secret)).toHaveCount(0)

    const name = unique('Hookworth').replace(' ', '')
    let csrf = await apiLogin(request, 'user@acme.example')
    const registered = await request.post('/api/deals', {
      headers: { 'X-CSRF-Token': csrf },
      data: {
        customer: { name: `${name} Corp`, domain: `${name.toLowerCase()}.example`, country: 'US' },
        products: ['Networking'],
        value: { amount: '120000.00', currency: 'USD' },
        expectedCloseDate: '2027-06-30',
      },
    })
    const { id } = await registered.json()
    await request.post('/api/auth/logout', { headers: { 'X-CSRF-Token': csrf } })
    csrf = await apiLogin(request, 'incentives@alliance.example')
    expect((await request.post(`/api/deals/${id}/approve`, { headers: { 'X-CSRF-Token': csrf }, data: {} })).status()).toBe(200)

    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(0)
    const event = new Webhook(secret).verify(received[0]!.body, received[0]!.headers) as { type: string; data: { dealId: string } }
    expect(event).toMatchObject({ type: 'deal.approved', data: { dealId: id } })

    await row.getByRole('button', { name: /^Deliveries of/ }).click()
    const log = page.getByRole('table', { name: 'Deliveries' })
    await expect(log.getByRole('row', { name: /deal\.approved.*succeeded.*204/ })).toBeVisible({ timeout: 15_000 })
    await row.getByRole('button', { name: /^Send test event/ }).click()
    await expect(log.getByRole('row', { name: /webhook\.test.*succeeded.*204/ })).toBeVisible({ timeout: 15_000 })
    await expect.poll(() => received.map((r) => JSON.parse(r.body).type)).toContain('webhook.test')

    await row.getByRole('switch').click()
    await expect(row.getByText('Disabled')).toBeVisible()
    await row.getByRole('button', { name: /^Delete/ }).click()
    await page.getByRole('dialog', { name: 'Delete subscription' }).getByRole('button', { name: 'Delete' }).click()
    await expect(row).toHaveCount(0)
  } finally {
    await new Promise((r) => receiver.close(r))
  }
})
