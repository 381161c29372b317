import { Badge } from '@mantine/core'
import { statusColors, statusLabels, type PartnerStatus } from './partners.model.ts'

export function StatusBadge({ status }: { status: PartnerStatus }) {
  return (
    <Badge color={statusColors[status]} variant="light">
      {statusLabels[status]}
    </Badge>
  )
}
