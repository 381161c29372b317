import { getDomain } from 'tldts'

// Legal forms ignored at the end of a customer name (after dots are dropped: "S.p.A." reads "spa").
const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'gmbh',
  'ag',
  'kg',
  'sa',
  'sas',
  'sarl',
  'spa',
  'srl',
  'bv',
  'nv',
  'plc',
  'pty',
  'co',
  'company',
  'oy',
  'ab',
  'as',
  'kk',
  'se',
  'sl',
  'sro',
  'pte',
  'pvt',
])

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()

/**
 * The customer name as conflicts are matched: no case, accents, punctuation or legal suffixes.
 * "ACME Corporation, Inc." and "Acme Corp" both read "acme". A name made only of a legal form keeps it.
 */
export function normalizeCustomerName(name: string): string {
  const words = fold(name)
    .replace(/&/g, ' and ')
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
  if (words[0] === 'the' && words.length > 1) words.shift()
  while (words.length > 1 && LEGAL_SUFFIXES.has(words.at(-1) ?? '')) words.pop()
  return words.join(' ')
}

/** A website, host name or email address reduced to its registrable domain ("www.shop.initrode.co.uk" → "initrode.co.uk"); null when it has none. */
export function registrableDomain(input: string): string | null {
  const host = input.trim().toLowerCase().replace(/^.*@/, '')
  return getDomain(host) ?? null
}

/** A product or solution as a product line: case, accents and spacing do not matter. */
export const productLine = (product: string): string =>
  fold(product)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

/** Keys under which an approved registration protects its customer: the domain and the normalized name. */
export const protectionKeys = (key: string, domain: string | null): string[] => [`n:${key}`, ...(domain ? [`d:${domain}`] : [])]

/** Names at least this similar (pg_trgm similarity of normalized names) are the same customer candidate (passed to `deal_conflict_candidates`). */
export const NAME_SIMILARITY = 0.45
/** Expected close dates further apart than this are unlikely to be the same opportunity. */
export const CLOSE_WINDOW_DAYS = 180

export type MatchFacts = { similarity: number; sameDomain: boolean; sharedLines: string[]; closeDays: number }
export type Match = { score: number; reasons: string[]; conflict: boolean }

/**
 * Scores a candidate registration of the same customer, 0…1, and says why. The customer evidence (same
 * domain, or the name similarity) weighs most; a shared product line and close dates add to it. It is a
 * conflict when the customer matches and a product line is shared.
 */
export function scoreMatch(f: MatchFacts): Match {
  const reasons: string[] = []
  if (f.sameDomain) reasons.push('same domain')
  const exactName = f.similarity >= 0.999
  if (exactName) reasons.push('same name')
  else if (f.similarity >= NAME_SIMILARITY) reasons.push(`name ${f.similarity.toFixed(2)} similar`)
  const customer = Math.max(f.sameDomain ? 1 : 0, f.similarity)
  if (f.sharedLines.length) reasons.push(`same product line${f.sharedLines.length > 1 ? 's' : ''}: ${f.sharedLines.join(', ')}`)
  const near = f.closeDays <= CLOSE_WINDOW_DAYS
  if (near) reasons.push(f.closeDays === 0 ? 'same close date' : `close dates ${f.closeDays} days apart`)
  const score = 0.6 * customer + (f.sharedLines.length ? 0.25 : 0) + (near ? 0.15 * (1 - f.closeDays / CLOSE_WINDOW_DAYS) : 0)
  const conflict = (f.sameDomain || f.similarity >= NAME_SIMILARITY) && f.sharedLines.length > 0
  return { score: Math.round(score * 100) / 100, reasons, conflict }
}
