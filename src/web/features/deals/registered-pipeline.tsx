import { Card, Group, Table, Text, Title } from '@mantine/core'
import { formatDate, formatDateTime } from '../../lib/format.ts'
import { formatMoney } from './deals.model.ts'
import { usePartnerPipeline } from './deals.queries.ts'

/**
 * Beside the quarterly metrics: the open approved pipeline of registered deals at each quarter end, and for an
 * ended quarter the snapshot that counts as its pipeline in the tier evaluation (over the reported figure).
 */
export function RegisteredPipeline({ partnerId, year }: { partnerId: string; year: number }) {
  const pipeline = usePartnerPipeline(partnerId, year)
  if (!pipeline.data) return null
  return (
    <Card withBorder aria-label="Registered pipeline">
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h4">
          Registered pipeline {year}
        </Title>
        <Text size="xs" c="dimmed">
          Open approved deal registrations at each quarter end; once a quarter has ended, a snapshot counts for the pipeline metric
        </Text>
      </Group>
      {pipeline.data.quarters.length === 0 ? (
        <Text size="sm" c="dimmed">
          The year has not started.
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {pipeline.data.quarters.map((q) => (
              <Table.Tr key={q.quarter}>
                <Table.Th w={80}>Q{q.quarter}</Table.Th>
                <Table.Td>{formatMoney(q.openPipeline)}</Table.Td>
                <Table.Td c="dimmed">as at {formatDate(q.asOf)}</Table.Td>
                <Table.Td>
                  {q.snapshot ? (
                    <Text size="sm" title={`Snapshot taken ${formatDateTime(q.snapshot.takenAt)}`}>
                      Pipeline metric: {formatMoney(q.snapshot.amount)} from registered deals
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      Pipeline metric: the reported figure
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  )
}
