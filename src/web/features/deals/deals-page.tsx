import { Badge, Button, Card, Group, SegmentedControl, Select, Switch, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { formatDate } from '../../lib/format.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import {
  daysUntil,
  formatMoney,
  registersDeals,
  stageLabels,
  statusColors,
  statusLabels,
  type Deal,
  type DealStatus,
} from './deals.model.ts'
import { useDeals } from './deals.queries.ts'
import { useOffered } from '../program/index.ts'

type Queue = 'incentives' | 'mine' | 'all'

/** "My deals" for partners; for reviewers the review queue with its service-level clock, filters and every deal. */
export function DealsPage() {
  const user = useCurrentUser()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const reviewer = can(user, 'deals:review')
  const offered = useOffered(user)
  const registers = can(user, 'deals:register') && offered('dealRegistration', registersDeals)
  const queue = (params.get('queue') as Queue | null) ?? (user.role === 'sales' ? 'mine' : reviewer ? 'incentives' : 'all')
  const [status, setStatus] = useState<DealStatus | null>(null)
  const [overdue, setOverdue] = useState(false)
  const [bigDeal, setBigDeal] = useState(false)
  const [q, setQ] = useState('')
  const [search] = useDebouncedValue(q, 250)
  const deals = useDeals({
    limit: 100,
    ...(queue !== 'all' ? { queue } : {}),
    ...(status ? { status } : {}),
    ...(overdue ? { overdue: 'true' as const } : {}),
    ...(bigDeal ? { bigDeal: 'true' as const } : {}),
    ...(search.trim() ? { q: search.trim() } : {}),
  })
  return (
    <>
      <PageHeader
        title={user.partnerId ? 'My deals' : 'Deal registrations'}
        description={
          user.partnerId
            ? "Your company's registrations, their status and when to expect a decision."
            : 'Registrations under review with their service-level clock; conflicts are compared on each deal.'
        }
        actions={registers && <Button onClick={() => void navigate('/deals/new')}>Register a deal</Button>}
      />
      <Group mb="md" gap="sm" wrap="wrap">
        {reviewer && (
          <SegmentedControl
            aria-label="Queue"
            value={queue}
            onChange={(v) => setParams(v === 'all' ? {} : { queue: v })}
            data={[
              ...(user.role === 'sales' ? [] : [{ value: 'incentives', label: 'Incentives queue' }]),
              { value: 'mine', label: 'Routed to me' },
              { value: 'all', label: 'All deals' },
            ]}
          />
        )}
        <Select
          aria-label="Status"
          placeholder="Any status"
          clearable
          value={status}
          onChange={(v) => setStatus(v as DealStatus | null)}
          data={Object.entries(statusLabels).map(([value, label]) => ({ value, label }))}
          w={200}
        />
        <TextInput aria-label="Customer" placeholder="Customer name" value={q} onChange={(e) => setQ(e.currentTarget.value)} w={220} />
        {!user.partnerId && <Switch label="Overdue" checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} />}
        {!user.partnerId && <Switch label="Big deals" checked={bigDeal} onChange={(e) => setBigDeal(e.currentTarget.checked)} />}
      </Group>
      {deals.isPending ? (
        <PageLoader label="Loading deals" />
      ) : deals.isError ? (
        <ErrorState error={deals.error} onRetry={() => void deals.refetch()} />
      ) : deals.data.items.length === 0 ? (
        <EmptyState title="No deals here">
          {!user.partnerId
            ? 'Nothing matches these filters.'
            : registers
              ? 'Register an opportunity to protect it.'
              : "Deal registration is not part of your company's tier yet."}
        </EmptyState>
      ) : (
        <Card withBorder>
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Deals" striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Customer</Table.Th>
                  {!user.partnerId && <Table.Th>Partner</Table.Th>}
                  <Table.Th>Value</Table.Th>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Decision expected</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deals.data.items.map((d) => (
                  <DealRow key={d.id} deal={d} internal={!user.partnerId} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </>
  )
}

function DealRow({ deal: d, internal }: { deal: Deal; internal: boolean }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600} component={Link} to={`/deals/${d.id}`}>
          {d.customer.name}
        </Text>
        <Text size="xs" c="dimmed">
          {d.products.join(', ')}
        </Text>
      </Table.Td>
      {internal && <Table.Td>{d.partnerName}</Table.Td>}
      <Table.Td>
        {formatMoney(d.value)}{' '}
        {d.bigDeal && (
          <Badge size="xs" color="grape" variant="light">
            Big deal
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{stageLabels[d.stage]}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Badge color={statusColors[d.status]} variant="light">
            {statusLabels[d.status]}
          </Badge>
          {/* A partner hears of a possible conflict only while its registration is being decided. */}
          {d.possibleConflict && (internal || d.status === 'submitted' || d.status === 'info_requested') && (
            <Badge color="yellow" variant="outline">
              Possible conflict
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <SlaClock deal={d} />
      </Table.Td>
    </Table.Tr>
  )
}

/** The review clock: the expected decision date and how much time is left (or how late it is). */
export function SlaClock({ deal: d }: { deal: Deal }) {
  if (d.status === 'info_requested')
    return (
      <Text size="sm" c="orange">
        Paused: waiting for the partner
      </Text>
    )
  if (!d.expectedDecisionDate)
    return (
      <Text size="sm" c="dimmed">
        {d.decidedAt ? `Decided ${formatDate(d.decidedAt)}` : '—'}
      </Text>
    )
  const days = daysUntil(d.expectedDecisionDate)
  return (
    <Group gap={6}>
      <Text size="sm">{formatDate(d.expectedDecisionDate)}</Text>
      <Badge size="sm" color={d.overdue ? 'red' : days === 0 ? 'yellow' : 'gray'} variant="light">
        {d.overdue
          ? `${-days} day${days === -1 ? '' : 's'} overdue`
          : days === 0
            ? 'due today'
            : `${days} day${days === 1 ? '' : 's'} left`}
      </Badge>
    </Group>
  )
}
