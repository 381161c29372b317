import { expect, test } from '@playwright/test'
import { login } from './helpers.ts'

// The strict Content-Security-Policy must not break the UI: no script, style or request it refuses.
test('the web UI and the API docs run under their Content-Security-Policy without a refusal', async ({ page }) => {
  const refused: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text())
  })
  let docs = false
  // Script errors count in the web UI; the docs page may lack its bundle when offline (a CDN), which is no refusal.
  page.on('pageerror', (e) => docs || refused.push(String(e)))
  await login(page, 'admin@alliance.example')
  const res = await page.goto('/partners')
  expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
  await expect(page.getByRole('heading', { name: 'Partners' }).first()).toBeVisible()
  await page
    .getByRole('link')
    .filter({ hasText: /Inc|Ltd|GmbH|Corp|LLC|Group|Systems|Solutions/ })
    .first()
    .click()
  await page.waitForLoadState('networkidle')
  docs = true
  await page.goto('/api/docs')
  await page.waitForLoadState('networkidle')
  expect(refused).toEqual([])
})
