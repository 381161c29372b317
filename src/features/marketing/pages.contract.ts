import { z } from '@hono/zod-openapi'
import { CountryCode } from '../../core/countries.ts'

const url = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/\S+$/, 'A web address starting with https://')
const CaseStudy = z.strictObject({
  title: z.string().trim().min(1, 'Required').max(200),
  summary: z.string().trim().max(2000),
  url: url.optional(),
})
const CallToAction = z.strictObject({ label: z.string().trim().min(1, 'Required').max(80), url })

export const PageInput = z
  .strictObject({
    description: z.string().trim().max(5000),
    solutions: z.array(z.string().trim().min(1).max(80)).max(30).default([]),
    website: url.optional(),
    contactEmail: z.string().trim().toLowerCase().email('Not an email address').max(320).optional(),
    caseStudies: z.array(CaseStudy).max(10).default([]).openapi({ description: 'Enhanced pages only (JAM members)' }),
    featuredSolutions: z.array(z.string().trim().min(1).max(80)).max(5).default([]).openapi({ description: 'Enhanced pages only' }),
    callToAction: CallToAction.optional().openapi({ description: 'Enhanced pages only' }),
  })
  .openapi('PartnerPageInput')
export type PageInput = z.infer<typeof PageInput>

/** What the directory shows of an approved page: the public fields, nothing else. */
export const PublishedPage = z.object({
  description: z.string(),
  solutions: z.array(z.string()),
  website: z.string().nullable(),
  contactEmail: z.string().nullable(),
  caseStudies: z.array(z.object({ title: z.string(), summary: z.string(), url: z.string().optional() })),
  featuredSolutions: z.array(z.string()),
  callToAction: z.object({ label: z.string(), url: z.string() }).nullable(),
})
export const PageSchema = z
  .object({
    partnerId: z.string().uuid(),
    level: z.enum(['enhanced', 'basic', 'none']),
    status: z.enum(['draft', 'submitted', 'approved', 'rejected']),
    draft: PublishedPage,
    published: PublishedPage.nullable(),
    publishedAt: z.string().datetime().nullable(),
    reviewNote: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('PartnerPage')
export const ReviewInput = z.strictObject({ note: z.string().trim().max(1000).optional() }).openapi('PartnerPageReview')

export const DirectoryQuery = z.object({
  tier: z.enum(['strategic', 'advantage', 'select', 'approved']).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  country: CountryCode.optional(),
  solution: z.string().trim().min(1).max(80).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
})
export const DirectoryEntry = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    tier: z.enum(['strategic', 'advantage', 'select', 'approved']),
    countries: z.array(z.string()),
    description: z.string(),
    solutions: z.array(z.string()),
    website: z.string().nullable(),
    contactEmail: z.string().nullable(),
    enhanced: z.boolean(),
    caseStudies: z.array(z.object({ title: z.string(), summary: z.string(), url: z.string().optional() })),
    featuredSolutions: z.array(z.string()),
    callToAction: z.object({ label: z.string(), url: z.string() }).nullable(),
  })
  .openapi('DirectoryPartner')
export type DirectoryEntry = z.infer<typeof DirectoryEntry>
export const Directory = z.object({ items: z.array(DirectoryEntry), nextCursor: z.string().nullable() }).openapi('PartnerDirectory')
