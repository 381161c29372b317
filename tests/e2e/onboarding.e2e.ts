import { expect, test } from '@playwright/test'
import { apiLogin, login, mailTo, unique } from './helpers.ts'

// One story in two parts: GPA completes an onboarding case, then the new partner admin signs the agreement.
test.describe.configure({ mode: 'serial' })

const company = unique('E2E Onboarded Co')
const contactEmail = `admin.${Date.now().toString(36)}@onboarded.example`
let inviteUrl = ''

test('a GPA user converts a Contact Us inquiry into an onboarding case and completes it: the partner, its agreement and its invited admin', async ({
  page,
  request,
}) => {
  // A company writes in through Contact Us.
  const submitted = await request.post('/api/public/inquiries', {
    headers: { 'X-Forwarded-For': '203.0.113.77' },
    data: {
      company,
      website: `https://${Date.now().toString(36)}.onboarded.example`,
      country: 'GB',
      contactName: 'Ada Byron',
      email: contactEmail,
      message: 'We resell OEM storage for a deal you run.',
    },
  })
  expect(submitted.status()).toBe(201)

  // GPA converts it: deal-driven under POTC, for the deal that needs the partner.
  await login(page, 'gps@alliance.example')
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Inquiries' }).click()
  await page.getByLabel('Search inquiries').fill(company)
  await page.getByRole('table', { name: 'Inquiries' }).getByText(company).click()
  const convert = page.getByRole('group', { name: 'Convert to onboarding' })
  await convert.getByRole('button', { name: 'Convert to onboarding' }).click()
  await expect(convert.getByText('Required on the deal-driven path')).toBeVisible()
  await convert.getByLabel('Deal or opportunity').fill('OPP-E2E-1')
  await convert.getByRole('button', { name: 'Convert to onboarding' }).click()
  await expect(page.getByRole('heading', { name: company, level: 1 })).toBeVisible()
  await expect(page.getByText('Deal-driven · POTC')).toBeVisible()

  // Assign the owner: the case starts.
  await page.getByRole('combobox', { name: 'Owner' }).click()
  await page.getByRole('option', { name: 'Gina Park (GPS)' }).click()
  await expect(page.getByTestId('case-status')).toHaveText('In progress')

  // Completion waits for the checklist.
  const complete = page.getByRole('button', { name: 'Complete onboarding' })
  await expect(complete).toBeDisabled()
  const checklist = page.getByRole('group', { name: 'Checklist' })
  for (const item of [
    'Company details verified',
    'Deal confirmed with the requesting sales team',
    'Tax and banking details received',
    'Partner told the POTC terms are non-modifiable',
  ]) {
    await checklist.getByLabel(item).click()
    await expect(checklist.getByLabel(item)).toBeChecked()
  }
  await expect(checklist.getByLabel('First partner admin invited')).toBeDisabled()
  await page.getByRole('textbox', { name: 'New comment' }).fill('Tax forms received by mail')
  await page.getByRole('button', { name: 'Comment', exact: true }).click()
  await expect(page.getByText('Tax forms received by mail')).toBeVisible()

  await complete.click()
  const dialog = page.getByRole('dialog', { name: 'Complete onboarding' })
  await dialog.getByLabel('Agreement expiry date').fill('2020-01-01')
  await dialog.getByRole('button', { name: 'Complete and invite' }).click()
  await expect(dialog.getByText('Must be after the effective date')).toBeVisible()
  await dialog.getByLabel('Agreement expiry date').fill('2030-06-30')
  await dialog.getByRole('button', { name: 'Complete and invite' }).click()

  const invite = page.getByRole('dialog', { name: 'Invitation created' })
  await expect(invite).toContainText(contactEmail)
  await expect(invite).not.toContainText('token=')
  // The link reaches the new partner admin by email only.
  const mail = await mailTo(contactEmail, 'Your invitation to Alliance')
  inviteUrl = /https?:\/\/\S+\/accept-invitation\?token=inv_[\w-]+/.exec(mail.text)?.[0] ?? ''
  expect(inviteUrl).toMatch(/\/accept-invitation\?token=inv_/)
  await invite.getByRole('button', { name: 'Done' }).click()

  await expect(page.getByTestId('case-status')).toHaveText('Completed')
  await expect(checklist.getByLabel('First partner admin invited')).toBeChecked()
  await page.getByRole('link', { name: 'Open its agreement' }).click()
  await expect(page.getByRole('heading', { name: 'Purchase Order Terms & Conditions', level: 1 })).toBeVisible()
  await expect(page.getByTestId('agreement-status')).toHaveText('Out for signature')
  await expect(page.getByRole('table', { name: 'Agreement terms' })).toContainText('2026.1 (non-modifiable)')
  await page.getByRole('link', { name: company }).click()
  await expect(page.getByRole('heading', { name: company, level: 1 })).toBeVisible()
  await expect(page.getByText('Active', { exact: true }).first()).toBeVisible()
  await page.getByRole('tab', { name: 'Agreements' }).click()
  await expect(page.getByRole('table', { name: 'Agreements' }).getByRole('row', { name: /Purchase Order Terms/ })).toContainText(
    'Out for signature',
  )
})

