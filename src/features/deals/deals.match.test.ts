import { describe, expect, it } from 'vitest'
import { normalizeCustomerName, productLine, protectionKeys, registrableDomain, scoreMatch } from './deals.match.ts'

describe('customer name normalization', () => {
  it.each([
    ['Acme Corp.', 'acme'],
    ['ACME Corporation Inc', 'acme'],
    ['acme, incorporated', 'acme'],
    ['Müller GmbH', 'muller'],
    ['Société Générale S.A.', 'societe generale'],
    ['Fiat Chrysler S.p.A.', 'fiat chrysler'],
    ['Philips N.V.', 'philips'],
    ['Heineken B.V.', 'heineken'],
    ['Atlassian Pty Ltd', 'atlassian'],
    ['Barclays PLC', 'barclays'],
    ['Siemens AG', 'siemens'],
    ['Initrode LLC', 'initrode'],
    ['Initrode Limited', 'initrode'],
    ['The Boeing Company', 'boeing'],
    ['Johnson & Johnson', 'johnson and johnson'],
    ['  Wayne   Enterprises,  Ltd. ', 'wayne enterprises'],
    // A legal form inside the name stays; a name made only of one keeps it.
    ['Corporate Express Inc', 'corporate express'],
    ['Co', 'co'],
  ])('%s → %s', (name, key) => expect(normalizeCustomerName(name)).toBe(key))

  it('reads the same customer written differently as one key', () => {
    expect(normalizeCustomerName('Acme Corp.')).toBe(normalizeCustomerName('ACME Corporation Inc'))
  })
})

describe('registrable domains', () => {
  it.each([
    ['initrode.com', 'initrode.com'],
    ['https://www.initrode.com/contact?x=1', 'initrode.com'],
    ['WWW.SHOP.Initrode.co.uk', 'initrode.co.uk'],
    ['buyer@purchasing.initrode.de', 'initrode.de'],
    ['localhost', null],
    ['not a domain', null],
  ])('%s → %s', (input, domain) => expect(registrableDomain(input)).toBe(domain))
})

describe('product lines and protection keys', () => {
  it('ignores case, accents and spacing of products', () =>
    expect(productLine('  Hyper-Converged  Storage ')).toBe('hyper converged storage'))
  it('protects a customer under its name and its domain', () =>
    expect(protectionKeys('initrode', 'initrode.com')).toEqual(['n:initrode', 'd:initrode.com']))
})

describe('conflict scoring', () => {
  it('scores the same domain, a shared line and the same close date highest, with every reason', () => {
    const m = scoreMatch({ similarity: 1, sameDomain: true, sharedLines: ['storage'], closeDays: 0 })
    expect(m).toEqual({ score: 1, reasons: ['same domain', 'same name', 'same product line: storage', 'same close date'], conflict: true })
  })
  it('explains a similar name and close dates', () => {
    const m = scoreMatch({ similarity: 0.8234, sameDomain: false, sharedLines: ['backup', 'storage'], closeDays: 30 })
    expect(m.reasons).toEqual(['name 0.82 similar', 'same product lines: backup, storage', 'close dates 30 days apart'])
    expect(m.score).toBeCloseTo(0.6 * 0.8234 + 0.25 + 0.15 * (1 - 30 / 180), 2)
    expect(m.conflict).toBe(true)
  })
  it('is no conflict without a shared product line', () => {
    expect(scoreMatch({ similarity: 1, sameDomain: true, sharedLines: [], closeDays: 0 }).conflict).toBe(false)
  })
  it('is no conflict for a dissimilar name on another domain', () => {
    expect(scoreMatch({ similarity: 0.3, sameDomain: false, sharedLines: ['storage'], closeDays: 0 }).conflict).toBe(false)
  })
  it('ranks nearer close dates higher', () => {
    const near = scoreMatch({ similarity: 0.7, sameDomain: false, sharedLines: ['x'], closeDays: 10 }).score
    const far = scoreMatch({ similarity: 0.7, sameDomain: false, sharedLines: ['x'], closeDays: 400 }).score
    expect(near).toBeGreaterThan(far)
  })
})
