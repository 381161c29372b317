import { expect, test } from '@playwright/test'
import { login, mailTo, unique } from './helpers.ts'

test('an admin adds a user and creates an API token', async ({ page }) => {
  await login(page, 'admin@alliance.example')
  const nav = page.getByRole('navigation', { name: 'Main navigation' })

  await nav.getByRole('link', { name: 'Users' }).click()
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible()
  const email = `${unique('e2e').replace(/\s+/g, '.').toLowerCase()}@alliance.example`
  await page.getByRole('button', { name: 'Add user' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add user' })
  await dialog.getByLabel('Email').fill(email)
  await dialog.getByLabel('Full name').fill('E2E Invitee')
  await dialog.getByRole('combobox', { name: 'Role' }).click()
  await page.getByRole('option', { name: 'Marketing' }).click()
  await dialog.getByRole('button', { name: 'Add user' }).click()

  const invite = page.getByRole('dialog', { name: 'Invitation created' })
  // The link goes to the invited person only, by email; nobody else sees it.
  await expect(invite).toContainText(`We are emailing an invitation link to ${email}`)
  await expect(invite).not.toContainText('token=')
  const oldLink =
    /https?:\/\/\S+\/accept-invitation\?token=inv_[\w-]+/.exec((await mailTo(email, 'Your invitation to Alliance')).text)?.[0] ?? ''
  await invite.getByRole('button', { name: 'Done' }).click()
  await page.getByLabel('Search users').fill(email)
  const row = page.getByRole('row', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) })
  await expect(row).toBeVisible()
  await expect(row.getByText('invited')).toBeVisible()

  // The link was lost: the admin sends a new one; deactivating asks first.
  await row.getByRole('button', { name: 'Resend invitation' }).click()
  const resent = page.getByRole('dialog', { name: 'Invitation created' })
  await expect(resent).toContainText(email)
  await resent.getByRole('button', { name: 'Done' }).click()
  let newLink = oldLink
  await expect
    .poll(
      async () =>
        (newLink =
          /https?:\/\/\S+\/accept-invitation\?token=inv_[\w-]+/.exec((await mailTo(email, 'Your invitation to Alliance')).text)?.[0] ??
          oldLink),
    )
    .not.toBe(oldLink)
  await row.getByRole('button', { name: 'Deactivate' }).click()
  const confirm = page.getByRole('dialog', { name: 'Deactivate E2E Invitee?' })
  await expect(confirm).toContainText('signed out everywhere')
  await confirm.getByRole('button', { name: 'Go back' }).click()
  await expect(row.getByText('invited')).toBeVisible()

  await nav.getByRole('link', { name: 'API tokens' }).click()
  await page.getByRole('button', { name: 'New token' }).click()
  const tokenName = unique('E2E token')
  await page.getByRole('dialog').getByLabel('Name').fill(tokenName)
  await page.getByRole('button', { name: 'Create token' }).click()
  const secret = page.getByTestId('token-secret')
  await expect(secret).toBeVisible()
  const token = (await secret.textContent())?.trim() ?? ''
  expect(token.length).toBeGreaterThan(20)
  await page.getByRole('button', { name: 'Done' }).click()
  await expect(page.getByRole('table', { name: 'API tokens' }).getByRole('row', { name: new RegExp(tokenName) })).toBeVisible()

  // The secret works as a bearer token against the API.
  const res = await page.request.get('/api/auth/me', { headers: { Authorization: `Bearer ${token}` } })
  expect(res.status()).toBe(200)

  // The invitee: the first link no longer works and offers to ask for a new one; the new link signs them in.
  await page.context().clearCookies()
  await page.goto(new URL(oldLink).pathname + new URL(oldLink).search)
  await page.getByRole('textbox', { name: 'New password' }).fill('an invitee password')
  await page.getByRole('textbox', { name: 'Repeat password' }).fill('an invitee password')
  await page.getByRole('button', { name: 'Activate account' }).click()
  const renew = page.getByRole('form', { name: 'Ask for a new invitation link' })
  await expect(renew.getByRole('button', { name: 'Send me a new link' })).toBeVisible()
  await page.goto(new URL(newLink).pathname + new URL(newLink).search)
  await page.getByRole('textbox', { name: 'New password' }).fill('an invitee password')
  await page.getByRole('textbox', { name: 'Repeat password' }).fill('an invitee password')
  await page.getByRole('button', { name: 'Activate account' }).click()
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible()
})
