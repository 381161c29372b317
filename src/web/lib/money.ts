/** Money on the page: typed with or without thousands separators, shown with them and the currency. Never a float. */

/** What was typed ("2,500,000", "$ 2 500 000.50", "2500000") as the API's decimal string; left as typed when it is not a number. */
export function parseAmount(typed: string): string {
  const cleaned = typed.replace(/[\s,$€£]/g, '').replace(/^(USD|EUR|GBP)/i, '')
  return /^\d+(\.\d+)?$/.test(cleaned) ? cleaned : typed.trim()
}

/** A decimal string with thousands separators: "41040000.00" → "41,040,000.00". Not a number: returned as is. */
export function formatAmount(amount: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(amount.trim())
  if (!m) return amount
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`
}

/** Money as people read it: "$41,040,000.00" (US dollars), "€1,200.00", or "1,200.00 CHF". Exact: the decimal string is formatted as text. */
export function formatMoney(money: { amount: string; currency: string } | null | undefined): string {
  if (!money) return '—'
  const symbol: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' }
  const [int = '0', frac = ''] = money.amount.split('.')
  const amount = formatAmount(`${int}.${frac.padEnd(2, '0')}`)
  return symbol[money.currency] ? `${symbol[money.currency]}${amount}` : `${amount} ${money.currency}`
}
