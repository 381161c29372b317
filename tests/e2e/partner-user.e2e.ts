import { expect, test } from '@playwright/test'
import { login, partnerIdByName } from './helpers.ts'

test('a partner user lands on its home, opens My company and cannot see another partner', async ({ page, request }) => {
  const globexId = await partnerIdByName(request, 'Globex Systems GmbH')

  await login(page, 'user@acme.example')
  await expect(page).toHaveURL(/\/$/)
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My company' }).click()
  await expect(page.getByRole('heading', { name: 'ACME Corporation Inc.', level: 1 })).toBeVisible()
  const nav = page.getByRole('navigation', { name: 'Main navigation' })
  await expect(nav.getByRole('link', { name: 'My company' })).toBeVisible()
  await expect(nav.getByRole('link', { name: 'Partners' })).toHaveCount(0)
  // A Strategic partner's tier includes pipeline reporting and deal registration.
  await expect(nav.getByRole('link', { name: 'Pipeline' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0)

  await page.goto(`/partners/${globexId}`)
  await expect(page.getByRole('heading', { name: 'Partner not found' })).toBeVisible()
  await expect(page.getByText('Globex Systems GmbH')).toHaveCount(0)
})
