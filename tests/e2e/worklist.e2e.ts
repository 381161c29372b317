import { expect, test } from '@playwright/test'
import { apiLogin, login, unique } from './helpers.ts'

type Group = { kind: string; count: number }
const countOf = async (request: import('@playwright/test').APIRequestContext, kind: string) => {
  const { groups } = (await (await request.get('/api/worklist')).json()) as { groups: Group[] }
  return groups.find((g) => g.kind === kind)?.count
}

test('GPS lands on its worklist: a new Contact Us inquiry adds one to the count and to the navigation', async ({ page, request }) => {
  const csrf = await apiLogin(request, 'gps@alliance.example')
  const before = (await countOf(request, 'newInquiries')) ?? 0

  const company = unique('Worklist Co')
  const sent = await request.post('/api/public/inquiries', {
    data: {
      company,
      website: 'https://worklist.example',
      country: 'US',
      contactName: 'Pat Doe',
      email: 'pat@worklist.example',
      message: 'We resell storage.',
    },
    headers: { 'x-csrf-token': csrf }, // this context holds a session; a visitor's would not need it
  })
  expect(sent.status()).toBe(201)

  await login(page, 'gps@alliance.example')
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome')
  const fresh = page.getByRole('region', { name: 'New inquiries' })
  await expect(fresh.getByTestId('count-newInquiries')).toHaveText(String(before + 1))
  const nav = page.getByRole('navigation', { name: 'Main navigation' })
  await expect(nav.getByRole('link', { name: /Inquiries/ })).toContainText(String(before + 1))
  await expect(page.getByRole('region', { name: 'Onboarding cases due' })).toBeVisible()
})

test('a partner admin lands on agreements awaiting its signature and questions waiting for it', async ({ page, request }) => {
  await apiLogin(request, 'admin@acme.example')
  const toSign = await countOf(request, 'agreementsToSign')
  const questions = await countOf(request, 'dealQuestions')
  expect(toSign).toBeDefined()
  expect(questions).toBeDefined()

  await login(page, 'admin@acme.example')
  await expect(page.getByRole('region', { name: 'Agreements awaiting my signature' }).getByTestId('count-agreementsToSign')).toHaveText(
    String(toSign),
  )
  await expect(page.getByRole('region', { name: 'Questions waiting for us' }).getByTestId('count-dealQuestions')).toHaveText(
    String(questions),
  )
  // Staff worklists are not offered to a partner.
  await expect(page.getByRole('region', { name: 'New inquiries' })).toHaveCount(0)
})
