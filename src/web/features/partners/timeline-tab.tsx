import { Badge, Card, Group, Table, Text, Timeline } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, unwrap } from '../../lib/api.ts'
import { formatDateTime, formatValue } from '../../lib/format.ts'
import { actionLabels as agreementActions } from '../agreements/index.ts'

// Internal ids say nothing to a reader; the entry itself says which partner.
const hidden = new Set(['partnerId', 'id', 'version'])
const actionColors: Record<string, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  sign: 'green',
  terminate: 'red',
  expire: 'orange',
}
// Audit actions and entities are words joined by underscores (extension_request): shown as words.
const words = (s: string) => s.replaceAll('_', ' ')

export function TimelineTab({ partnerId }: { partnerId: string }) {
  const q = useQuery({
    queryKey: ['partners', 'timeline', partnerId],
    queryFn: async () => unwrap(await api.GET('/api/partners/{id}/timeline', { params: { path: { id: partnerId } } })).items,
  })
  if (q.isPending) return <PageLoader label="Loading timeline" />
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  if (!q.data.length)
    return (
      <EmptyState title="Nothing has happened yet">Changes to this partner, its contacts, users and agreements appear here.</EmptyState>
    )
  return (
    <Card withBorder>
      <Timeline bulletSize={14} lineWidth={2} aria-label="Timeline">
        {q.data.map((e) => (
          <Timeline.Item
            key={e.id}
            title={
              <Group gap="xs">
                <Badge size="sm" color={actionColors[e.action] ?? 'gray'} variant="light">
                  {(e.entity === 'agreement' && agreementActions[e.action]) || words(e.action)}
                </Badge>
                <Text size="sm" fw={500}>
                  {words(e.entity)}
                </Text>
                <Text size="sm" c="dimmed">
                  by {e.actor} · {formatDateTime(e.at)}
                </Text>
              </Group>
            }
          >
            {e.changes.some((c) => !hidden.has(c.field)) && (
              <Table withRowBorders={false} verticalSpacing={2} fz="xs" mt={4} maw={720}>
                <Table.Tbody>
                  {e.changes
                    .filter((c) => !hidden.has(c.field))
                    .map((c) => (
                      <Table.Tr key={c.field}>
                        <Table.Td w={180} c="dimmed">
                          {c.field}
                        </Table.Td>
                        <Table.Td>
                          {e.action === 'create' ? formatValue(c.after) : `${formatValue(c.before)} → ${formatValue(c.after)}`}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  )
}
