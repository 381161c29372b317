import { expect, test } from '@playwright/test'
import { apiLogin, login, mailTo, unique } from './helpers.ts'

const year = new Date().getUTCFullYear()

test('marketing invites a partner to JAM, its admin accepts, and a partner user registers for the symposium and gets the confirmation', async ({
  page,
  request,
}) => {
  // A Strategic partner (its tier offers JAM by invitation) with an admin and a user.
  const name = unique('E2E Joint Marketing')
  const stamp = Date.now().toString(36)
  const adminEmail = `admin.${stamp}@jointmarketing.example`
  const userEmail = `user.${stamp}@jointmarketing.example`
  const csrf = await apiLogin(request, 'admin@alliance.example')
  const created = await request.post('/api/partners', {
    headers: { 'X-CSRF-Token': csrf },
    data: { legalName: name, type: 'oem', headquartersCountry: 'US', status: 'active', tier: 'strategic' },
  })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  for (const [email, role] of [
    [adminEmail, 'partner_admin'],
    [userEmail, 'partner_user'],
  ] as const) {
    const res = await request.post('/api/users', {
      headers: { 'X-CSRF-Token': csrf },
      data: { email, name: `${role} ${stamp}`, role, partnerId: id, password: 'joint-marketing-pass' },
    })
    expect(res.status()).toBe(201)
  }

  // Marketing invites the partner to JAM.
  await login(page, 'marketing@alliance.example')
  await page.getByRole('link', { name: 'JAM & JEM' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Marketing programs' })).toBeVisible()
  await page.getByRole('button', { name: 'Invite a partner' }).click()
  const form = page.getByRole('form', { name: 'Invite a partner' })
  await form.getByRole('combobox', { name: 'Partner' }).fill(name)
  await page.getByRole('option', { name }).click()
  await form.getByRole('textbox', { name: 'Starts on' }).fill(`${year}-01-01`)
  await form.getByRole('textbox', { name: 'Ends on' }).fill(`${year + 1}-12-31`)
  await form.getByRole('textbox', { name: 'Ends on' }).press('Tab')
  await form.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('invited')

  // Its admin accepts: the membership is active and the partner page enhanced.
  await page.context().clearCookies()
  await login(page, adminEmail, 'joint-marketing-pass')
  await page.goto('/programs')
  await page.getByRole('button', { name: 'Accept JAM' }).click()
  await expect(page.getByRole('table', { name: 'Program memberships' })).toContainText('active')
  await expect(page.getByText('Partner page:')).toContainText('enhanced')

  // A partner user registers for the symposium and the confirmation (with its calendar invitation) arrives.
  await page.context().clearCookies()
  await login(page, userEmail, 'joint-marketing-pass')
  await page.getByRole('link', { name: 'Events' }).click()
  await page.getByRole('link', { name: 'Virtual Partner Symposium' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Virtual Partner Symposium' })).toBeVisible()
  await expect(page.getByText('Q&A: Questions and answers')).toBeVisible()
  await page.getByRole('button', { name: 'Register' }).click()
  await expect(page.getByText('You are registered.')).toBeVisible()
  const mail = await mailTo(userEmail, 'You are registered: Virtual Partner Symposium')
  expect(mail.text).toContain('(America/Chicago)')
  expect(mail.calendar).toMatch(/BEGIN:VCALENDAR[\s\S]*METHOD:REQUEST[\s\S]*SUMMARY:Virtual Partner Symposium/)
})
