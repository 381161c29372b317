import { Anchor, Badge, Table, Text } from '@mantine/core'
import { Link } from 'react-router'
import { countryName } from '../../lib/countries.ts'
import { StatusBadge } from './partner-badges.tsx'
import { programStatusColors, programStatusLabels, riskLabels, typeLabels, type PartnerListItem } from './partners.model.ts'
import { TierBadge } from '../../components/tier-badge.tsx'

export function PartnersTable({ partners }: { partners: PartnerListItem[] }) {
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Partners">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Legal name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Tier</Table.Th>
            <Table.Th>Safety risk</Table.Th>
            <Table.Th>Safety program</Table.Th>
            <Table.Th>HQ country</Table.Th>
            <Table.Th>Partner manager</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {partners.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Anchor component={Link} to={`/partners/${p.id}`} fw={500}>
                  {p.legalName}
                </Anchor>
                {p.aliases.length > 0 && (
                  <Text size="xs" c="dimmed">
                    aka {p.aliases.join(', ')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{typeLabels[p.type]}</Table.Td>
              <Table.Td>
                <StatusBadge status={p.status} />
              </Table.Td>
              <Table.Td>
                <TierBadge tier={p.tier} />
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={p.safety.riskLevel === 'high' ? 'orange' : 'gray'}>
                  {riskLabels[p.safety.riskLevel]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={programStatusColors[p.safety.programStatus]}>
                  {programStatusLabels[p.safety.programStatus]}
                </Badge>
              </Table.Td>
              <Table.Td>{countryName(p.headquartersCountry)}</Table.Td>
              <Table.Td>
                {p.partnerManager?.name ?? (
                  <Text c="dimmed" size="sm">
                    Unassigned
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
