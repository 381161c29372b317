import { describe, expect, it } from 'vitest'
import { caseCompleted, caseReceived, caseStatusChanged } from './onboarding.mail.ts'

const evil = `<script>alert("x")</script> & 'Co'`

describe('onboarding emails', () => {
  const all = [
    caseReceived({ legalName: evil, url: '/onboarding/1?a=1&b="2"', path: 'deal', agreementType: 'potc', dueDate: '2026-12-10' }),
    caseStatusChanged({ legalName: evil, url: '/onboarding/1', status: 'in_progress', owner: evil, dueDate: '2026-12-10' }),
    caseCompleted({ legalName: evil, url: '/onboarding/1', agreementTitle: 'POTC', adminEmail: 'ada@northwind.example' }),
  ]

  it('escape every value in the HTML and keep the text readable', () => {
    for (const m of all) {
      expect(m.html).not.toContain('<script>')
      expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;')
      expect(m.text).toContain('<script>alert("x")</script>')
      expect(m.subject.length).toBeGreaterThan(5)
    }
    expect(all[0]?.html).toContain('href="/onboarding/1?a=1&amp;b=&quot;2&quot;"')
    for (const m of all) expect(m.html).toMatch(/^<!doctype html>[\s\S]*Alliance Partner Program[\s\S]*<\/html>$/) // the program's one frame
  })

  it('say what happened', () => {
    expect(all[0]?.text).toContain('deal-driven, under POTC')
    expect(all[1]?.subject).toContain('in progress')
    expect(all[2]?.text).toContain('ada@northwind.example is invited')
  })
})
