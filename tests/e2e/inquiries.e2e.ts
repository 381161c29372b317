import { expect, test } from '@playwright/test'
import { login, mailTo, unique } from './helpers.ts'

test('a visitor sends the Contact Us form, checks its status, and sees the answer GPS gives', async ({ page }) => {
  const company = unique('Initech')
  const email = `peter.${Date.now().toString(36)}@initech.example`

  // From the sign-in page, without an account.
  await page.goto('/login')
  await page.getByRole('link', { name: 'Contact us about partnering' }).click()
  await expect(page.getByRole('heading', { name: 'Become a partner' })).toBeVisible()
  const form = page.getByRole('form', { name: 'Contact us' })

  // Sending it empty marks the missing fields and moves focus to the first; a bad website is named on its field.
  await form.getByRole('button', { name: 'Send inquiry' }).click()
  await expect(form.getByText('Required', { exact: true })).toHaveCount(5)
  await expect(form.getByLabel('Company')).toBeFocused()
  await form.getByLabel('Company').fill(company)
  await form.getByLabel('Website').fill('not a website')
  await form.getByRole('combobox', { name: 'Country' }).fill('United States of America')
  await page.getByRole('option', { name: 'United States of America (US)' }).click()
  await form.getByLabel('Your name').fill('Peter Gibbons')
  await form.getByLabel('Email').fill(email)
  await form.getByLabel('Message').fill('We resell storage.')
  await form.getByRole('button', { name: 'Send inquiry' }).click()
  await expect(page.getByText('A website address such as https://example.com')).toBeVisible()
  await expect(form.getByLabel('Website')).toBeFocused()
  await expect(form.getByText('Required', { exact: true })).toHaveCount(0)
  await form.getByLabel('Website').fill('https://initech.example')
  await expect(page.getByText('A website address such as https://example.com')).toHaveCount(0)
  await form.getByRole('button', { name: 'Send inquiry' }).click()

  await expect(page.getByRole('heading', { name: 'Thank you' })).toBeVisible()
  const reference = (await page.getByTestId('inquiry-reference').textContent())!.trim()
  expect(reference).toMatch(/^INQ-\w{4}-\w{4}$/)

  // The status page wants the reference and the right email.
  await page.getByRole('link', { name: 'Check the status of your inquiry' }).click()
  await expect(page.getByLabel('Reference')).toHaveValue(reference)
  await page.getByLabel('Email').fill('someone.else@initech.example')
  await page.getByRole('button', { name: 'Check status' }).click()
  await expect(page.getByRole('alert')).toContainText('We found no inquiry with this reference and email')
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Check status' }).click()
  await expect(page.getByTestId('inquiry-status')).toHaveText('Received')

  // GPS finds it in the queue and asks for information.
  await login(page, 'gps@alliance.example')
  await page.getByRole('link', { name: 'Inquiries' }).click()
  await page.getByLabel('Search inquiries').fill(reference)
  await page.getByRole('table', { name: 'Inquiries' }).getByText(company).click()
  await expect(page.getByRole('heading', { name: company })).toBeVisible()
  await page.getByRole('combobox', { name: 'Change status' }).click()
  await page.getByRole('option', { name: 'Needs information' }).click()
  await page.getByLabel('What information is needed (sent to the submitter)').fill('Please send your reseller certificate.')
  await page.getByRole('button', { name: 'Save status' }).click()
  await expect(page.getByTestId('inquiry-status')).toHaveText('Needs information')
  await expect(page.getByLabel('Inquiry history')).toContainText('Status: Needs information.')

  // The visitor sees the new status and what is asked of them.
  await page.getByRole('button', { name: 'Account menu' }).click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await page.goto(`/inquiry-status?reference=${reference}`)
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Check status' }).click()
  await expect(page.getByTestId('inquiry-status')).toHaveText('Needs information')
  // What the team asks reaches the submitter by email only, never through the public page.
  await expect(page.getByLabel('Inquiry status')).not.toContainText('Please send your reseller certificate.')
  const asked = await mailTo(email, `Your partnership inquiry ${reference}: Needs information`)
  expect(asked.text).toContain('Please send your reseller certificate.')
})

test('an administrator sees the acknowledgement in the mail outbox', async ({ page, request }) => {
  const email = `outbox.${Date.now().toString(36)}@outbox.example`
  const res = await request.post('/api/public/inquiries', {
    data: {
      company: unique('Outbox Co'),
      website: 'https://outbox.example',
      country: 'CA',
      contactName: 'Olive Outbox',
      email,
      message: 'Hello.',
    },
  })
  expect(res.status()).toBe(201)
  const { reference } = await res.json()
  await login(page, 'admin@alliance.example')
  await page.getByRole('link', { name: 'Mail' }).click()
  await page.getByLabel('Search mail').fill(email)
  const row = page.getByRole('table', { name: 'Mail' }).getByRole('row', { name: new RegExp(reference) })
  await expect(row).toContainText(/queued|sent/)
  await row.getByRole('button', { name: /We received your partnership inquiry/ }).click()
  await page.getByRole('tab', { name: 'Text' }).click()
  await expect(page.getByRole('dialog')).toContainText(`Your reference: ${reference}`)
})

test('an administrator adds a routing rule and switches it off', async ({ page }) => {
  const name = unique('Existing partners')
  await login(page, 'admin@alliance.example')
  await page.goto('/inquiries')
  await page.getByRole('link', { name: 'Routing rules' }).click()
  await page.getByRole('button', { name: 'Add rule' }).click()
  const dialog = page.getByRole('dialog', { name: 'New routing rule' })
  await dialog.getByRole('button', { name: 'Add rule' }).click()
  await expect(dialog.getByText('Name the rule')).toBeVisible()
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByRole('combobox', { name: 'Company domain' }).click()
  await page.getByRole('option', { name: 'Domain is an existing partner' }).click()
  await dialog.getByRole('button', { name: 'Add rule' }).click()
  await expect(dialog).toBeHidden()
  const row = page.getByRole('table', { name: 'Routing rules' }).getByRole('row', { name: new RegExp(name) })
  await expect(row).toContainText('domain is an existing partner')
  await expect(row).toContainText('Global Partner Alliances')
  await row.getByRole('switch', { name: `${name} active` }).click({ force: true })
  await expect(row.getByRole('switch', { name: `${name} active` })).not.toBeChecked()
})
