import { Badge, Button, Card, Group, Modal, SegmentedControl, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { Navigate } from 'react-router'
import { ActionsHeader } from '../../components/actions-header.tsx'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { FormError } from '../../components/form-error.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, unwrap } from '../../lib/api.ts'
import { formatDateTime } from '../../lib/format.ts'
import { useCurrentUser } from '../../lib/session.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import type { MatrixEntry } from './safety.model.ts'
import { useMatrix, useRefreshSafety } from './safety.queries.ts'

const riskBadge = (level: 'high' | 'low' | null) =>
  level ? (
    <Badge variant="light" color={level === 'high' ? 'orange' : 'gray'}>
      {level === 'high' ? 'High' : 'Low'}
    </Badge>
  ) : (
    <Text size="sm" c="dimmed">
      removed
    </Text>
  )

/** The risk matrix: each service a partner may offer, high or low risk with a reason; safety users edit it, every version kept. */
export function RiskMatrixPage() {
  const user = useCurrentUser()
  const matrix = useMatrix()
  const refresh = useRefreshSafety()
  const [editing, setEditing] = useState<MatrixEntry | 'new' | null>(null)
  const [removing, setRemoving] = useState<MatrixEntry | null>(null)
  if (user.partnerId) return <Navigate to="/safety-compliance" replace />
  const canEdit = user.role === 'safety'
  return (
    <>
      <PageHeader
        title="Risk matrix"
        description="A partner is high risk, and in the Partner Safety Program, when any of its services is high risk here. A change re-derives every partner at once."
        actions={canEdit && <Button onClick={() => setEditing('new')}>Add a service</Button>}
      />
      {matrix.isPending ? (
        <PageLoader label="Loading the risk matrix" />
      ) : matrix.isError ? (
        <ErrorState error={matrix.error} onRetry={() => void matrix.refetch()} />
      ) : (
        <Stack>
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={720}>
              <Table striped aria-label="Risk matrix">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Service</Table.Th>
                    <Table.Th>Risk</Table.Th>
                    <Table.Th>Reason</Table.Th>
                    <Table.Th>Version</Table.Th>
                    <Table.Th>Last changed</Table.Th>
                    {canEdit && <ActionsHeader />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {matrix.data.items.map((e) => (
                    <Table.Tr key={e.service}>
                      <Table.Td>{e.service}</Table.Td>
                      <Table.Td>{riskBadge(e.riskLevel)}</Table.Td>
                      <Table.Td>{e.reason}</Table.Td>
                      <Table.Td>{e.version}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{e.updatedBy?.name ?? 'Seeded example'}</Text>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(e.updatedAt)}
                        </Text>
                      </Table.Td>
                      {canEdit && (
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            <Button size="xs" variant="light" onClick={() => setEditing(e)} aria-label={`Edit ${e.service}`}>
                              Edit
                            </Button>
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              onClick={() => setRemoving(e)}
                              aria-label={`Remove ${e.service}`}
                            >
                              Remove
                            </Button>
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Version history
            </Title>
            <Table.ScrollContainer minWidth={720}>
              <Table aria-label="Risk matrix history">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Who</Table.Th>
                    <Table.Th>Service</Table.Th>
                    <Table.Th>Version</Table.Th>
                    <Table.Th>Risk</Table.Th>
                    <Table.Th>Reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {matrix.data.history.map((h, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>{formatDateTime(h.changedAt)}</Table.Td>
                      <Table.Td>{h.changedBy?.name ?? 'Seeded example'}</Table.Td>
                      <Table.Td>{h.service}</Table.Td>
                      <Table.Td>{h.version}</Table.Td>
                      <Table.Td>{h.action === 'remove' ? riskBadge(null) : riskBadge(h.riskLevel)}</Table.Td>
                      <Table.Td>{h.reason ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </Stack>
      )}
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Add a service' : `Edit ${editing?.service ?? ''}`}
      >
        {editing && <EntryForm entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      </Modal>
      <ConfirmModal
        opened={!!removing}
        title={`Remove ${removing?.service ?? ''}`}
        message="Partners offering this service will count it as unclassified (low risk) until it is added again. Its history stays."
        confirmLabel="Remove service"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          unwrap(await api.POST('/api/safety/matrix/remove', { body: { service: removing?.service ?? '' } }))
          notifications.show({ color: 'green', message: `${removing?.service} removed from the matrix` })
          await refresh()
        }}
      />
    </>
  )
}

function EntryForm({ entry, onClose }: { entry: MatrixEntry | null; onClose: () => void }) {
  const refresh = useRefreshSafety()
  const form = useContractForm({
    initialValues: { service: entry?.service ?? '', riskLevel: entry?.riskLevel ?? 'high', reason: entry?.reason ?? '' },
    schema: (c) => c.MatrixEntryInput,
    toBody: (v) => v,
    onSubmit: async (body) => {
      unwrap(await api.PUT('/api/safety/matrix', { body }))
      notifications.show({ color: 'green', message: `${body.service}: ${body.riskLevel} risk` })
      await refresh()
      onClose()
    },
  })
  return (
    <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="Risk matrix entry">
      <Stack>
        <FormError error={form.message} />
        <TextInput label="Service" required disabled={!!entry} {...form.getInputProps('service')} />
        <div>
          <Text size="sm" fw={500} mb={4} id="risk-level-label">
            Risk level
          </Text>
          <SegmentedControl
            aria-labelledby="risk-level-label"
            data={[
              { value: 'high', label: 'High' },
              { value: 'low', label: 'Low' },
            ]}
            {...form.getInputProps('riskLevel')}
          />
        </div>
        <Textarea label="Reason" required autosize minRows={2} {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={form.busy}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
