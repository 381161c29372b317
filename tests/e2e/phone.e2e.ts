import { expect, test, type Page } from '@playwright/test'
import { login } from './helpers.ts'

test.use({ viewport: { width: 390, height: 844 } })

/** Nothing on the page is wider than the phone: what does not fit scrolls inside its own box. */
const fitsTheScreen = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

test('at 390 × 844 the header, the filters and the lists stay within the screen', async ({ page }) => {
  await login(page, 'gps@alliance.example')
  const account = await page.getByRole('button', { name: 'Account menu' }).boundingBox()
  expect(account && account.x + account.width).toBeLessThanOrEqual(390)
  expect(await fitsTheScreen(page)).toBe(true)

  await page.goto('/inquiries')
  await expect(page.getByRole('heading', { name: 'Inquiries', level: 1 })).toBeVisible()
  expect(await fitsTheScreen(page)).toBe(true)
  // Every status filter is reachable by touch: the last one scrolls into view and can be chosen.
  const filters = page.getByRole('radiogroup', { name: 'Status filter' })
  await filters.locator('label').last().click()
  await expect(filters.getByRole('radio').last()).toBeChecked()

  await page.goto('/deals')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  expect(await fitsTheScreen(page)).toBe(true)
})
