import { Anchor, Badge, Table, Text } from '@mantine/core'
import { Link } from 'react-router'
import { countryName } from '../../lib/countries.ts'
import { formatDate } from '../../lib/format.ts'
import { expiryHint, statusColors, statusLabels, typeLabels, type Agreement } from './agreements.model.ts'

export function AgreementStatusBadge({ status, testId }: { status: Agreement['status']; testId?: string }) {
  return (
    <Badge color={statusColors[status]} variant="light" tt="none" data-testid={testId}>
      {statusLabels[status]}
    </Badge>
  )
}

/** Agreements with partner (unless one partner's), type, status, dates and countries. */
export function AgreementsTable({ items, showPartner }: { items: Agreement[]; showPartner: boolean }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table aria-label="Agreements" striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Agreement</Table.Th>
            {showPartner && <Table.Th>Partner</Table.Th>}
            <Table.Th>Status</Table.Th>
            <Table.Th>Effective</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Countries</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                <Anchor component={Link} to={`/agreements/${a.id}`} fw={600}>
                  {a.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {typeLabels[a.type]}
                  {a.potcVersion ? ` · version ${a.potcVersion}` : ''}
                </Text>
              </Table.Td>
              {showPartner && <Table.Td>{a.partnerName}</Table.Td>}
              <Table.Td>
                <AgreementStatusBadge status={a.status} />
              </Table.Td>
              <Table.Td>{formatDate(a.effectiveDate)}</Table.Td>
              <Table.Td>
                {a.expiryDate ? (
                  <>
                    <Text size="sm">{formatDate(a.expiryDate)}</Text>
                    <Text size="xs" c={a.daysToExpiry !== null && a.daysToExpiry <= 30 ? 'red' : 'dimmed'}>
                      {expiryHint(a)}
                    </Text>
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    No expiry
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={a.countries.map(countryName).join(', ')}>
                  {a.countries.join(', ') || '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
