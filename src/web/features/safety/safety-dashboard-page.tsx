import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { Link, Navigate } from 'react-router'
import { ExportMenu } from '../../components/export-menu.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, PageLoader } from '../../components/page-states.tsx'
import { formatDate } from '../../lib/format.ts'
import { useCurrentUser } from '../../lib/session.ts'
import { dashboardStatusColors, dashboardStatusLabels, gapKindLabel, subscriptionStatusLabels } from './safety.model.ts'
import { useDashboard } from './safety.queries.ts'
import { SubscriptionImportModal } from './subscription-import-modal.tsx'

/** The safety team's compliance dashboard: high-risk partners by status, open gaps by kind and age, expiries in the next 90 days. */
export function SafetyDashboardPage() {
  const user = useCurrentUser()
  const dashboard = useDashboard()
  const [importing, importModal] = useDisclosure()
  if (user.partnerId) return <Navigate to="/safety-compliance" replace />
  const isSafety = user.role === 'safety'
  return (
    <>
      <PageHeader
        title="Safety compliance dashboard"
        description="The Partner Safety Program: high-risk partners and whether they may receive new work, open gaps, and evidence about to expire."
        actions={
          <>
            <ExportMenu path="/api/safety/dashboard/export" />
            {isSafety && (
              <Button variant="default" onClick={importModal.open}>
                Import provider export
              </Button>
            )}
            <Button component={Link} to="/safety/gaps">
              Gap queue
            </Button>
          </>
        }
      />
      {dashboard.isPending ? (
        <PageLoader label="Loading the dashboard" />
      ) : dashboard.isError ? (
        <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {(['blocked', 'overridden', 'clear'] as const).map((s) => (
              <Card withBorder key={s}>
                <Text size="sm" c="dimmed">
                  {dashboardStatusLabels[s]}
                </Text>
                <Text fw={700} size="xl" data-testid={`safety-count-${s}`}>
                  {dashboard.data.byStatus[s] ?? 0}
                </Text>
              </Card>
            ))}
          </SimpleGrid>

          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              High-risk partners
            </Title>
            {dashboard.data.highRisk.length === 0 ? (
              <Text size="sm" c="dimmed">
                No partner is high risk.
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table striped aria-label="High-risk partners">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Partner</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>Subscription</Table.Th>
                      <Table.Th>Grade</Table.Th>
                      <Table.Th>Open gaps</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {dashboard.data.highRisk.map((h) => (
                      <Table.Tr key={h.partnerId}>
                        <Table.Td>
                          <Anchor component={Link} to={`/partners/${h.partnerId}?tab=safety`}>
                            {h.partnerName}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={dashboardStatusColors[h.status]}>
                            {dashboardStatusLabels[h.status]}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          {subscriptionStatusLabels[h.subscriptionStatus as keyof typeof subscriptionStatusLabels] ?? h.subscriptionStatus}
                        </Table.Td>
                        <Table.Td>{h.grade ?? '—'}</Table.Td>
                        <Table.Td>{h.openGaps}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>

          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Open gaps by kind and age
            </Title>
            {dashboard.data.gapsByKind.length === 0 ? (
              <Text size="sm" c="dimmed">
                No open gap.
              </Text>
            ) : (
              <Table striped aria-label="Open gaps by kind and age">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Open</Table.Th>
                    <Table.Th>Under 30 days</Table.Th>
                    <Table.Th>30–90 days</Table.Th>
                    <Table.Th>Over 90 days</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {dashboard.data.gapsByKind.map((g) => (
                    <Table.Tr key={g.kind}>
                      <Table.Td>
                        <Anchor component={Link} to={`/safety/gaps?kind=${encodeURIComponent(g.kind)}`}>
                          {gapKindLabel(g.kind)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{g.open}</Table.Td>
                      <Table.Td>{g.under30Days}</Table.Td>
                      <Table.Td>{g.days30to90}</Table.Td>
                      <Table.Td>{g.over90Days}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>

          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Expiring in the next 90 days
            </Title>
            {dashboard.data.expiring.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing expires in the next 90 days.
              </Text>
            ) : (
              <Table striped aria-label="Evidence expiring in the next 90 days">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Partner</Table.Th>
                    <Table.Th>Evidence</Table.Th>
                    <Table.Th>Expires</Table.Th>
                    <Table.Th>Days left</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {dashboard.data.expiring.map((e) => (
                    <Table.Tr key={e.evidenceId}>
                      <Table.Td>
                        <Anchor component={Link} to={`/partners/${e.partnerId}?tab=safety`}>
                          {e.partnerName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{e.what}</Table.Td>
                      <Table.Td>{formatDate(e.expiryDate)}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {e.daysLeft}
                          {e.daysLeft <= 30 && (
                            <Badge size="xs" color={e.daysLeft <= 7 ? 'red' : 'orange'}>
                              soon
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Stack>
      )}
      {isSafety && <SubscriptionImportModal opened={importing} onClose={importModal.close} />}
    </>
  )
}
