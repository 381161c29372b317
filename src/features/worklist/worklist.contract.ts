import { z } from '@hono/zod-openapi'

export const worklistKinds = ['newInquiries', 'myInquiries', 'onboardingDue', 'dealReviews', 'agreementsToSign', 'dealQuestions'] as const

export const WorklistItemSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    detail: z.string().openapi({ description: 'One line: status, due date, partner' }),
    href: z.string().openapi({ description: 'The web page that opens it' }),
    overdue: z.boolean(),
  })
  .openapi('WorklistItem')

export const WorklistGroupSchema = z
  .object({
    kind: z.enum(worklistKinds),
    label: z.string(),
    count: z.number().int(),
    more: z.boolean().openapi({ description: 'true: there are more than `count` (the count stopped at its limit)' }),
    href: z.string().openapi({ description: 'The list page showing all of them' }),
    items: z.array(WorklistItemSchema).openapi({ description: 'The first few, most urgent first' }),
  })
  .openapi('WorklistGroup')

export const WorklistSchema = z
  .object({ groups: z.array(WorklistGroupSchema).openapi({ description: 'Only the kinds the signed-in user works on' }) })
  .openapi('Worklist')

export type WorklistItem = z.infer<typeof WorklistItemSchema>
export type WorklistGroup = z.infer<typeof WorklistGroupSchema>
export type Worklist = z.infer<typeof WorklistSchema>
