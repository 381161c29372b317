import type { Schemas } from './api.ts'

/** The program's tiers: shown by partners, the program, reviews and deals alike. */
export type Tier = NonNullable<Schemas['Tier']>

/** Highest first, as the program page lists them. */
export const tierOrder: Tier[] = ['strategic', 'advantage', 'select', 'approved']
export const tierRank = (t: Tier | null): number => (t ? 4 - tierOrder.indexOf(t) : 0)

export const tierLabels: Record<Tier, string> = { strategic: 'Strategic', advantage: 'Advantage', select: 'Select', approved: 'Approved' }
export const tierColors: Record<Tier, string> = { strategic: 'violet', advantage: 'indigo', select: 'cyan', approved: 'teal' }
