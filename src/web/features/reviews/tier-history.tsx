import { Card, Table, Text, Title } from '@mantine/core'
import { formatDate } from '../../lib/format.ts'
import { useTierHistory } from './reviews.queries.ts'
import { TierBadge } from '../../components/tier-badge.tsx'

/** Every tier change of the partner, kept forever: from, to, when it took effect, and the justification. */
export function TierHistory({ partnerId }: { partnerId: string }) {
  const q = useTierHistory(partnerId)
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        Tier history
      </Title>
      {q.isError ? (
        <Text size="sm" c="red">
          Tier history could not be loaded.
        </Text>
      ) : !q.data ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : q.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No tier change recorded through a review yet.
        </Text>
      ) : (
        <Table aria-label="Tier history" verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Effective</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>Justification</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{formatDate(`${c.effectiveDate}T00:00:00`)}</Table.Td>
                <Table.Td>
                  <TierBadge tier={c.fromTier} />
                </Table.Td>
                <Table.Td>
                  <TierBadge tier={c.toTier} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{c.justification ?? '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  )
}
