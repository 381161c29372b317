import { dayString } from '../../../core/dates.ts'
import type { Schemas } from '../../lib/api.ts'

export type ReviewCycle = Schemas['ReviewCycle']
export type Recommendation = Schemas['Recommendation']
export type Decision = NonNullable<Schemas['TierDecision']>
export type Movement = Schemas['TierMovement']
export type TierChange = Schemas['TierChange']

export const movementOrder: Movement[] = ['promote', 'keep', 'demote', 'new']
export const movementLabels: Record<Movement, string> = { promote: 'Promote', keep: 'Keep', demote: 'Demote', new: 'New tier' }
export const movementColors: Record<Movement, string> = { promote: 'green', keep: 'gray', demote: 'orange', new: 'blue' }
export const kindLabels: Record<ReviewCycle['kind'], string> = { annual: 'Annual', ad_hoc: 'Ad hoc' }
export const decisionStatusLabels: Record<Decision['status'], string> = {
  pending: 'Awaiting approval',
  approved: 'Approved',
  applied: 'Applied',
}
export const decisionStatusColors: Record<Decision['status'], string> = { pending: 'yellow', approved: 'blue', applied: 'green' }

/** Today as YYYY-MM-DD in the browser's calendar (the default effective date). */
export const today = (): string => dayString(new Date())
