import type { Schemas } from '../../lib/api.ts'

export type Agreement = Schemas['Agreement']
export type AgreementDetail = Schemas['AgreementDetail']
export type AgreementType = Schemas['AgreementType']
export type AgreementStatus = Schemas['AgreementStatus']

export const typeLabels: Record<AgreementType, string> = {
  potc: 'POTC',
  reseller: 'Reseller agreement',
  mou: 'MOU / joint investment',
  nda: 'NDA',
  flow_down: 'Client flow-down',
}
export const statusLabels: Record<AgreementStatus, string> = {
  draft: 'Draft',
  out_for_signature: 'Out for signature',
  active: 'Active',
  expired: 'Expired',
  terminated: 'Terminated',
}
export const statusColors: Record<AgreementStatus, string> = {
  draft: 'gray',
  out_for_signature: 'yellow',
  active: 'green',
  expired: 'red',
  terminated: 'dark',
}

/** "in 25 days", "today", "12 days ago" for an expiry; null without one. */
export function expiryHint(a: Pick<Agreement, 'daysToExpiry'>): string | null {
  const d = a.daysToExpiry
  if (d === null) return null
  if (d === 0) return 'expires today'
  return d > 0 ? `in ${d} day${d === 1 ? '' : 's'}` : `${-d} day${d === -1 ? '' : 's'} ago`
}

export const formatBytes = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`

/** What each audited action on an agreement reads as (its history, the partner's timeline). */
export const actionLabels: Record<string, string> = {
  create: 'Created',
  update: 'Changed',
  send: 'Sent for signature',
  sign: 'Signed',
  terminate: 'Terminated',
  expire: 'Expired',
  upload: 'Document uploaded',
  notify: 'Notification',
  extension_request: 'Country extension requested',
  extension_approved: 'Country extension approved',
  extension_rejected: 'Country extension rejected',
}
