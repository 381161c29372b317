import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { login } from './helpers.ts'
import { firstOf, mainPages } from './main-pages.ts'

// WCAG 2.1 AA, plus axe's best practices that the standard leaves to judgement: one h1, heading order,
// landmarks (header, nav, main) holding all content, no empty table headers.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']

async function resolve(page: Page, path: string): Promise<string> {
  let resolved = path
  for (const [, key] of path.matchAll(/\{(\w+)\}/g)) {
    const list = firstOf[key ?? '']
    if (!list) throw new Error(`No list for {${key}}`)
    const body = (await (await page.request.get(list)).json()) as { items?: { id: string }[] } | { id: string }[]
    const first = (Array.isArray(body) ? body : (body.items ?? []))[0]
    if (!first) throw new Error(`${list} is empty for this user`)
    resolved = resolved.replace(`{${key}}`, first.id)
  }
  return resolved
}

/** Every main page of every role, with no violation: one sign-in per role, then its pages one after another. */
for (const { who, paths } of mainPages) {
  test(`no WCAG 2.1 AA violations on the pages of ${who ?? 'a visitor'}`, async ({ page }) => {
    test.setTimeout(60_000 + paths.length * 20_000)
    if (who) await login(page, who)
    const found: string[] = []
    for (const path of paths) {
      await page.goto(await resolve(page, path))
      await expect(page.locator('h1').first()).toBeVisible()
      await expect(page.getByRole('status', { name: 'Loading…' })).toHaveCount(0)
      const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze()
      for (const v of violations)
        found.push(`${path}: ${v.id} (${v.nodes.length}) ${v.help} — ${v.nodes[0]?.target.join(' ')} ${v.nodes[0]?.failureSummary ?? ''}`)
    }
    expect(found, found.join('\n')).toEqual([])
  })
}
