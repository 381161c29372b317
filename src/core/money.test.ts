import { describe, expect, it } from 'vitest'
import { formatDecimal, formatUsdShort, Money, parseDecimal, UsdMoney } from './money.ts'

describe('money', () => {
  it('parses and formats decimals exactly, refusing extra precision and negatives', () => {
    expect(parseDecimal('2500000.5')).toBe(250000050n)
    expect(parseDecimal('2500000.50')).toBe(250000050n)
    expect(parseDecimal('0.07')).toBe(7n)
    expect(parseDecimal('123456789012345678.99')).toBe(12345678901234567899n)
    expect(parseDecimal(1.1)).toBe(110n)
    expect(formatDecimal(250000050n)).toBe('2500000.50')
    expect(formatDecimal(5n)).toBe('0.05')
    expect(() => parseDecimal('1.001')).toThrow(RangeError)
    expect(() => parseDecimal('-1')).toThrow(RangeError)
  })

  it('words amounts for people, rounding up', () => {
    expect([1_250_000_000n, 12_000_000n, 100_000_000_000n, 95_000n, 1n].map(formatUsdShort)).toEqual([
      '$12.5M',
      '$120K',
      '$1B',
      '$950',
      '$0.01',
    ])
    expect(formatUsdShort(1_250_000_100n)).toBe('$12.51M')
  })

  it('validates Money: ISO 4217 currencies, USD-only where the program needs it', () => {
    expect(Money.safeParse({ amount: '10.00', currency: 'eur' }).data).toEqual({ amount: '10.00', currency: 'EUR' })
    expect(Money.safeParse({ amount: '10', currency: 'ABC' }).success).toBe(false)
    expect(Money.safeParse({ amount: 10, currency: 'USD' }).success).toBe(false)
    expect(UsdMoney.safeParse({ amount: '10', currency: 'EUR' }).success).toBe(false)
    expect(UsdMoney.safeParse({ amount: '-10', currency: 'USD' }).error?.issues[0]?.message).toBe('Must not be negative')
  })
})
