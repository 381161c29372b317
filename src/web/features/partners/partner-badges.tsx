import { Badge } from '@mantine/core'
import { statusColors, statusLabels, tierColors, tierLabels, type PartnerStatus, type Tier } from './partners.model.ts'

export function StatusBadge({ status }: { status: PartnerStatus }) {
  return (
    <Badge color={statusColors[status]} variant="light">
      {statusLabels[status]}
    </Badge>
  )
}

export function TierBadge({ tier }: { tier: Tier | null }) {
  if (!tier)
    return (
      <Badge color="gray" variant="outline">
        No tier
      </Badge>
    )
  return (
    <Badge color={tierColors[tier]} variant="filled">
      {tierLabels[tier]}
    </Badge>
  )
}
