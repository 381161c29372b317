import { expect, test } from '@playwright/test'
import { apiLogin, login, unique } from './helpers.ts'

test('partner operations upload a document (a wrong type is refused), send it for signature, approve one country extension and reject another with a reason', async ({
  page,
  request,
}) => {
  const name = unique('E2E Agreement Partner')
  const csrf = await apiLogin(request, 'ops@alliance.example')
  const headers = { 'X-CSRF-Token': csrf }
  const partner = await request.post('/api/partners', {
    headers,
    data: { legalName: name, type: 'oem', headquartersCountry: 'US', status: 'active' },
  })
  expect(partner.status()).toBe(201)
  const { id } = (await partner.json()) as { id: string }

  await login(page, 'ops@alliance.example')
  await page.goto(`/partners/${id}`)
  await page.getByRole('tab', { name: 'Agreements' }).click()
  await page.getByRole('button', { name: 'New agreement' }).click()
  const form = page.getByRole('dialog', { name: 'New agreement' })
  await form.getByRole('combobox', { name: 'Type' }).click()
  await page.getByRole('option', { name: 'Reseller agreement' }).click()
  await form.getByLabel('Expiry date').fill('2029-12-31')
  await form.getByRole('button', { name: 'Create draft' }).click()
  await expect(page.getByRole('heading', { name: 'Reseller agreement', level: 1 })).toBeVisible()
  await expect(page.getByTestId('agreement-status')).toHaveText('Draft')

  // A file whose bytes are not a PDF is refused whatever its name; a PDF is stored.
  const upload = page.getByLabel('Upload a document')
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'terms.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just some text pretending') })
  await page.getByRole('button', { name: 'Upload', exact: true }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'upload a PDF, DOCX or image' })).toBeVisible()
  await expect(page.getByText('No document yet.')).toBeVisible()
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
  await page.locator('input[type=file]').setInputFiles({ name: 'reseller-terms.pdf', mimeType: 'application/pdf', buffer: pdf })
  await expect(upload).toContainText('reseller-terms.pdf')
  await page.getByRole('button', { name: 'Upload', exact: true }).click()
  const link = page.getByRole('table', { name: 'Documents' }).getByRole('link', { name: 'reseller-terms.pdf' })
  await expect(link).toBeVisible()
  const download = await page.request.get((await link.getAttribute('href'))!)
  expect(download.status()).toBe(200)
  expect(download.headers()['content-type']).toBe('application/pdf')
  expect(Buffer.from(await download.body()).equals(pdf)).toBe(true)

  await page.getByRole('button', { name: 'Send for signature' }).click()
  await expect(page.getByTestId('agreement-status')).toHaveText('Out for signature')

  // Country extension for a deal, approved by partner operations.
  await page.getByRole('combobox', { name: 'Extend to country' }).fill('Brazil')
  await page.getByRole('option', { name: 'Brazil (BR)' }).click()
  await page.getByLabel('For deal').fill('OPP-E2E-BR')
  await page.getByRole('button', { name: 'Request extension' }).click()
  const extensions = page.getByRole('table', { name: 'Country extensions' })
  await expect(extensions.getByRole('row', { name: /Brazil/ })).toContainText('requested')
  await extensions.getByRole('button', { name: 'Approve BR' }).click()
  await expect(extensions.getByRole('row', { name: /Brazil/ })).toContainText('approved')
  await expect(page.getByRole('table', { name: 'Agreement terms' }).getByRole('row', { name: /Countries covered/ })).toContainText(
    'Brazil (BR)',
  )

  // A second request is rejected: the reason is asked for in a dialog, and shown with the decision.
  await page.getByRole('combobox', { name: 'Extend to country' }).fill('Chile')
  await page.getByRole('option', { name: 'Chile (CL)' }).click()
  await page.getByLabel('For deal').fill('OPP-E2E-CL')
  await page.getByRole('button', { name: 'Request extension' }).click()
  await extensions.getByRole('button', { name: 'Reject CL' }).click()
  const dialog = page.getByRole('dialog', { name: 'Reject the extension to Chile' })
  await dialog.getByRole('button', { name: 'Reject' }).click()
  await expect(dialog.getByText('Say why the request is rejected')).toBeVisible()
  await dialog.getByLabel('Why is the request rejected?').fill('Chile is served by a direct team')
  await dialog.getByRole('button', { name: 'Reject' }).click()
  await expect(dialog).toBeHidden()
  await expect(extensions.getByRole('row', { name: /Chile/ })).toContainText('rejected')
  await expect(extensions.getByRole('row', { name: /Chile/ })).toContainText('Chile is served by a direct team')

  // The partner's timeline tells the agreement's story too.
  await page.goto(`/partners/${id}`)
  await page.getByRole('tab', { name: 'Timeline' }).click()
  const timeline = page.getByLabel('Timeline')
  await expect(timeline.getByText('Country extension rejected', { exact: true })).toBeVisible()
  await expect(timeline.getByText('Sent for signature', { exact: true })).toBeVisible()
})

test('the agreements list filters agreements expiring soon and shows lapsed ones as expired', async ({ page }) => {
  await login(page, 'pm@alliance.example')
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Agreements' }).click()
  const table = page.getByRole('table', { name: 'Agreements' })
  await expect(table.getByRole('row', { name: /Reseller agreement.*Umbrella Networks/ })).toContainText('Expired')
  await page.getByRole('combobox', { name: 'Expiring' }).click()
  await page.getByRole('option', { name: 'Within 30 days' }).click()
  await expect(table.getByRole('row')).toHaveCount(2)
  await expect(table).toContainText('Joint investment MOU 2026')
  await page.getByRole('combobox', { name: 'Expiring' }).click()
  await page.getByRole('option', { name: 'Within 90 days' }).click()
  await expect(table.getByRole('row', { name: /ACME Corporation/ })).toContainText('Reseller agreement')
  await expect(page).toHaveURL(/expiring=90/)
})

test('a new agreement starts from the Agreements page: the partner is chosen by name and its countries become the default', async ({
  page,
}) => {
  await login(page, 'ops@alliance.example')
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Agreements' }).click()
  await page.getByRole('button', { name: 'New agreement' }).click()
  const form = page.getByRole('dialog', { name: 'New agreement' })
  await form.getByRole('button', { name: 'Create draft' }).click()
  await expect(form.getByText('Choose the partner this agreement is with')).toBeVisible()
  await form.getByRole('combobox', { name: 'Partner' }).fill('Woodgrove')
  await page.getByRole('option', { name: 'Woodgrove Managed Services' }).click()
  await expect(form.getByText('South Africa (ZA)')).toBeVisible() // the partner's country, as the default coverage
  await form.getByLabel('Title').fill('Woodgrove services NDA')
  await form.getByRole('button', { name: 'Create draft' }).click()
  await expect(page.getByRole('heading', { name: 'Woodgrove services NDA', level: 1 })).toBeVisible()
  await expect(page.getByTestId('agreement-status')).toHaveText('Draft')
})
