import { Alert, Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { ErrorState, PageLoader } from '../../components/page-states.tsx'
import { groupLabels, groupOrder, levelColors, levelLabels, type Entitlement } from './program.model.ts'
import { useBenefits } from './program.queries.ts'
import { TierBadge } from '../../components/tier-badge.tsx'

const levelText = (b: Entitlement) => (b.level === 'named_role' && b.role ? b.role : levelLabels[b.level])

/** The partner's entitlements from its current tier, grouped, each with its level and what it concretely gives. */
export function BenefitsTab({ partnerId }: { partnerId: string }) {
  const q = useBenefits(partnerId)
  if (q.isPending) return <PageLoader label="Loading benefits" />
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  const b = q.data
  const contact = b.contact
  return (
    <Stack>
      <Card withBorder>
        <Group gap="xl" wrap="wrap">
          <Stack gap={4}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Tier
            </Text>
            <TierBadge tier={b.tier} />
          </Stack>
          <Stack gap={4}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {contact.kind === 'partnerManager'
                ? 'Partner manager'
                : contact.kind === 'pooledPartnerManager'
                  ? 'Partner manager (pooled)'
                  : 'Support'}
            </Text>
            <Text size="sm" fw={500} data-testid="benefits-contact">
              {contact.kind === 'gpsTeam' ? 'GPS team' : contact.name}
              {contact.email && (
                <>
                  {' · '}
                  <Anchor href={`mailto:${contact.email}`} size="sm">
                    {contact.email}
                  </Anchor>
                </>
              )}
            </Text>
          </Stack>
          <Stack gap={4}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Program year
            </Text>
            <Text size="sm">{b.year}</Text>
          </Stack>
        </Group>
        {!b.tier && (
          <Alert color="gray" variant="light" mt="md">
            Benefits start once the partner holds a tier. Until then the Global Partner Support (GPS) team is the contact.
          </Alert>
        )}
      </Card>
      {groupOrder.map((g) => {
        const items = b.items.filter((i) => i.group === g)
        if (!items.length) return null
        return (
          <Card withBorder key={g}>
            <Title order={2} size="h4" mb="sm">
              {groupLabels[g]}
            </Title>
            <Table aria-label={`${groupLabels[g]} benefits`} verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="30%">Benefit</Table.Th>
                  <Table.Th w={160}>Level</Table.Th>
                  <Table.Th>What it means</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => (
                  <Table.Tr key={i.key} opacity={i.granted ? 1 : 0.75}>
                    <Table.Td fw={500}>{i.label}</Table.Td>
                    <Table.Td>
                      <Badge color={levelColors[i.level]} variant={i.granted ? 'light' : 'outline'} tt="none" title={i.text}>
                        {levelText(i)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{i.meaning}</Text>
                      {!i.granted && i.level !== 'n_a' && i.level !== 'no' && (
                        <Text size="xs" c="dimmed">
                          Not offered to the partner directly
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )
      })}
    </Stack>
  )
}
