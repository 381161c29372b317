import type { Schemas } from '../../lib/api.ts'

export type Gap = Schemas['SafetyGap']
export type MatrixEntry = Schemas['SafetyMatrixEntry']
export type Requirements = Schemas['SafetyRequirements']
export type Provider = Schemas['SafetyProvider']

/** What each kind of gap or red flag is, in plain words (the queue's filter and column). */
export const gapKindLabels: Record<string, string> = {
  no_subscription: 'No subscription',
  subscription_pending: 'Subscription pending',
  subscription_lapsed: 'Subscription lapsed',
  failing_grade: 'Failing grade',
  provider_update_stale: 'Provider update too old',
  insurance_missing: 'Insurance missing',
  insurance_expired: 'Insurance expired',
  insurance_limit_below: 'Insurance limit below minimum',
  statistics_missing: 'Statistics missing',
  statistics_above_threshold: 'Statistics above threshold',
  program_missing: 'Written program missing',
  licence_expired: 'Licence expired',
  incident: 'Red flag: incident',
  client_complaint: 'Red flag: client complaint',
  other: 'Red flag: other',
}
export const gapKindLabel = (kind: string) => gapKindLabels[kind] ?? kind.replace(/_/g, ' ')

export const redFlagKinds = [
  { value: 'incident', label: 'Incident' },
  { value: 'client_complaint', label: 'Client complaint' },
  { value: 'other', label: 'Other' },
] as const
export const severities = [
  { value: 'low', label: 'Low' },
  { value: 'medium', label: 'Medium' },
  { value: 'high', label: 'High (blocks new work)' },
] as const
export const severityColors = { low: 'gray', medium: 'yellow', high: 'red' } as const

export const subscriptionStatusLabels = { active: 'Active', pending: 'Pending', lapsed: 'Lapsed', none: 'None' } as const
export const dashboardStatusLabels: Record<string, string> = { clear: 'Clear', blocked: 'Blocked', overridden: 'Cleared by override' }
export const dashboardStatusColors: Record<string, string> = { clear: 'green', blocked: 'red', overridden: 'yellow' }
export const insuranceTypeLabels = {
  general_liability: 'General liability',
  workers_compensation: "Workers' compensation",
  auto: 'Auto',
  umbrella: 'Umbrella',
} as const

/** Whole days from a timestamp's UTC date to today's (the server counts ages the same way). */
export const ageInDays = (iso: string, now = new Date()) =>
  Math.round((Date.parse(now.toISOString().slice(0, 10)) - Date.parse(iso.slice(0, 10))) / 86_400_000)
