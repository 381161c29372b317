import { expect, test } from '@playwright/test'
import { apiLogin, login, unique } from './helpers.ts'

test('a partner manager finds ACME by fuzzy search and opens it', async ({ page }) => {
  await login(page, 'pm@alliance.example')
  await page.goto('/partners')
  await expect(page.getByRole('heading', { name: 'Partners', level: 1 })).toBeVisible()
  const table = page.getByRole('table', { name: 'Partners' })

  for (const q of ['acme', 'acmee']) {
    // Wait for this very search's answer, so the second assertion does not pass on the first search's rows.
    const answered = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/partners' && new URL(r.url()).searchParams.get('q') === q,
    )
    await page.getByLabel('Search').fill(q)
    expect((await answered).status()).toBe(200)
    await expect(table.getByRole('link', { name: 'ACME Corporation Inc.' })).toBeVisible()
    await expect(table.getByRole('row')).not.toHaveCount(1)
  }
  await table.getByRole('link', { name: 'ACME Corporation Inc.' }).click()
  await expect(page.getByRole('heading', { name: 'ACME Corporation Inc.', level: 1 })).toBeVisible()
  await expect(page.getByText('acmecorporationinc.example').first()).toBeVisible()

  await page.getByRole('tab', { name: 'Timeline' }).click()
  await expect(page.getByRole('tabpanel', { name: 'Timeline' }).getByText(/^by /).first()).toBeVisible()
  await page.getByRole('tab', { name: 'Contacts' }).click()
  await expect(page.getByRole('table', { name: 'Contacts' }).getByRole('row', { name: /Dana Nguyen/ })).toBeVisible()
})

test('creating a partner shows the server field error, then saves; editing changes the name', async ({ page }) => {
  const name = unique('E2E Partner')
  await login(page, 'pm@alliance.example')
  await page.goto('/partners')
  await page.getByRole('link', { name: 'New partner' }).click()
  await expect(page.getByRole('heading', { name: 'New partner' })).toBeVisible()

  await page.getByLabel('Legal name').fill(name)
  await page.getByLabel('Website').fill('not a url')
  await page.getByRole('combobox', { name: 'Partner type' }).click()
  await page.getByRole('option', { name: 'Service partner' }).click()
  await page.getByRole('combobox', { name: 'Headquarters country' }).fill('Germany')
  await page.getByRole('option', { name: /Germany \(DE\)/ }).click()
  await page.getByRole('button', { name: 'Create partner' }).click()

  // The server's 400 VALIDATION_FAILED lands next to the website field.
  const website = page.getByLabel('Website')
  await expect(website).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText('Use an http:// or https:// address with a host name, e.g. https://example.com')).toBeVisible()

  // Domains are unique across partners: a fresh one per run.
  const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example.com`
  await website.fill(`https://${domain}`)
  await page.getByRole('button', { name: 'Create partner' }).click()
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible()
  await expect(page.getByText(domain).first()).toBeVisible()

  await page.getByRole('link', { name: 'Edit' }).click()
  await expect(page.getByRole('heading', { name: `Edit ${name}` })).toBeVisible()
  const renamed = `${name} Renamed`
  await page.getByLabel('Legal name').fill(renamed)
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('heading', { name: renamed, level: 1 })).toBeVisible()

  await page.getByRole('tab', { name: 'Timeline' }).click()
  await expect(page.getByRole('tabpanel', { name: 'Timeline' }).getByText(renamed).first()).toBeVisible()
})

test('saving over a change made meanwhile says the partner changed since it was loaded', async ({ page, request }) => {
  const name = unique('E2E Conflict')
  const csrf = await apiLogin(request, 'pm@alliance.example')
  const headers = { 'X-CSRF-Token': csrf }
  const created = await request.post('/api/partners', { headers, data: { legalName: name, type: 'oem', headquartersCountry: 'FR' } })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }

  await login(page, 'pm@alliance.example')
  await page.goto(`/partners/${id}/edit`)
  await expect(page.getByRole('heading', { name: `Edit ${name}` })).toBeVisible()
  // Someone else saves first.
  expect((await request.patch(`/api/partners/${id}`, { headers, data: { aliases: ['Elsewhere'] } })).status()).toBe(200)

  await page.getByLabel('Legal name').fill(`${name} Mine`)
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'changed since you loaded it' })).toBeVisible()
})
