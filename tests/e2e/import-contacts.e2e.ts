import { expect, test } from '@playwright/test'
import { login, unique } from './helpers.ts'

test('import shows every row error, then imports a valid file; contacts can be added, edited and removed', async ({ page }) => {
  await login(page, 'pm@alliance.example')
  await page.goto('/partners')
  const name = unique('E2E Import')
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-')

  await page.getByRole('button', { name: 'Import' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import partners' })
  const bad = ['legalName,type,headquartersCountry,website', `${name} A,oem,XX,https://${slug}-a.example`, `,service,DE,not a url`].join(
    '\n',
  )
  await dialog.locator('input[type=file]').setInputFiles({ name: 'partners.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
  await dialog.getByRole('button', { name: 'Import' }).click()
  const errors = dialog.getByRole('table', { name: 'Import errors' })
  await expect(errors).toBeVisible()
  await expect(errors.getByRole('row', { name: /2 headquartersCountry/ })).toBeVisible()
  await expect(errors.getByRole('row', { name: /3 legalName/ })).toBeVisible()
  await expect(errors.getByRole('row', { name: /3 website/ })).toBeVisible()

  const good = ['legalName,type,headquartersCountry,website', `${name} A,oem,US,https://${slug}-a.example`].join('\n')
  await dialog.locator('input[type=file]').setInputFiles({ name: 'partners.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(dialog).toBeHidden()
  await page.getByLabel('Search').fill(`${name} A`)
  await page
    .getByRole('table', { name: 'Partners' })
    .getByRole('link', { name: `${name} A` })
    .click()
  await expect(page.getByRole('heading', { name: `${name} A`, level: 1 })).toBeVisible()

  await page.getByRole('tab', { name: 'Contacts' }).click()
  await expect(page.getByText('No contacts yet')).toBeVisible()
  await page.getByRole('button', { name: 'Add contact' }).click()
  const contact = page.getByRole('dialog', { name: 'Add contact' })
  await contact.getByLabel('Name').fill('Jordan Example')
  await contact.getByLabel('Email').fill('not-an-email')
  await contact.getByRole('button', { name: 'Add contact' }).click()
  await expect(contact.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true')
  await contact.getByLabel('Email').fill('jordan@example.com')
  await contact.getByRole('button', { name: 'Add contact' }).click()
  const contacts = page.getByRole('table', { name: 'Contacts' })
  await expect(contacts.getByRole('row', { name: /Jordan Example/ })).toBeVisible()

  await contacts
    .getByRole('row', { name: /Jordan Example/ })
    .getByRole('button', { name: 'Edit' })
    .click()
  await page.getByRole('dialog', { name: 'Edit contact' }).getByLabel('Job title').fill('CTO')
  await page.getByRole('dialog', { name: 'Edit contact' }).getByRole('button', { name: 'Save contact' }).click()
  await expect(contacts.getByRole('row', { name: /Jordan Example.*CTO/ })).toBeVisible()

  await contacts
    .getByRole('row', { name: /Jordan Example/ })
    .getByRole('button', { name: 'Remove' })
    .click()
  await page.getByRole('dialog', { name: 'Remove contact' }).getByRole('button', { name: 'Remove' }).click()
  await expect(page.getByText('No contacts yet')).toBeVisible()
})