test('the new partner admin accepts the invitation and signs the POTC as its fixed version', async ({ page }) => {
  expect(inviteUrl).not.toBe('')
  await page.goto(new URL(inviteUrl).pathname + new URL(inviteUrl).search)
  await page.getByRole('textbox', { name: 'New password' }).fill('a new partner password')
  await page.getByRole('textbox', { name: 'Repeat password' }).fill('a new partner password')
  await page.getByRole('button', { name: 'Activate account' }).click()
  // Setting the password signs the new admin in.
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible()

  // A new partner holds no tier yet: what its tier does not include is not offered.
  const nav = page.getByRole('navigation', { name: 'Main navigation' })
  await nav.getByRole('link', { name: 'My deals' }).click()
  await expect(page.getByText("Deal registration is not part of your company's tier yet.")).toBeVisible()
  await expect(page.getByRole('button', { name: 'Register a deal' })).toHaveCount(0)
  await expect(nav.getByRole('link', { name: 'Pipeline' })).toHaveCount(0)
  await page.goto('/deals/new')
  await expect(page.getByText("Deal registration is not included in your company's current tier.")).toBeVisible()
  await expect(page.getByLabel('Customer name')).toHaveCount(0)

  await nav.getByRole('link', { name: 'Agreements' }).click()
  const table = page.getByRole('table', { name: 'Agreements' })
  await expect(table.getByRole('row')).toHaveCount(2)
  await table.getByRole('link', { name: 'Purchase Order Terms & Conditions' }).click()

  const sign = page.getByRole('region', { name: 'Sign the agreement' })
  await expect(sign.getByLabel('POTC text')).toContainText('Non-modifiable')
  const button = sign.getByRole('button', { name: 'Sign agreement' })
  await expect(button).toBeDisabled()
  await sign.getByLabel('Type your full name to sign').fill('Ada Byron')
  await sign.getByLabel('I accept POTC version 2026.1', { exact: false }).check()
  await button.click()

  await expect(page.getByTestId('agreement-status')).toHaveText('Active')
  await expect(sign).toBeHidden()
  const signatures = page.getByRole('table', { name: 'Signatures' })
  await expect(signatures).toContainText('Ada Byron')
  await expect(signatures).toContainText('POTC 2026.1')
  await expect(page.getByRole('button', { name: 'Terminate' })).toHaveCount(0)
})

test('cancelling a case asks first and keeps the reason in its history', async ({ page, request }) => {
  const name = unique('E2E Cancelled Co')
  const csrf = await apiLogin(request, 'gps@alliance.example')
  const res = await request.post('/api/onboarding/cases', {
    headers: { 'X-CSRF-Token': csrf },
    data: {
      path: 'deal',
      agreementType: 'potc',
      legalName: name,
      headquartersCountry: 'GB',
      partnerType: 'oem',
      contactName: 'Ada Byron',
      contactEmail: `ada.${Date.now().toString(36)}@cancelled.example`,
      dealReference: 'OPP-2026-0999',
    },
  })
  expect(res.status()).toBe(201)
  const { id } = await res.json()
  await login(page, 'gps@alliance.example')
  await page.goto(`/onboarding/${id}`)
  // The page's button (the dialog has one of the same name).
  const cancel = page.getByRole('main').getByRole('button', { name: 'Cancel case' })
  await cancel.click()
  const dialog = page.getByRole('dialog', { name: 'Cancel this onboarding case?' })
  // Going back changes nothing; confirming needs a reason.
  await dialog.getByRole('button', { name: 'Go back' }).click()
  await expect(page.getByTestId('case-status')).not.toHaveText('Cancelled')
  await cancel.click()
  await dialog.getByRole('button', { name: 'Cancel case' }).click()
  await expect(dialog.getByText('Required')).toBeVisible()
  await dialog.getByLabel('Reason').fill('The customer chose another supplier')
  await expect(dialog.getByText('Required', { exact: true })).toHaveCount(0)
  await dialog.getByRole('button', { name: 'Cancel case' }).click()
  await expect(page.getByTestId('case-status')).toHaveText('Cancelled')
  await expect(page.getByLabel('Case history')).toContainText('Reason: The customer chose another supplier')
})
