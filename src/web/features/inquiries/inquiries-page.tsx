import { Anchor, Badge, Button, Card, Center, Checkbox, Group, SegmentedControl, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { countryName } from '../../lib/countries.ts'
import { formatDate } from '../../lib/format.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { statusColors, statusLabels, type InquiryStatus } from './inquiries.model.ts'
import { useInquiries, type InquiryFilters } from './inquiries.queries.ts'

const statusFilter = [
  { value: 'open', label: 'Open' },
  ...(['new', 'in_review', 'needs_information', 'converted', 'declined'] as InquiryStatus[]).map((s) => ({
    value: s,
    label: statusLabels[s],
  })),
  { value: 'all', label: 'All' },
]

/** The internal inquiry queue: Contact Us submissions routed to the team. */
export function InquiriesPage() {
  const me = useCurrentUser()
  const navigate = useNavigate()
  const [status, setStatus] = useState('open')
  const [search, setSearch] = useState('')
  const [mine, setMine] = useState(false)
  const [q] = useDebouncedValue(search, 250)
  const filters: InquiryFilters = { status: status === 'all' ? null : (status as InquiryFilters['status']), q, mine: mine ? me.id : null }
  const list = useInquiries(filters)
  if (!can(me, 'inquiries:read')) return <NotFoundState />
  const items = list.data?.pages.flatMap((p) => p.items) ?? []

  return (
    <>
      <PageHeader
        title="Inquiries"
        description="Contact Us submissions, routed to the Global Partner Alliances (GPA) queue and its owners."
        actions={
          <Button component={Link} to="/inquiries/routing" variant="default">
            Routing rules
          </Button>
        }
      />
      <Group mb="md" gap="md" wrap="wrap">
        <SegmentedControl data={statusFilter} value={status} onChange={setStatus} aria-label="Status filter" />
        <TextInput
          placeholder="Company, contact, email or reference"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={300}
          aria-label="Search inquiries"
        />
        <Checkbox label="Assigned to me" checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
      </Group>
      <Card withBorder padding={0}>
        {list.isPending ? (
          <PageLoader label="Loading inquiries" />
        ) : list.isError ? (
          <Center p="md">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </Center>
        ) : items.length === 0 ? (
          <EmptyState title="No inquiries here">Change the filters, or wait for the next Contact Us submission.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Inquiries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Reference</Table.Th>
                  <Table.Th>Company</Table.Th>
                  <Table.Th>Country</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Submitted</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => (
                  <Table.Tr key={i.id} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/inquiries/${i.id}`)}>
                    <Table.Td ff="monospace">
                      <Anchor component={Link} to={`/inquiries/${i.id}`} onClick={(e) => e.stopPropagation()}>
                        {i.reference}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <div>
                          <Text size="sm" fw={500}>
                            {i.company}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {i.contactName} · {i.email}
                          </Text>
                        </div>
                        {i.matchedPartner && (
                          <Tooltip label={`The domain belongs to the partner ${i.matchedPartner.legalName}`}>
                            <Badge color="orange" variant="light">
                              Existing partner
                            </Badge>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{countryName(i.country)}</Table.Td>
                    <Table.Td>
                      <Badge color={statusColors[i.status]} variant="light">
                        {statusLabels[i.status]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {i.owner?.name ?? (
                        <Text c="dimmed" size="sm">
                          Unassigned
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDate(i.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {list.hasNextPage && (
        <Center mt="md">
          <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Show more
          </Button>
        </Center>
      )}
    </>
  )
}
