import { Button, Card, Center, Text } from '@mantine/core'
import { useDebouncedValue, useDisclosure } from '@mantine/hooks'
import { useState } from 'react'
import { Link, Navigate } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { useCurrentUser, can } from '../../lib/session.ts'
import { ExportMenu } from '../../components/export-menu.tsx'
import { PartnersImportModal } from './import-modal.tsx'
import { PartnerFilterBar } from './partner-filters.tsx'
import { PartnersTable } from './partners-table.tsx'
import { filterParams, usePartnerList, type PartnerFilters } from './partners.queries.ts'

const initialFilters: PartnerFilters = { q: '', type: null, status: null, tier: null, country: null, sort: 'legalName' }

export function PartnersListPage() {
  const user = useCurrentUser()
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const [filters, setFilters] = useState(initialFilters)
  const [importOpen, importModal] = useDisclosure()
  const effective = { ...filters, q: debounced }
  const list = usePartnerList(effective)

  if (user.partnerId) return <Navigate to="/my-company" replace />

  const partners = list.data?.pages.flatMap((p) => p.items) ?? []
  const filtered = debounced.trim() !== '' || Object.entries(filters).some(([k, v]) => k !== 'sort' && k !== 'q' && v)

  return (
    <>
      <PageHeader
        title="Partners"
        description="Every company in the partner program: search, filter, and open one to see its profile, contacts and history."
        actions={
          <>
            {can(user, 'partners:export') && <ExportMenu path="/api/partners/export" params={filterParams(effective)} />}
            {can(user, 'partners:import') && (
              <Button variant="default" onClick={importModal.open}>
                Import
              </Button>
            )}
            {can(user, 'partners:create') && (
              <Button component={Link} to="/partners/new">
                New partner
              </Button>
            )}
          </>
        }
      />
      <PartnerFilterBar search={search} onSearch={setSearch} filters={filters} onChange={setFilters} />
      <Card withBorder padding={0} radius="md">
        {list.isPending ? (
          <PageLoader label="Loading partners" />
        ) : list.isError ? (
          <Center p="md">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </Center>
        ) : partners.length === 0 ? (
          filtered ? (
            <EmptyState title="No partners match">Try another spelling, or clear some filters.</EmptyState>
          ) : (
            <EmptyState title="No partners yet">
              {can(user, 'partners:create')
                ? 'Create the first partner, or import a spreadsheet.'
                : 'Partners appear here once they are added.'}
            </EmptyState>
          )
        ) : (
          <PartnersTable partners={partners} />
        )}
      </Card>
      {list.hasNextPage && (
        <Center mt="md">
          <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            Load more
          </Button>
        </Center>
      )}
      {!list.isPending && partners.length > 0 && (
        <Text size="xs" c="dimmed" ta="center" mt="sm">
          Showing {partners.length} partner{partners.length === 1 ? '' : 's'}
          {list.hasNextPage ? ' — more available' : ''}
        </Text>
      )}
      <PartnersImportModal opened={importOpen} onClose={importModal.close} />
    </>
  )
}
