import { Alert, Button, Card, Group, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { api, errorMessage, unwrap } from '../../lib/api.ts'
import { fieldErrors } from '../../lib/form-errors.ts'
import { formatDate } from '../../lib/format.ts'
import type { CriterionKey, Evaluation } from './program.model.ts'
import { useRefreshPartnerProgram, useWaivers } from './program.queries.ts'
import { ActionsHeader } from '../../components/actions-header.tsx'

type Props = { partnerId: string; year: number; criteria: Evaluation['criteria']; canManage: boolean }

/** Criteria waived for the partner and year, each with its reason; reviewers add and withdraw them. */
export function WaiversSection({ partnerId, year, criteria, canManage }: Props) {
  const waivers = useWaivers(partnerId, year)
  const refresh = useRefreshPartnerProgram(partnerId)
  const [key, setKey] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ key?: string; reason?: string; other?: string }>({})
  const [busy, setBusy] = useState(false)
  const [removing, setRemoving] = useState<CriterionKey | null>(null)
  const labelOf = (k: string) => criteria.find((c) => c.key === k)?.label ?? k

  const add = async () => {
    const local = { key: key ? undefined : 'Choose a criterion', reason: reason.trim() ? undefined : 'Say why the criterion is waived' }
    if (local.key || local.reason) return setErrors(local)
    setBusy(true)
    setErrors({})
    try {
      unwrap(
        await api.POST('/api/partners/{id}/waivers', {
          params: { path: { id: partnerId } },
          body: { year, key: key as CriterionKey, reason: reason.trim() },
        }),
      )
      notifications.show({ color: 'green', message: `${labelOf(key!)} waived for ${year}` })
      setKey(null)
      setReason('')
      await refresh()
    } catch (e) {
      const { byField, other } = fieldErrors(e, ['key', 'reason'])
      setErrors({ ...byField, other: other.join('; ') || (Object.keys(byField).length ? undefined : errorMessage(e)) })
    } finally {
      setBusy(false)
    }
  }
  const remove = async (k: CriterionKey) => {
    try {
      unwrap(await api.DELETE('/api/partners/{id}/waivers', { params: { path: { id: partnerId }, query: { year, key: k } } }))
      notifications.show({ color: 'green', message: `Waiver of ${labelOf(k)} withdrawn` })
    } catch (e) {
      notifications.show({ color: 'red', title: 'Waiver not withdrawn', message: errorMessage(e) })
    }
    await refresh()
  }

  const items = waivers.data ?? []
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb={4}>
        Waivers {year}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        A waived criterion counts as met under the holistic rule; the strict rule ignores waivers.
      </Text>
      {waivers.isError && <Alert color="red">{errorMessage(waivers.error)}</Alert>}
      {items.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          No criterion is waived for {year}.
        </Text>
      ) : (
        <Table aria-label="Waivers" mb="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Criterion</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Since</Table.Th>
              {canManage && <ActionsHeader />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((w) => (
              <Table.Tr key={w.id}>
                <Table.Td fw={500}>{labelOf(w.key)}</Table.Td>
                <Table.Td>{w.reason}</Table.Td>
                <Table.Td>{formatDate(w.waivedAt)}</Table.Td>
                {canManage && (
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(w.key)}>
                      Withdraw
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canManage && (
        <Stack gap="xs">
          {errors.other && (
            <Alert color="red" variant="light" role="alert">
              {errors.other}
            </Alert>
          )}
          <Group align="flex-start" grow wrap="wrap">
            <Select
              label="Criterion to waive"
              placeholder="Choose a criterion"
              data={criteria.map((c) => ({ value: c.key, label: c.label }))}
              value={key}
              onChange={setKey}
              error={errors.key}
              searchable
            />
            <Textarea
              label="Reason"
              placeholder="e.g. Customer accounts consolidated after a merger"
              autosize
              minRows={1}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
            />
          </Group>
          <Group justify="flex-end">
            <Button size="xs" onClick={() => void add()} loading={busy}>
              Waive criterion
            </Button>
          </Group>
        </Stack>
      )}
      <ConfirmModal
        opened={!!removing}
        title="Withdraw waiver"
        message={`Withdraw the waiver of ${removing ? labelOf(removing) : ''}? It counts as missed again if it is not met.`}
        confirmLabel="Withdraw"
        onConfirm={() => (removing ? remove(removing) : undefined)}
        onClose={() => setRemoving(null)}
      />
    </Card>
  )
}
