import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { api, errorMessage, unwrap } from '../../lib/api.ts'
import { useCurrentUser } from '../../lib/session.ts'
import { ClearanceBanner } from './clearance-banner.tsx'
import { EvidenceUpload } from './evidence-upload.tsx'
import { useClearance, useEvidence, useGaps, useRefreshSafety, useRisk, useSubscription } from './safety.queries.ts'

const evidenceLabel = (e: { kind: string; insuranceType: string | null; title: string | null; year: number | null }) =>
  e.kind === 'insurance'
    ? `${(e.insuranceType ?? '').replace(/_/g, ' ')} certificate`
    : e.kind === 'statistics'
      ? `Safety statistics ${e.year}`
      : `${e.kind === 'program' ? 'Safety program' : 'Licence'}: ${e.title}`

/** A partner's safety program: the gate's answer, risk, subscription, evidence (decided by safety users) and gaps. */
export function SafetyPanel({ partnerId }: { partnerId: string }) {
  const user = useCurrentUser()
  const isSafety = user.role === 'safety'
  const canUpload = isSafety || (user.role === 'partner_admin' && user.partnerId === partnerId)
  const clearance = useClearance(partnerId)
  const risk = useRisk(partnerId)
  const subscription = useSubscription(partnerId)
  const evidence = useEvidence(partnerId)
  const gaps = useGaps(partnerId)
  const refresh = useRefreshSafety()

  const decide = async (id: string, decision: 'accept' | 'reject') => {
    const reason = decision === 'reject' ? window.prompt('Why is this evidence rejected?') : undefined
    if (decision === 'reject' && !reason) return
    try {
      unwrap(
        await api.POST('/api/safety/evidence/{evidenceId}/decide', {
          params: { path: { evidenceId: id } },
          body: { decision, reason: reason ?? undefined },
        }),
      )
      notifications.show({ color: 'green', message: decision === 'accept' ? 'Evidence accepted' : 'Evidence rejected' })
      await refresh()
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) })
    }
  }

  return (
    <Stack>
      <ClearanceBanner partnerId={partnerId} />
      <Card withBorder>
        <Group justify="space-between">
          <Group>
            <Text fw={600}>Risk level</Text>
            <Badge color={risk.data?.riskLevel === 'high' ? 'orange' : 'gray'} data-testid="safety-risk">
              {risk.data?.riskLevel === 'high' ? 'High risk' : 'Low risk'}
            </Badge>
            {risk.data?.override && (
              <Text size="xs" c="dimmed">
                Overridden by {risk.data.override.createdBy?.name ?? 'a safety user'} on {risk.data.override.createdAt.slice(0, 10)}:{' '}
                {risk.data.override.reason}
              </Text>
            )}
          </Group>
          {clearance.data && (
            <Badge color={clearance.data.clear ? 'green' : 'red'} size="lg" data-testid="safety-clearance">
              {clearance.data.clear ? 'Clear for new work' : 'Blocked'}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed" mt="xs">
          {risk.data?.riskLevel === 'high' ? 'In the Partner Safety Program. ' : ''}
          Services: {risk.data?.services.map((s) => `${s.service} (${s.riskLevel ?? 'not in the matrix'})`).join(', ') || 'none'}
        </Text>
        <Text size="sm" mt="xs">
          Subscription:{' '}
          {subscription.data
            ? `${subscription.data.providerName} ${subscription.data.status}${subscription.data.accountId ? ` · account ${subscription.data.accountId}` : ''}${subscription.data.grade ? ` · grade ${subscription.data.grade}` : ''}${subscription.data.score ? ` · score ${subscription.data.score}%` : ''}${subscription.data.providerUpdatedOn ? ` · updated ${subscription.data.providerUpdatedOn}` : ''}`
            : 'none recorded'}
        </Text>
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Evidence
        </Title>
        {!evidence.data?.length ? (
          <Text size="sm" c="dimmed">
            No evidence yet.
          </Text>
        ) : (
          <Table aria-label="Evidence">
            <Table.Tbody>
              {evidence.data.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Anchor href={`/api/safety/evidence/${e.id}/document`} download={e.filename}>
                      {evidenceLabel(e)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{e.limit ? `${e.limit.amount} ${e.limit.currency}` : ''}</Table.Td>
                  <Table.Td>{e.expiryDate ? `expires ${e.expiryDate}` : ''}</Table.Td>
                  <Table.Td>
                    <Badge color={e.status === 'accepted' ? (e.expired ? 'red' : 'green') : e.status === 'rejected' ? 'red' : 'yellow'}>
                      {e.status === 'accepted' && e.expired ? 'expired' : e.status}
                    </Badge>
                    {e.decisionReason && (
                      <Text size="xs" c="dimmed">
                        {e.decisionReason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {isSafety && e.status === 'submitted' && (
                      <Group gap="xs">
                        <Button size="xs" onClick={() => void decide(e.id, 'accept')}>
                          Accept
                        </Button>
                        <Button size="xs" variant="light" color="red" onClick={() => void decide(e.id, 'reject')}>
                          Reject
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      {canUpload && <EvidenceUpload partnerId={partnerId} />}

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Gaps and red flags
        </Title>
        {!gaps.data?.length ? (
          <Text size="sm" c="dimmed">
            No gaps.
          </Text>
        ) : (
          <Table aria-label="Safety gaps">
            <Table.Tbody>
              {gaps.data.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td>
                    <Text size="sm">{g.message}</Text>
                    {g.remedy && (
                      <Text size="xs" c="dimmed">
                        To close: {g.remedy}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{g.severity ? <Badge color="red">{g.severity}</Badge> : null}</Table.Td>
                  <Table.Td>
                    <Badge color={g.closedAt ? 'gray' : 'orange'}>{g.closedAt ? 'closed' : 'open'}</Badge>
                    {g.closeNote && (
                      <Text size="xs" c="dimmed">
                        {g.closeNote}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  )
}
