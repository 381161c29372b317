import { assertCan } from '../../core/auth/permissions.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { getPartner } from '../partners/partners.service.ts'
import { entitlementsFor, type Entitlement } from './benefits.ts'
import { currentYear, loadBenefits } from './guidelines.queries.ts'
import type { TierName } from './program.contract.ts'

export type SupportContact = {
  kind: 'partnerManager' | 'pooledPartnerManager' | 'gpsTeam'
  name: string
  email: string | null
}
export type PartnerBenefits = { partnerId: string; tier: TierName | null; year: number; contact: SupportContact; items: Entitlement[] }

const GPS_TEAM: SupportContact = { kind: 'gpsTeam', name: 'Global Partner Support (GPS) team', email: null }

/**
 * A partner's entitlements from its current tier in the program year in force, and who supports it:
 * its named (or, at Limited, pooled) partner manager when the tier includes one and one is assigned,
 * else the GPS team.
 */
export async function partnerBenefits(ctx: Ctx, partnerId: string): Promise<PartnerBenefits> {
  const partner = await getPartner(ctx, partnerId) // 404 for unknown and other companies' partners alike
  assertCan(ctx.actor, 'program:read')
  return inTx(ctx, async (sql) => {
    const year = await currentYear(sql)
    const items = entitlementsFor(await loadBenefits(sql, year), partner.tier)
    const manager = items.find((i) => i.key === 'namedPartnerManager')
    const pm = partner.partnerManager
    const contact: SupportContact =
      pm && manager?.level === 'yes'
        ? { kind: 'partnerManager', name: pm.name, email: pm.email }
        : pm && manager?.level === 'limited'
          ? { kind: 'pooledPartnerManager', name: pm.name, email: pm.email }
          : GPS_TEAM
    return { partnerId, tier: partner.tier, year, contact, items }
  })
}

/**
 * The single gate features call: the partner's entitlement to one benefit under its current tier
 * (level, what it means, whether it is granted). Yes, Limited, by invitation and named roles grant it;
 * GPS team, customer level, n/a and No do not, and a partner without a tier has none. Limits of a
 * Limited level are the caller's to apply. A key the matrix lacks is a programming error, not a "no".
 */
export async function entitlement(ctx: Ctx, partnerId: string, benefitKey: string): Promise<Entitlement> {
  const partner = await getPartner(ctx, partnerId) // 404 for unknown and other companies' partners alike
  return inTx(ctx, async (sql) => {
    const found = entitlementsFor(await loadBenefits(sql, await currentYear(sql)), partner.tier).find((e) => e.key === benefitKey)
    if (!found) throw new Error(`No benefit "${benefitKey}" in the benefits matrix`)
    return found
  })
}

/** Whether the partner's current tier includes the benefit (see `entitlement`). */
export async function hasBenefit(ctx: Ctx, partnerId: string, benefitKey: string): Promise<boolean> {
  return (await entitlement(ctx, partnerId, benefitKey)).granted
}
