import { z } from '@hono/zod-openapi'
import { CountryCode } from '../../core/countries.ts'
import { WebAddress } from '../../core/web-address.ts'
import { ProgramStatus, RiskLevel } from '../safety/safety.contract.ts'

export const partnerTypes = ['oem', 'service', 'both'] as const
export const partnerStatuses = ['prospect', 'onboarding', 'active', 'suspended', 'exited'] as const
export const tiers = ['strategic', 'advantage', 'select', 'approved'] as const

export const PartnerType = z.enum(partnerTypes).openapi('PartnerType', { description: 'oem = OEM/technology partner' })
export const PartnerStatus = z.enum(partnerStatuses).openapi('PartnerStatus')
export const Tier = z.enum(tiers).openapi('Tier')

/** Lifecycle: which status may follow which. */
export const allowedTransitions: Record<(typeof partnerStatuses)[number], readonly (typeof partnerStatuses)[number][]> = {
  prospect: ['onboarding', 'exited'],
  onboarding: ['active', 'prospect', 'exited'],
  active: ['suspended', 'exited'],
  suspended: ['active', 'exited'],
  exited: ['prospect'],
}

const label = z.string().trim().min(1).max(100)
const emailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?!-)[a-z0-9-]{1,63}(\.(?!-)[a-z0-9-]{1,63})+$/, 'A domain such as example.com')
const country = CountryCode.openapi({ example: 'US', description: 'ISO 3166-1 alpha-2' })
const staffId = z.string().uuid().nullable().optional()

export const PartnerCreateInput = z
  .strictObject({
    legalName: z.string().trim().min(1, 'Required').max(200),
    aliases: z.array(label).max(20).optional(),
    website: WebAddress.nullable().optional(),
    headquartersCountry: country,
    countries: z.array(country).max(250).optional(),
    type: PartnerType,
    services: z.array(label).max(50).optional(),
    gtmCategories: z.array(label).max(50).optional(),
    status: PartnerStatus.optional(),
    tier: Tier.nullable().optional(),
    partnerManagerId: staffId,
    partnerOpsId: staffId,
    sponsorId: staffId,
    emailDomains: z.array(emailDomain).max(20).optional().openapi({
      description: "The company's email domains: its partner admins invite addresses of these only (default: the website's domain)",
    }),
  })
  .openapi('PartnerCreateInput', { example: { legalName: 'ACME Corporation Inc.', type: 'oem', headquartersCountry: 'US' } })
export type PartnerCreate = z.infer<typeof PartnerCreateInput>

export const PartnerPatchInput = PartnerCreateInput.partial().openapi('PartnerPatchInput')
export type PartnerPatch = z.infer<typeof PartnerPatchInput>

const Staff = z.object({ id: z.string().uuid(), name: z.string(), email: z.string() }).openapi('StaffRef')

export const PartnerSchema = z
  .object({
    id: z.string().uuid(),
    legalName: z.string(),
    aliases: z.array(z.string()),
    website: z.string().nullable(),
    domain: z.string().nullable(),
    emailDomains: z.array(z.string()),
    headquartersCountry: z.string(),
    countries: z.array(z.string()),
    type: PartnerType,
    services: z.array(z.string()),
    gtmCategories: z.array(z.string()),
    status: PartnerStatus,
    tier: Tier.nullable(),
    partnerManager: Staff.nullable(),
    partnerOps: Staff.nullable(),
    sponsor: Staff.nullable(),
    version: z.number().int(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi('Partner')
export type Partner = z.infer<typeof PartnerSchema>

export const sortKeys = ['legalName', 'createdAt', 'updatedAt', 'headquartersCountry', 'status', 'tier'] as const
const Sort = z.enum([...sortKeys, ...sortKeys.map((k) => `-${k}` as const)])

export const PartnerListQuery = z.object({
  q: z.string().trim().max(200).optional().openapi({ description: 'Fuzzy search on legal name and aliases' }),
  type: PartnerType.optional(),
  status: PartnerStatus.optional(),
  tier: Tier.optional(),
  country: CountryCode.optional().openapi({ description: 'Headquarters or covered country' }),
  managerId: z.string().uuid().optional(),
  riskLevel: RiskLevel.optional().openapi({ description: 'Safety risk level, derived from the services and the risk matrix' }),
  programStatus: ProgramStatus.optional().openapi({ description: 'Where the partner stands in the Partner Safety Program' }),
  sort: Sort.default('legalName').openapi({ description: 'A field, with a leading - for descending' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
})
export type PartnerListParams = z.infer<typeof PartnerListQuery>

/** A row of the partners list: the partner with its safety risk level and program status (derived in the query). */
export const PartnerListItem = PartnerSchema.extend({
  safety: z.object({ riskLevel: RiskLevel, programStatus: ProgramStatus }).openapi('PartnerSafetySummary'),
}).openapi('PartnerListItem')
export type PartnerListItem = z.infer<typeof PartnerListItem>
export const PartnerList = z.object({ items: z.array(PartnerListItem), nextCursor: z.string().nullable() }).openapi('PartnerList')

export const ContactInput = z
  .strictObject({
    name: z.string().trim().min(1, 'Required').max(200),
    title: z.string().trim().max(200).nullable().optional(),
    email: z.string().trim().email('Not a valid email').max(320).nullable().optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()./-]{5,30}$/, 'Not a valid phone number')
      .nullable()
      .optional(),
    role: z.string().trim().max(100).nullable().optional(),
  })
  .openapi('ContactInput')
export type ContactCreate = z.infer<typeof ContactInput>
export const ContactPatchInput = ContactInput.partial().openapi('ContactPatchInput')

export const ContactSchema = z
  .object({
    id: z.string().uuid(),
    partnerId: z.string().uuid(),
    name: z.string(),
    title: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    role: z.string().nullable(),
  })
  .openapi('Contact')
export type Contact = z.infer<typeof ContactSchema>

export const TimelineEntry = z
  .object({
    id: z.string(),
    at: z.string().datetime(),
    actor: z.string(),
    entity: z.string(),
    entityId: z.string(),
    action: z.string(),
    changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  })
  .openapi('TimelineEntry')
