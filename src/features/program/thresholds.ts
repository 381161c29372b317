import { AppError, type FieldError } from '../../core/errors.ts'
import { formatDecimal, formatUsdShort, parseDecimal } from '../../core/money.ts'
import { tiers, type Criterion, type CriterionPatch, type TierName, type Unit } from './program.contract.ts'

// Thresholds are few distinct strings; reviews compare hundreds of thousands of figures against them.
const minimums = new Map<string, bigint>()
/** A numeric threshold in hundredths, parsed once per distinct value. */
export function minimumOf(t: string): bigint {
  let min = minimums.get(t)
  if (min === undefined) minimums.set(t, (min = parseDecimal(t)))
  return min
}

export type ThresholdRow = { tier: TierName; rule: string; minimum: string | null; typical: string | null; text: string }
const words = ['required', 'optional', 'n/a'] as const
type Word = (typeof words)[number]
const isWord = (v: unknown): v is Word => (words as readonly unknown[]).includes(v)

/** The page-style wording of a threshold: "$300M", "3.50%", "4 FTEs", "Required", "$350M to $1B+". */
export function thresholdText(unit: Unit, rule: string, minimum: bigint | null, typical: bigint | null): string {
  if (rule === 'n/a') return 'n/a'
  if (minimum === null) return rule.charAt(0).toUpperCase() + rule.slice(1)
  if (unit === 'usd') return typical === null ? formatUsdShort(minimum) : `${formatUsdShort(minimum)} to ${formatUsdShort(typical)}+`
  if (unit === 'percent') return `${formatDecimal(minimum)}%`
  const n = formatDecimal(minimum).replace(/\.00$/, '')
  return unit === 'fte' ? `${n} ${n === '1' ? 'FTE' : 'FTEs'}` : n
}

/**
 * Validates a criterion's new threshold table against its unit and returns the rows to store. Every
 * field error is reported at its path; nothing is stored when any is wrong.
 */
export function thresholdRows(c: Criterion, patch: CriterionPatch): ThresholdRow[] {
  const errors: FieldError[] = []
  const rows = tiers.map((tier): ThresholdRow => {
    const given = patch.thresholds ? patch.thresholds[tier] : c.byTier[tier].threshold
    const typicalGiven = patch.typical ? patch.typical[tier] : c.byTier[tier].typical
    const path = `thresholds.${tier}`
    let minimum: bigint | null = null
    let rule: string = 'minimum'
    if (isWord(given)) {
      rule = given
      if (given === 'required' && c.unit !== 'boolean')
        errors.push({ path, message: '"required" applies to yes/no criteria only; give a minimum' })
    } else if (c.unit === 'boolean') {
      errors.push({ path, message: 'A yes/no criterion takes required, optional or n/a' })
    } else {
      minimum = decimal(given, c.unit, path, errors)
    }
    let typical: bigint | null = null
    if (typicalGiven !== null && typicalGiven !== undefined) {
      if (isWord(typicalGiven) || minimum === null)
        errors.push({ path: `typical.${tier}`, message: 'A typical upper bound needs a minimum and must be a number' })
      else {
        typical = decimal(typicalGiven, c.unit, `typical.${tier}`, errors)
        if (typical !== null && typical < minimum) errors.push({ path: `typical.${tier}`, message: 'Must not be below the minimum' })
      }
    }
    return {
      tier,
      rule,
      minimum: minimum === null ? null : formatDecimal(minimum),
      typical: typical === null ? null : formatDecimal(typical),
      text: thresholdText(c.unit, rule, minimum, typical),
    }
  })
  if (errors.length) throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors })
  return rows
}

function decimal(v: string | number, unit: Unit, path: string, errors: FieldError[]): bigint | null {
  try {
    const d = parseDecimal(v)
    if (unit === 'count' && d % 100n !== 0n) {
      errors.push({ path, message: 'A whole number' })
      return null
    }
    return d
  } catch {
    errors.push({ path, message: 'A non-negative number with at most two decimals' })
    return null
  }
}
