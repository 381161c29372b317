import { Card, Group, Table, Text, Title } from '@mantine/core'
import { formatDate } from '../../lib/format.ts'
import { formatMoney } from './deals.model.ts'
import { usePartnerPipeline } from './deals.queries.ts'

/** Beside the quarterly metrics: the open approved pipeline of registered deals at each quarter end (the averagePipeline input). */
export function RegisteredPipeline({ partnerId, year }: { partnerId: string; year: number }) {
  const pipeline = usePartnerPipeline(partnerId, year)
  if (!pipeline.data) return null
  return (
    <Card withBorder aria-label="Registered pipeline">
      <Group justify="space-between" mb={4}>
        <Title order={4}>Registered pipeline {year}</Title>
        <Text size="xs" c="dimmed">Open approved deal registrations at each quarter end, for the pipeline metric</Text>
      </Group>
      {pipeline.data.quarters.length === 0 ? (
        <Text size="sm" c="dimmed">The year has not started.</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {pipeline.data.quarters.map((q) => (
              <Table.Tr key={q.quarter}>
                <Table.Th w={80}>Q{q.quarter}</Table.Th>
                <Table.Td>{formatMoney(q.openPipeline)}</Table.Td>
                <Table.Td c="dimmed">as at {formatDate(q.asOf)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  )
}
