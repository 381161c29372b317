import fs from 'node:fs'
import { expect, type APIRequestContext, type Page } from '@playwright/test'

export const PASSWORD = 'alliance-demo'

/** Signs in through the login page and waits for the app shell. */
export async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByRole('textbox', { name: 'Password' }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
}

/** Signs in an API request context (cookie session) and returns its CSRF token. */
export async function apiLogin(request: APIRequestContext, email: string, password = PASSWORD): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { email, password } })
  expect(res.status()).toBe(200)
  return (await res.json()).csrfToken
}

/** A partner id by exact legal name, looked up through the API as the given internal user. */
export async function partnerIdByName(request: APIRequestContext, legalName: string, as = 'pm@alliance.example'): Promise<string> {
  await apiLogin(request, as)
  const res = await request.get('/api/partners', { params: { q: legalName, limit: 50 } })
  expect(res.status()).toBe(200)
  const { items } = (await res.json()) as { items: { id: string; legalName: string }[] }
  const found = items.find((p) => p.legalName === legalName)
  if (!found) throw new Error(`No partner named ${legalName}`)
  return found.id
}

/** Unique per run, so tests also pass against a PostgreSQL database that earlier runs left data in. */
export const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`

/** The newest email the app sent to `to` (through the test SMTP server), waiting for it to arrive. */
export async function mailTo(to: string, subject: string): Promise<{ to: string[]; subject: string; text: string; calendar?: string }> {
  const file = process.env.ALLIANCE_E2E_MAILBOX!
  type Mail = { to: string[]; subject: string; text: string; calendar?: string }
  let found: Mail | undefined
  await expect
    .poll(
      () => {
        const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []
        found = lines
          .map((l) => JSON.parse(l) as Mail)
          .reverse()
          .find((m) => m.to.includes(to.toLowerCase()) && m.subject === subject)
        return !!found
      },
      { timeout: 30_000 },
    )
    .toBe(true)
  return found!
}
