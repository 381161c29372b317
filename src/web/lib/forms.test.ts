import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { plainIssueMessage } from '../../core/zod-messages.ts'
import { DealCreateInput } from '../../features/deals/deals.contract.ts'
import { mapErrors } from './form-errors.ts'
import { formatAmount, formatMoney, parseAmount } from './money.ts'

z.config({ customError: plainIssueMessage }) // as the web's entry point does

describe('money on the page', () => {
  it('takes amounts as people type them and shows them with separators, exactly', () => {
    expect(parseAmount('2,500,000')).toBe('2500000')
    expect(parseAmount(' $2 500 000.50 ')).toBe('2500000.50')
    expect(parseAmount('12abc')).toBe('12abc')
    expect(formatAmount('41040000.00')).toBe('41,040,000.00')
    expect(formatAmount('999')).toBe('999')
    expect(formatMoney({ amount: '9007199254740993.5', currency: 'USD' })).toBe('$9,007,199,254,740,993.50')
    expect(formatMoney({ amount: '1200', currency: 'CHF' })).toBe('1,200.00 CHF')
  })
})

describe('errors on their fields', () => {
  const fields = ['name', 'country', 'products', 'amount', 'close']
  const fieldOf = { 'customer.name': 'name', 'customer.country': 'country', value: 'amount', expectedCloseDate: 'close' }

  it('maps the contract checked on the page to the fields, in plain words, one message per field', () => {
    const result = DealCreateInput.safeParse({ customer: { name: '' }, products: [], value: { amount: '', currency: 'USD' } })
    expect(result.success).toBe(false)
    const errors = result.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    const { byField, other } = mapErrors(errors, fields, fieldOf)
    expect(byField).toMatchObject({
      name: 'Required',
      country: 'Required',
      products: 'Name at least one product or solution',
      close: 'Required',
    })
    expect(byField.amount).toBeDefined()
    expect(other).toEqual([])
  })

  it('names the item of a list and keeps what names no field for the form', () => {
    const { byField, other } = mapErrors(
      [
        { path: 'products.1', message: 'Required' },
        { path: '', message: 'Another approved registration protects this customer' },
      ],
      fields,
      fieldOf,
    )
    expect(byField).toEqual({ products: 'Item 2: Required' })
    expect(other).toEqual(['Another approved registration protects this customer'])
  })

  it("replaces zod's generic messages with plain words", () => {
    const r = z.object({ ids: z.array(z.string()).min(1) }).safeParse({ ids: [] })
    expect(r.error?.issues[0]?.message).toBe('Choose at least one')
  })
})
