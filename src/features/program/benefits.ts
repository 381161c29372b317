import type { Benefit, BenefitLevel, TierName } from './program.contract.ts'

/**
 * Levels that include the capability for the partner: in full, limited (with its written meaning),
 * by invitation (the partner may be invited), or through a named role. GPS team, customer level,
 * n/a and No do not: the capability is not offered to the partner.
 */
const granting: ReadonlySet<BenefitLevel> = new Set(['yes', 'limited', 'by_invitation', 'named_role'])
export const grants = (level: BenefitLevel): boolean => granting.has(level)

/** The generic meaning of a level; Limited always has a benefit-specific meaning in the data. */
export function meaningOf(level: BenefitLevel, role: string | null): string {
  switch (level) {
    case 'yes':
      return 'Included in full for this tier.'
    case 'limited':
      return 'Included in a reduced form for this tier.'
    case 'by_invitation':
      return 'Available by invitation: the integrator invites partners of this tier; it cannot be requested.'
    case 'gps_team':
      return 'Handled by the Global Partner Support (GPS) team rather than a person assigned to the partner.'
    case 'customer_level':
      return "Handled at customer level: work with the integrator's account team for the customer concerned."
    case 'named_role':
      return `Provided by: ${role}.`
    case 'n_a':
      return 'Not part of this tier.'
    case 'no':
      return 'Not included in this tier.'
  }
}

/** What a partner with no tier gets: nothing yet; the GPS team is its contact. */
export const NO_TIER_MEANING = 'Not available until the partner holds a tier; the Global Partner Support (GPS) team is the contact.'

export type Entitlement = {
  key: string
  group: Benefit['group']
  label: string
  level: BenefitLevel
  role: string | null
  text: string
  meaning: string
  granted: boolean
}

/** A tier's entitlements from the benefits matrix; a partner without a tier is entitled to none. */
export function entitlementsFor(benefits: Benefit[], tier: TierName | null): Entitlement[] {
  return benefits.map((b) => {
    if (!tier)
      return { key: b.key, group: b.group, label: b.label, level: 'no', role: null, text: 'No', meaning: NO_TIER_MEANING, granted: false }
    const cell = b.byTier[tier]
    return { key: b.key, group: b.group, label: b.label, ...cell, granted: grants(cell.level) }
  })
}
