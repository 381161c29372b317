import { Badge } from '@mantine/core'
import { tierColors, tierLabels, type Tier } from '../lib/tiers.ts'

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
