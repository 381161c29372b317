import type { Schemas } from '../../lib/api.ts'

export type Case = Schemas['OnboardingCase']
export type CaseDetail = Schemas['OnboardingCaseDetail']
export type CaseStatus = Schemas['OnboardingStatus']

export const caseStatusLabels: Record<CaseStatus, string> = {
  requested: 'Requested',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
}
export const caseStatusColors: Record<CaseStatus, string> = {
  requested: 'blue',
  in_progress: 'yellow',
  completed: 'green',
  cancelled: 'gray',
}

/** "Deal-driven · POTC" and the like. */
export const pathLabel = (c: Pick<Case, 'path' | 'agreementType'>): string =>
  `${c.path === 'deal' ? 'Deal-driven' : 'Sponsor-driven'} · ${c.agreementType === 'potc' ? 'POTC' : 'Reseller agreement'}`
