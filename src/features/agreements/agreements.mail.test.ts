import { describe, expect, it } from 'vitest'
import { agreementExpiring, agreementSigned, agreementToSign, extensionDecided, extensionRequested } from './agreements.mail.ts'

const evil = `<script>alert("x")</script> & 'Co'`
const ref = { partnerName: evil, title: 'NDA <i>', url: '/agreements/1?a=1&b="2"' }

describe('agreement emails', () => {
  const all = [
    agreementToSign({ ...ref, typeLabel: 'Purchase Order Terms & Conditions', potcVersion: '2026.1' }),
    agreementSigned({ ...ref, signerName: evil, signedAt: '2026-12-01T10:00:00.000Z' }),
    agreementExpiring({ ...ref, expiryDate: '2027-06-30', daysLeft: 30 }),
    extensionRequested({ ...ref, country: 'BR', dealReference: evil, requester: 'Sam Sales' }),
    extensionDecided({ ...ref, country: 'BR', dealReference: 'OPP-1', decision: 'rejected', note: evil }),
  ]

  it('escape every value in the HTML and keep the text readable', () => {
    for (const m of all) {
      expect(m.html).not.toContain('<script>')
      expect(m.html).not.toContain('<i>')
      expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;')
      expect(m.text).toContain('<script>alert("x")</script>')
      expect(m.subject.length).toBeGreaterThan(5)
    }
    expect(all[0]?.html).toContain('href="/agreements/1?a=1&amp;b=&quot;2&quot;"')
    for (const m of all) expect(m.html).toMatch(/^<!doctype html>[\s\S]*Alliance Partner Program[\s\S]*<\/html>$/) // the program's one frame
  })

  it('say what happened', () => {
    expect(all[0]).toMatchObject({ subject: 'Please sign: NDA <i>' })
    expect(all[0]?.text).toContain('version 2026.1, non-modifiable')
    expect(all[2]?.subject).toContain('expires in 30 days')
    expect(agreementExpiring({ ...ref, expiryDate: '2027-06-30', daysLeft: 1 }).text).toContain('in 1 day)')
    expect(all[4]?.text).toContain('was not extended to BR')
    expect(extensionDecided({ ...ref, country: 'BR', dealReference: 'OPP-1', decision: 'approved', note: null }).text).toContain(
      'now covers BR',
    )
  })
})
