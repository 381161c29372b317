import { Anchor, Badge, Button, Card, Center, Group, Select, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { Link, Navigate, useSearchParams } from 'react-router'
import { ActionsHeader } from '../../components/actions-header.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { formatDate } from '../../lib/format.ts'
import { useCurrentUser } from '../../lib/session.ts'
import { useStaff } from '../partners/index.ts'
import { GapFollowUp } from './gap-follow-up.tsx'
import { RedFlagModal } from './red-flag-modal.tsx'
import { ageInDays, gapKindLabel, gapKindLabels, severityColors } from './safety.model.ts'
import { useGapQueue, type GapFilters } from './safety.queries.ts'

const ages = [
  { value: '7', label: '7 days or older' },
  { value: '30', label: '30 days or older' },
  { value: '90', label: '90 days or older' },
]

/** The gap queue: computed gaps and red flags of every partner, filtered by owner, kind and age; followed up one by one. */
export function GapQueuePage() {
  const user = useCurrentUser()
  const [params] = useSearchParams()
  const [filters, setFilters] = useState<GapFilters>({
    open: 'true',
    source: null,
    kind: params.get('kind'),
    ownerId: null,
    minAgeDays: null,
  })
  const [selected, setSelected] = useState<string | null>(null)
  const [raising, setRaising] = useState(false)
  const gaps = useGapQueue(filters)
  const canManage = user.role === 'safety'
  const staff = useStaff(!user.partnerId)
  if (user.partnerId) return <Navigate to="/safety-compliance" replace />
  const set = <K extends keyof GapFilters>(k: K, v: GapFilters[K]) => setFilters({ ...filters, [k]: v })
  const gap = gaps.data?.find((g) => g.id === selected) ?? null
  return (
    <>
      <PageHeader
        title="Safety gap queue"
        description="What keeps high-risk partners out of compliance, and the red flags raised by hand: assign, follow up, close."
        actions={
          canManage && (
            <Button color="red" variant="light" onClick={() => setRaising(true)}>
              Raise a red flag
            </Button>
          )
        }
      />
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <Select
          label="State"
          data={[
            { value: 'true', label: 'Open' },
            { value: 'false', label: 'Closed' },
          ]}
          placeholder="Open and closed"
          value={filters.open}
          onChange={(v) => set('open', v as GapFilters['open'])}
          clearable
          w={160}
        />
        <Select
          label="Kind"
          placeholder="Any kind"
          data={Object.entries(gapKindLabels).map(([value, label]) => ({ value, label }))}
          value={filters.kind}
          onChange={(v) => set('kind', v)}
          clearable
          searchable
          w={240}
        />
        <Select
          label="Owner"
          placeholder="Anyone"
          data={(staff.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          value={filters.ownerId}
          onChange={(v) => set('ownerId', v)}
          clearable
          searchable
          w={200}
        />
        <Select
          label="Age"
          placeholder="Any age"
          data={ages}
          value={filters.minAgeDays === null ? null : String(filters.minAgeDays)}
          onChange={(v) => set('minAgeDays', v === null ? null : Number(v))}
          clearable
          w={180}
        />
      </Group>
      <Card withBorder padding={0} radius="md">
        {gaps.isPending ? (
          <PageLoader label="Loading gaps" />
        ) : gaps.isError ? (
          <Center p="md">
            <ErrorState error={gaps.error} onRetry={() => void gaps.refetch()} />
          </Center>
        ) : gaps.data.length === 0 ? (
          <EmptyState title="No gap matches">Change the filters to see more.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover aria-label="Safety gaps">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Partner</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>What is missing</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th>Age</Table.Th>
                  <Table.Th>State</Table.Th>
                  <ActionsHeader />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {gaps.data.map((g) => (
                  <Table.Tr key={g.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/partners/${g.partnerId}?tab=safety`}>
                        {g.partnerName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {gapKindLabel(g.kind)}
                        {g.severity && (
                          <Badge size="xs" color={severityColors[g.severity]}>
                            {g.severity}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{g.message}</Text>
                      {g.comments.length > 0 && (
                        <Text size="xs" c="dimmed">
                          {g.comments.length} comment{g.comments.length === 1 ? '' : 's'}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {g.owner?.name ?? (
                        <Text c="dimmed" size="sm">
                          Unassigned
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{g.dueDate ? formatDate(g.dueDate) : '—'}</Table.Td>
                    <Table.Td>{ageInDays(g.openedAt)} d</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={g.closedAt ? 'gray' : 'orange'}>
                        {g.closedAt ? 'Closed' : 'Open'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => setSelected(g.id)}
                        aria-label={`Follow up: ${g.partnerName}, ${gapKindLabel(g.kind)}`}
                      >
                        {canManage ? 'Follow up' : 'Details'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <GapFollowUp gap={gap} canManage={canManage} onClose={() => setSelected(null)} />
      {canManage && <RedFlagModal opened={raising} onClose={() => setRaising(false)} />}
    </>
  )
}
