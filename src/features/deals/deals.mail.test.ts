import { describe, expect, it } from 'vitest'
import { dealMails, type DealMailData } from './deals.mail.ts'

const data: DealMailData = {
  customer: 'Initrode <script>alert(1)</script> & Co',
  partner: 'Acme "Systems"',
  value: '$250K',
  link: '/deals/abc?x=1&y=2',
  expectedDecisionDate: '2026-11-30',
  reason: 'Direct deal <b>exists</b>',
  question: "What's the budget?",
  protectionUntil: '2027-02-24',
  dueDate: '2026-11-25',
}

describe('deal emails', () => {
  it('render a subject, a text and an HTML body for every template', () => {
    for (const render of Object.values(dealMails)) {
      const m = render(data)
      expect(m.subject).toContain('Initrode')
      expect(m.text).toContain('/deals/abc?x=1&y=2')
      expect(m.html).toContain('href="/deals/abc?x=1&amp;y=2"')
      expect(m.html).toMatch(/^<!doctype html>[\s\S]*Alliance Partner Program[\s\S]*<\/html>$/) // the program's one frame
    }
  })

  it('escape every value in HTML and keep text plain', () => {
    for (const render of Object.values(dealMails)) {
      const { html } = render(data)
      expect(html).not.toMatch(/<script>|<b>|"Systems"/)
    }
    const rejected = dealMails['deal-rejected'](data)
    expect(rejected.html).toContain('Reason: Direct deal &lt;b&gt;exists&lt;/b&gt;')
    expect(rejected.text).toContain('Reason: Direct deal <b>exists</b>')
  })

  it('say what the partner needs to know', () => {
    expect(dealMails['deal-submitted'](data).text).toContain('Expect a decision by 2026-11-30.')
    expect(dealMails['deal-approved'](data).text).toContain('protected until 2027-02-24')
    expect(dealMails['deal-info-requested'](data).text).toContain("Question: What's the budget?")
    expect(dealMails['deal-info-requested'](data).html).toContain('What&#39;s the budget?')
    expect(dealMails['deal-expired'](data).subject).toBe('Deal registration expired: Initrode <script>alert(1)</script> & Co')
  })
})
