import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { api, errorMessage, unwrap } from '../../lib/api.ts'
import { formatDate } from '../../lib/format.ts'
import { useCurrentUser } from '../../lib/session.ts'
import { ClearanceBanner } from './clearance-banner.tsx'
import { EvidenceUpload } from './evidence-upload.tsx'
import { GapFollowUp } from './gap-follow-up.tsx'
import { RedFlagModal } from './red-flag-modal.tsx'
import { ClearanceOverrideModal, RiskOverrideModal, SubscriptionModal } from './safety-actions.tsx'
import { useClearance, useClearanceOverride, useEvidence, useGaps, useRefreshSafety, useRisk, useSubscription } from './safety.queries.ts'

type Dialog = 'subscription' | 'risk' | 'liftRisk' | 'clearance' | 'liftClearance' | 'redFlag' | null

const evidenceLabel = (e: { kind: string; insuranceType: string | null; title: string | null; year: number | null }) =>
  e.kind === 'insurance'
    ? `${(e.insuranceType ?? '').replace(/_/g, ' ')} certificate`
    : e.kind === 'statistics'
      ? `Safety statistics ${e.year}`
      : `${e.kind === 'program' ? 'Safety program' : 'Licence'}: ${e.title}`

/** A partner's safety program: the gate's answer, risk, subscription, evidence (decided by safety users) and gaps. */
export function SafetyPanel({ partnerId, partnerName }: { partnerId: string; partnerName?: string }) {
  const user = useCurrentUser()
  const isSafety = user.role === 'safety'
  const canUpload = isSafety || (user.role === 'partner_admin' && user.partnerId === partnerId)
  const clearance = useClearance(partnerId)
  const risk = useRisk(partnerId)
  const subscription = useSubscription(partnerId)
  const evidence = useEvidence(partnerId)
  const gaps = useGaps(partnerId)
  const clearanceOverride = useClearanceOverride(partnerId)
  const refresh = useRefreshSafety()
  const [dialog, setDialog] = useState<Dialog>(null)
  const [rejecting, setRejecting] = useState<string | null>(null)
  const [followUp, setFollowUp] = useState<string | null>(null)
  const closeDialog = () => setDialog(null)

  const decide = async (id: string, decision: 'accept' | 'reject', reason?: string) => {
    unwrap(await api.POST('/api/safety/evidence/{evidenceId}/decide', { params: { path: { evidenceId: id } }, body: { decision, reason } }))
    notifications.show({ color: 'green', message: decision === 'accept' ? 'Evidence accepted' : 'Evidence rejected' })
    await refresh()
  }
  const accept = (id: string) => decide(id, 'accept').catch((e) => notifications.show({ color: 'red', message: errorMessage(e) }))
  const co = clearanceOverride.data

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
              <Text size="xs" c="dimmed" data-testid="safety-risk-override">
                Overridden by {risk.data.override.createdBy?.name ?? 'a safety user'} on {formatDate(risk.data.override.createdAt)} (from{' '}
                {risk.data.derivedRiskLevel} risk): {risk.data.override.reason}
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
        {co?.active && (
          <Text size="sm" mt="xs" data-testid="safety-clearance-override">
            Cleared for new work by {co.createdBy?.name ?? 'a safety user'} on {formatDate(co.createdAt)}, through {formatDate(co.endsOn)}:{' '}
            {co.reason}
          </Text>
        )}
        {isSafety && (
          <Group gap="xs" mt="sm">
            <Button size="xs" variant="light" onClick={() => setDialog('subscription')}>
              {subscription.data ? 'Update subscription' : 'Enter subscription'}
            </Button>
            {risk.data?.override ? (
              <Button size="xs" variant="light" color="gray" onClick={() => setDialog('liftRisk')}>
                Lift risk override
              </Button>
            ) : (
              <Button size="xs" variant="light" onClick={() => setDialog('risk')}>
                Override risk level
              </Button>
            )}
            {co?.active ? (
              <Button size="xs" variant="light" color="gray" onClick={() => setDialog('liftClearance')}>
                Lift clearance override
              </Button>
            ) : (
              risk.data?.riskLevel === 'high' &&
              clearance.data?.clear === false && (
                <Button size="xs" variant="light" color="yellow" onClick={() => setDialog('clearance')}>
                  Clear for new work…
                </Button>
              )
            )}
            <Button size="xs" variant="light" color="red" onClick={() => setDialog('redFlag')}>
              Raise a red flag
            </Button>
          </Group>
        )}
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
                        <Button size="xs" onClick={() => void accept(e.id)}>
                          Accept
                        </Button>
                        <Button size="xs" variant="light" color="red" onClick={() => setRejecting(e.id)}>
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
                  {isSafety && (
                    <Table.Td>
                      <Button size="xs" variant="subtle" onClick={() => setFollowUp(g.id)}>
                        Follow up
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      {isSafety && (
        <>
          <SubscriptionModal
            partnerId={partnerId}
            current={subscription.data ?? null}
            opened={dialog === 'subscription'}
            onClose={closeDialog}
          />
          <RiskOverrideModal
            partnerId={partnerId}
            derived={risk.data?.derivedRiskLevel ?? 'low'}
            opened={dialog === 'risk'}
            onClose={closeDialog}
          />
          <ClearanceOverrideModal partnerId={partnerId} opened={dialog === 'clearance'} onClose={closeDialog} />
          <RedFlagModal
            partner={{ id: partnerId, legalName: partnerName ?? 'this partner' }}
            opened={dialog === 'redFlag'}
            onClose={closeDialog}
          />
          <ConfirmModal
            opened={dialog === 'liftRisk'}
            title="Lift the risk override"
            message={`The risk level follows the partner's services again: ${risk.data?.derivedRiskLevel ?? 'low'} risk.`}
            confirmLabel="Lift override"
            onClose={closeDialog}
            onConfirm={async () => {
              unwrap(await api.DELETE('/api/partners/{id}/safety/risk-override', { params: { path: { id: partnerId } } }))
              notifications.show({ color: 'green', message: 'Risk override lifted' })
              await refresh()
            }}
          />
          <ConfirmModal
            opened={dialog === 'liftClearance'}
            title="Lift the clearance override"
            message="The gate answers from the partner's gaps again, so a partner out of compliance is blocked from new work at once."
            confirmLabel="Lift override"
            onClose={closeDialog}
            onConfirm={async () => {
              unwrap(await api.DELETE('/api/partners/{id}/safety/clearance-override', { params: { path: { id: partnerId } } }))
              notifications.show({ color: 'green', message: 'Clearance override lifted' })
              await refresh()
            }}
          />
          <ConfirmModal
            opened={!!rejecting}
            title="Reject the evidence"
            message="The partner's admins see the reason and can upload a corrected document."
            confirmLabel="Reject"
            reason={{ label: 'Why is this evidence rejected?', required: true }}
            onClose={() => setRejecting(null)}
            onConfirm={(reason) => decide(rejecting ?? '', 'reject', reason)}
          />
          <GapFollowUp gap={gaps.data?.find((g) => g.id === followUp) ?? null} canManage onClose={() => setFollowUp(null)} />
        </>
      )}
    </Stack>
  )
}
