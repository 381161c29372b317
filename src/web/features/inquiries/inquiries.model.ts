import type { Schemas } from '../../lib/api.ts'

export type Inquiry = Schemas['Inquiry']
export type InquiryDetail = Schemas['InquiryDetail']
export type InquiryStatus = Schemas['InquiryStatus']

export const statusLabels: Record<InquiryStatus, string> = {
  new: 'New',
  in_review: 'In review',
  needs_information: 'Needs information',
  converted: 'Converted to onboarding',
  declined: 'Declined',
}
export const statusColors: Record<InquiryStatus, string> = {
  new: 'blue',
  in_review: 'indigo',
  needs_information: 'yellow',
  converted: 'green',
  declined: 'gray',
}
export const partnerTypeOptions = [
  { value: 'oem', label: 'OEM / technology partner' },
  { value: 'service', label: 'Service partner' },
  { value: 'both', label: 'Both' },
]
