import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { apiLogin, login, partnerIdByName, unique } from './helpers.ts'

test('a partner manager reads a partner tier card and runs a what-if that promotes it', async ({ page, request }) => {
  // Initech (Advantage in the demo data) is $15M of revenue short of Strategic.
  const id = await partnerIdByName(request, 'Initech Software LLC')
  await login(page, 'pm@alliance.example')
  await page.goto(`/partners/${id}`)
  await expect(page.getByRole('heading', { name: 'Initech Software LLC', level: 1 })).toBeVisible()
  await page.getByRole('tab', { name: 'Tier' }).click()

  const card = page.getByRole('region', { name: 'Tier card' })
  await expect(card.getByRole('group', { name: 'Evaluated tier' }).getByTestId('evaluated-tier')).toHaveText('Advantage')
  await expect(card.getByText('Matches current tier')).toBeVisible()
  await expect(card.getByRole('region', { name: 'Gaps to the next tier' })).toContainText('To reach Strategic')
  await expect(card.getByRole('region', { name: 'Gaps to the next tier' })).toContainText('$15M more revenue')

  // Every criterion against every tier's threshold.
  const criteria = page.getByRole('table', { name: 'Tier criteria' })
  const revenue = criteria.getByRole('row', { name: /Minimum Revenue Target/ })
  await expect(revenue).toContainText('$285M')
  await expect(revenue.getByLabel('$300M: missed')).toBeVisible()
  await expect(revenue.getByLabel('$75M: met')).toBeVisible()
  await expect(page.getByRole('table', { name: 'Category summary' })).toContainText('Sales relevance')
  await expect(page.getByRole('table', { name: 'Quarterly metrics' }).getByText('Confirmed')).toHaveCount(4)

  // The strict rule reads the same figures differently, and says so.
  await card.getByText('Strict', { exact: true }).click()
  await expect(card.getByRole('group', { name: 'Evaluated tier' })).toContainText('strict')
  await card.getByText('Holistic', { exact: true }).click()

  // What-if: start from the real figures, raise revenue until Strategic is reached.
  await card.getByRole('link', { name: 'What-if' }).click()
  await expect(page.getByRole('heading', { name: 'What-if: Initech Software LLC' })).toBeVisible()
  const result = page.getByRole('region', { name: 'What-if result' })
  const whatIfTier = result.getByRole('group', { name: 'What-if tier' }).getByTestId('evaluated-tier')
  await expect(whatIfTier).toHaveText('Advantage')
  const revenueInput = page.getByLabel('Revenue (USD per year)')
  await expect(revenueInput).toHaveValue('285,000,000.00')

  await revenueInput.fill('299999999.99')
  await expect(result).toContainText('$0.01 more revenue')
  await expect(whatIfTier).toHaveText('Advantage')

  await revenueInput.fill('300,000,000')
  await expect(whatIfTier).toHaveText('Strategic')
  await expect(result.getByText('Promote to Strategic')).toBeVisible()
  await expect(result).toContainText('This is the highest tier')

  // A bad amount is refused next to its field and the last result stays.
  await revenueInput.fill('3e8')
  await expect(page.getByText('An amount in USD, e.g. 2,500,000')).toBeVisible()
  await page.getByRole('button', { name: 'Reset to actual figures' }).click()
  await expect(revenueInput).toHaveValue('285,000,000.00')
  await expect(whatIfTier).toHaveText('Advantage')
})

