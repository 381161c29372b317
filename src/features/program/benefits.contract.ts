import { z } from '@hono/zod-openapi'
import { benefitGroups, benefitLevels, Tier } from './program.contract.ts'

export const EntitlementSchema = z
  .object({
    key: z.string().openapi({ example: 'mdfTracking' }),
    group: z.enum(benefitGroups),
    label: z.string(),
    level: z.enum(benefitLevels),
    role: z.string().nullable().openapi({ description: 'For named_role: e.g. VP/SVP' }),
    text: z.string().openapi({ description: "The program page's wording" }),
    meaning: z.string().openapi({ description: 'What the level concretely gives this partner' }),
    granted: z.boolean().openapi({ description: 'Whether the capability is offered to the partner (the hasBenefit gate)' }),
  })
  .openapi('Entitlement')

export const BenefitsSchema = z
  .object({
    partnerId: z.string().uuid(),
    tier: Tier.nullable().openapi({ description: 'A partner without a tier is entitled to no benefit yet' }),
    year: z.number().int(),
    contact: z
      .object({
        kind: z.enum(['partnerManager', 'pooledPartnerManager', 'gpsTeam']),
        name: z.string(),
        email: z.string().nullable(),
      })
      .openapi({ description: 'Who supports the partner: its partner manager, or the GPS team' }),
    items: z.array(EntitlementSchema),
  })
  .openapi('PartnerBenefits')
