import type { Schemas } from '../../lib/api.ts'

export type Partner = Schemas['Partner']
export type PartnerType = Schemas['PartnerType']
export type PartnerStatus = Schemas['PartnerStatus']
export type PartnerListItem = Schemas['PartnerListItem']
export type RiskLevel = Schemas['SafetyRiskLevel']
export type ProgramStatus = Schemas['SafetyProgramStatus']

export const riskLabels: Record<RiskLevel, string> = { high: 'High risk', low: 'Low risk' }
/** Where a partner stands in the Partner Safety Program (low-risk partners are not in it). */
export const programStatusLabels: Record<ProgramStatus, string> = {
  not_in_program: 'Not in program',
  clear: 'Clear',
  blocked: 'Blocked',
  overridden: 'Cleared by override',
}
export const programStatusColors: Record<ProgramStatus, string> = {
  not_in_program: 'gray',
  clear: 'green',
  blocked: 'red',
  overridden: 'yellow',
}

export const typeLabels: Record<PartnerType, string> = { oem: 'OEM / technology', service: 'Service partner', both: 'OEM & service' }

export const statusLabels: Record<PartnerStatus, string> = {
  prospect: 'Prospect',
  onboarding: 'Onboarding',
  active: 'Active',
  suspended: 'Suspended',
  exited: 'Exited',
}
export const statusColors: Record<PartnerStatus, string> = {
  prospect: 'gray',
  onboarding: 'blue',
  active: 'green',
  suspended: 'orange',
  exited: 'red',
}

/** The lifecycle: which statuses a partner may move to from each status (the server enforces the same). */
export const allowedTransitions: Record<PartnerStatus, PartnerStatus[]> = {
  prospect: ['onboarding', 'exited'],
  onboarding: ['active', 'prospect', 'exited'],
  active: ['suspended', 'exited'],
  suspended: ['active', 'exited'],
  exited: ['prospect'],
}

export const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }))

export const sortOptions = [
  { value: 'legalName', label: 'Name A–Z' },
  { value: '-legalName', label: 'Name Z–A' },
  { value: '-updatedAt', label: 'Recently updated' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: 'headquartersCountry', label: 'HQ country' },
  { value: 'status', label: 'Status' },
  { value: 'tier', label: 'Tier' },
] as const
export type PartnerSort = (typeof sortOptions)[number]['value']