test('metrics: an internal editor enters a quarter, the server error lands next to its field, the tier card follows', async ({
  page,
  request,
}) => {
  const name = unique('E2E Metrics Partner')
  const csrf = await apiLogin(request, 'pm@alliance.example')
  const created = await request.post('/api/partners', {
    headers: { 'X-CSRF-Token': csrf },
    data: { legalName: name, type: 'oem', headquartersCountry: 'US', status: 'active', tier: 'approved' },
  })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }

  await login(page, 'pm@alliance.example')
  await page.goto(`/partners/${id}`)
  await page.getByRole('tab', { name: 'Tier' }).click()
  const card = page.getByRole('region', { name: 'Tier card' })
  await expect(card.getByTestId('evaluated-tier')).toHaveText('Meets no tier')

  await page.getByRole('button', { name: 'Enter Q1' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Revenue (USD)').fill('4000000')
  await dialog.getByLabel('Pipeline (USD)').fill('6000000.00')
  await dialog.getByLabel('Joint investments (USD)').fill('200000')
  await dialog.getByLabel('Rebates (USD)').fill('110000')
  await dialog.getByLabel('Marketing funding (USD)').fill('25000')
  await dialog.getByLabel('Funded resources (USD)').fill('0')
  await dialog.getByLabel('Active customers').fill('18')
  // A category label longer than the server accepts: its error lands next to the categories.
  const categories = dialog.getByLabel('Aligned solution categories')
  await categories.fill('x'.repeat(101))
  await categories.press('Enter')
  await dialog.getByRole('button', { name: 'Save quarter' }).click()
  await expect(dialog.getByText(/Item 1:/)).toBeVisible()

  await categories.press('Backspace')
  await categories.fill('Security')
  await categories.press('Enter')
  await dialog.getByRole('button', { name: 'Save quarter' }).click()
  await expect(dialog).toBeHidden()

  const metrics = page.getByRole('table', { name: 'Quarterly metrics' })
  await expect(metrics.getByText('Confirmed')).toHaveCount(1)
  await expect(metrics.getByRole('row', { name: /Revenue/ })).toContainText('$4M')
  await expect(card.getByTestId('evaluated-tier')).toHaveText('Approved')
})

test('a partner user sees their own tier, evaluation and benefits on My company', async ({ page }) => {
  await login(page, 'user@acme.example')
  await page.goto('/my-company')
  await page.getByRole('tab', { name: 'Tier' }).click()
  const card = page.getByRole('region', { name: 'Tier card' })
  await expect(card.getByTestId('evaluated-tier')).toHaveText('Strategic')
  await expect(card.getByText(/not confirmed yet: Q4/)).toBeVisible()
  await expect(card.getByRole('link', { name: 'What-if' })).toHaveCount(0)
  await expect(page.getByRole('table', { name: 'Tier criteria' })).toBeVisible()
  await expect(page.getByRole('heading', { name: /Waivers/ })).toHaveCount(0)
  await expect(page.getByRole('table', { name: 'Quarterly metrics' }).getByText('Submitted')).toBeVisible()

  await page.getByRole('tab', { name: 'Benefits' }).click()
  await expect(page.getByTestId('benefits-contact')).toContainText('Priya Shah')
  await expect(
    page.getByRole('table', { name: 'Operations benefits' }).getByRole('row', { name: /MDF Management & Tracking/ }),
  ).toContainText('Yes')
  await expect(page.getByRole('table', { name: 'Sales benefits' })).toBeVisible()
})

test('the Tier tab says which quarters take their pipeline from registered deals', async ({ page }) => {
  await login(page, 'user@acme.example')
  await page.goto('/my-company')
  await page.getByRole('tab', { name: 'Tier' }).click()
  // The demo registrations are from today: no ended quarter has a snapshot, so every quarter's reported pipeline counts.
  const registered = page.getByLabel('Registered pipeline')
  await expect(registered.getByRole('row', { name: /^Q1/ })).toContainText('Pipeline metric: the reported figure')
  const pipelineRow = page.getByRole('table', { name: 'Quarterly metrics' }).getByRole('row', { name: /Pipeline/ })
  await expect(pipelineRow).not.toContainText('from registered deals')

  // Once Q1 has its quarter-end snapshot (taken by the daily job), the screens show it as the quarter's pipeline.
  await page.route('**/api/partners/*/pipeline?*', async (route) => {
    const response = await route.fetch()
    const body = await response.json()
    body.quarters[0].snapshot = {
      amount: { amount: '2500000.00', currency: 'USD' },
      asOf: body.quarters[0].asOf,
      takenAt: new Date().toISOString(),
    }
    await route.fulfill({ response, json: body })
  })
  await page.reload()
  await page.getByRole('tab', { name: 'Tier' }).click()
  await expect(registered.getByRole('row', { name: /^Q1/ })).toContainText('Pipeline metric: $2,500,000.00 from registered deals')
  await expect(registered.getByRole('row', { name: /^Q2/ })).toContainText('Pipeline metric: the reported figure')
  await expect(pipelineRow.getByRole('cell').nth(1)).toContainText(/\$2\.5M\s*from registered deals \(reported \$[\d.]+[KMB]?\)/)
})

test('the Program page shows the guidelines; an administrator edit with a bad threshold is refused next to its field', async ({ page }) => {
  await login(page, 'admin@alliance.example')
  await page.getByRole('link', { name: 'Program' }).click()
  await expect(page.getByRole('heading', { name: 'Program', level: 1 })).toBeVisible()
  const guidelines = page.getByRole('table', { name: 'Tier guidelines' })
  await expect(guidelines.getByRole('row', { name: /Minimum Revenue Target/ })).toContainText('$300M')
  await expect(
    page.getByRole('table', { name: 'Benefits matrix' }).getByRole('row', { name: /Named\/Assigned Partner Manager/ }),
  ).toContainText('GPS Team')

  await guidelines.getByRole('button', { name: 'Edit Minimum Active Customers' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Select', { exact: true }).fill('fifty')
  await dialog.getByRole('button', { name: 'Save criterion' }).click()
  await expect(dialog.getByLabel('Select', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(guidelines.getByRole('row', { name: /Minimum Active Customers/ })).toContainText('50')

  // A benefit level: Limited must say what it gives.
  const matrix = page.getByRole('table', { name: 'Benefits matrix' })
  await matrix.getByRole('button', { name: 'Edit Business Plans & Performance Tracking' }).click()
  const approved = dialog.getByRole('group', { name: 'Approved' })
  await approved.getByLabel('Approved', { exact: true }).click()
  await page.getByRole('option', { name: 'Limited' }).click()
  await approved.getByLabel('What Limited gives').fill(' ')
  await dialog.getByRole('button', { name: 'Save benefit' }).click()
  await expect(approved.getByLabel('What Limited gives')).toHaveAttribute('aria-invalid', 'true')
  await approved.getByLabel('What Limited gives').fill('One joint plan a year, reviewed at year end')
  await dialog.getByRole('button', { name: 'Save benefit' }).click()
  await expect(dialog).toBeHidden()
  const row = matrix.getByRole('row', { name: /Business Plans & Performance Tracking/ })
  await expect(row.getByRole('cell').nth(4)).toHaveText('Limited')
  await expect(row.getByRole('cell').nth(4)).toHaveAttribute('title', 'One joint plan a year, reviewed at year end')
})

test('metrics import from a file: every bad row is listed and nothing is imported, then a valid file imports', async ({
  page,
  request,
}) => {
  const name = unique('E2E Import Metrics')
  const csrf = await apiLogin(request, 'pm@alliance.example')
  const created = await request.post('/api/partners', {
    headers: { 'X-CSRF-Token': csrf },
    data: { legalName: name, type: 'oem', headquartersCountry: 'US', status: 'active', tier: 'approved' },
  })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  const header =
    'partner,year,quarter,revenue,activeCustomers,pipeline,jointInvestments,rebates,marketingFunding,fundedResourcesAmount,fundedResourcesFtes,executiveSponsor,gtmCategories'
  const row = (q: number, revenue: string) => `${id},2026,${q},${revenue},20,6000000.00,100000.00,60000.00,12000.00,0.00,0,no,Security`

  await login(page, 'pm@alliance.example')
  await page.goto(`/partners/${id}`)
  await page.getByRole('tab', { name: 'Tier' }).click()
  await page.getByRole('button', { name: 'Import from file' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import metrics' })
  const file = dialog.locator('input[type=file]')

  await file.setInputFiles({
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${header}\n${row(1, '1000000.00')}\n${row(2, '-5')}\n`),
  })
  await dialog.getByRole('button', { name: 'Import' }).click()
  const errors = dialog.getByRole('table', { name: 'Import errors' })
  await expect(errors.getByRole('row', { name: /revenue/ })).toContainText('3')
  await expect(page.getByRole('table', { name: 'Quarterly metrics' }).getByText('Confirmed')).toHaveCount(0)

  await file.setInputFiles({
    name: 'good.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${header}\n${row(1, '1000000.00')}\n${row(2, '2500000.00')}\n`),
  })
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(dialog).toBeHidden()
  const metrics = page.getByRole('table', { name: 'Quarterly metrics' })
  await expect(metrics.getByText('Confirmed')).toHaveCount(2)
  await expect(metrics.getByRole('row', { name: /Revenue/ })).toContainText('$2.5M')
  await expect(page.getByRole('region', { name: 'Tier card' }).getByTestId('evaluated-tier')).toHaveText('Approved')
})

test('review board: an ad hoc review recommends a promotion; the decision needs a justification to differ, then Sales and Alliances approve it', async ({
  page,
  request,
}) => {
  // Four sessions: the reviewer, the proposer and two approvers.
  test.slow()
  // A fresh Approved partner whose figures meet Select.
  const name = unique('E2E Review Partner')
  const csrf = await apiLogin(request, 'pm@alliance.example')
  const headers = { 'X-CSRF-Token': csrf }
  const created = await request.post('/api/partners', {
    headers,
    data: { legalName: name, type: 'oem', headquartersCountry: 'US', status: 'active', tier: 'approved' },
  })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  const usd = (amount: string) => ({ amount, currency: 'USD' })
  for (const quarter of [1, 2, 3, 4]) {
    const res = await request.put(`/api/partners/${id}/metrics/2026/${quarter}`, {
      headers,
      data: {
        revenue: usd('10000000.00'),
        activeCustomers: 60,
        pipeline: usd('40000000.00'),
        jointInvestments: usd('400000.00'),
        rebates: usd('90000.00'),
        marketingFunding: usd('70000.00'),
        fundedResourcesAmount: usd('120000.00'),
        fundedResourcesFtes: 1,
        executiveSponsor: false,
        gtmCategories: ['Cloud', 'Security'],
      },
    })
    expect(res.status()).toBe(200)
  }

  await login(page, 'alliances@alliance.example')
  await page.getByRole('link', { name: 'Reviews' }).click()
  await page.getByRole('button', { name: 'Start a review' }).click()
  const start = page.getByRole('dialog', { name: 'Start a review' })
  await start.getByText('Ad hoc: chosen partners').click()
  await start.getByRole('combobox', { name: 'Partners' }).fill(name)
  await page.getByRole('option', { name }).click()
  // Close the partner list (it stays open for more picks) before starting.
  await start.getByRole('heading', { name: 'Start a review' }).click()
  await expect(page.getByRole('listbox', { name: 'Partners' })).toBeHidden()
  await start.getByRole('button', { name: 'Start review' }).click()

  await expect(page.getByRole('heading', { name: 'Ad hoc review 2026' })).toBeVisible()
  const board = page.getByRole('table', { name: 'Recommendations' })
  const row = board.getByRole('row', { name: new RegExp(name) })
  await expect(row).toContainText('Promote')
  // Re-evaluating unchanged figures changes nothing.
  await page.getByRole('button', { name: 'Re-evaluate' }).click()
  await expect(page.getByText('1 partner evaluated, 0 recommendations changed')).toBeVisible()
  await page.getByRole('radiogroup', { name: 'Movement' }).getByText('Demote').click()
  await expect(page.getByText('No partner here')).toBeVisible()
  await page.getByRole('radiogroup', { name: 'Movement' }).getByText('Promote').click()
  await expect(row).toBeVisible()
  // The board downloads as a sheet, filtered as on screen.
  await page.getByRole('button', { name: 'Export' }).click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Export CSV' }).click()])
  expect(download.suggestedFilename()).toBe('review-2026-ad_hoc.csv')
  const csv = fs.readFileSync(await download.path(), 'utf8')
  expect(csv.split('\n')[0]).toMatch(/^partnerId,legalName,currentTier,recommendedTier,movement,/)
  expect(csv).toContain(`${name},approved,select,promote,`)

  // The program manager proposes the decision: whoever proposes one does not approve it.
  const url = page.url()
  await page.context().clearCookies()
  await login(page, 'pm@alliance.example')
  await page.goto(url)
  // Choosing another tier than recommended needs a written justification.
  await row.getByRole('button', { name: `Decide ${name}` }).click()
  const decide = page.getByRole('dialog')
  await decide.getByRole('combobox', { name: 'Tier chosen' }).click()
  await page.getByRole('option', { name: 'Advantage' }).click()
  await decide.getByRole('button', { name: 'Record decision' }).click()
  await expect(decide.getByText('Say why the tier differs from the recommendation')).toBeVisible()
  await decide.getByRole('combobox', { name: 'Tier chosen' }).click()
  await page.getByRole('option', { name: 'Select', exact: true }).click()
  await decide.getByRole('button', { name: 'Record decision' }).click()
  await expect(decide).toBeHidden()
  await expect(row).toContainText('Awaiting approval')

  // Alliances approves in its own session, then Sales in another.
  await page.context().clearCookies()
  await login(page, 'alliances@alliance.example')
  await page.goto(url)
  await row.getByRole('button', { name: `Approve ${name}` }).click()
  await expect(row).toContainText('Alliances ✓')
  await expect(row.getByRole('button', { name: `Approve ${name}` })).toHaveCount(0)
  await page.context().clearCookies()
  await login(page, 'sales@alliance.example')
  await page.goto(url)
  await expect(row).toContainText('Sales —')
  await row.getByRole('button', { name: `Approve ${name}` }).click()
  await expect(row).toContainText('Sales ✓')
  await expect(row).toContainText(/Applied|Approved/)

  // The tier history on the partner keeps the change.
  await row.getByRole('link', { name }).click()
  await page.getByRole('tab', { name: 'Tier' }).click()
  const history = page.getByRole('table', { name: 'Tier history' })
  await expect(history.getByRole('row')).toHaveCount(2)
  await expect(history).toContainText('Select')
})
