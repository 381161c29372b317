import { Alert, Badge, Button, Card, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { api, errorMessage, unwrap } from '../../lib/api.ts'
import { countryName, countryOptions } from '../../lib/countries.ts'
import { fieldErrors } from '../../lib/form-errors.ts'
import { formatDate } from '../../lib/format.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import type { AgreementDetail } from './agreements.model.ts'
import { useRefreshAgreements } from './agreements.queries.ts'

const colors = { requested: 'yellow', approved: 'green', rejected: 'red' } as const

/** Country extensions: requested for a deal and a country, approved or rejected by partner operations. */
export function ExtensionsSection({ agreement: a }: { agreement: AgreementDetail }) {
  const user = useCurrentUser()
  const refresh = useRefreshAgreements()
  const canRequest = can(user, 'extensions:request') && (a.status === 'active' || a.status === 'out_for_signature' || a.status === 'draft')
  const canDecide = can(user, 'extensions:approve')
  const [country, setCountry] = useState<string | null>(null)
  const [deal, setDeal] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [rejecting, setRejecting] = useState<{ id: string; country: string } | null>(null)
  if (!a.extensions.length && !canRequest) return null

  const request = async () => {
    setErrors({})
    setError(null)
    try {
      unwrap(
        await api.POST('/api/agreements/{id}/extensions', {
          params: { path: { id: a.id } },
          body: { country: country ?? '', dealReference: deal.trim() },
        }),
      )
      notifications.show({ color: 'green', message: 'Country extension requested' })
      setCountry(null)
      setDeal('')
      await refresh()
    } catch (e) {
      const { byField, other } = fieldErrors(e, ['country', 'dealReference'])
      setErrors(byField)
      if (other.length || !Object.keys(byField).length) setError(other.join('; ') || errorMessage(e))
    }
  }
  /** Approves, or rejects with the note; a refused decision comes back as field errors (the note) or a message. */
  const decide = async (extensionId: string, decision: 'approved' | 'rejected', note?: string) => {
    try {
      unwrap(
        await api.POST('/api/agreements/extensions/{extensionId}/decide', {
          params: { path: { extensionId } },
          body: { decision, ...(note ? { note } : {}) },
        }),
      )
      notifications.show({ color: 'green', message: `Extension ${decision}` })
      return {}
    } catch (e) {
      const { byField, other } = fieldErrors(e, ['note'])
      if (!Object.keys(byField).length)
        notifications.show({ color: 'red', title: 'Not decided', message: other.join('; ') || errorMessage(e) })
      return byField
    } finally {
      await refresh()
    }
  }

  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Country extensions
      </Text>
      {a.extensions.length > 0 && (
        <Table aria-label="Country extensions">
          <Table.Tbody>
            {a.extensions.map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td>
                  {countryName(x.country)} ({x.country})
                </Table.Td>
                <Table.Td>
                  <Text size="sm">Deal {x.dealReference}</Text>
                  <Text size="xs" c="dimmed">
                    {x.requestedBy ?? '—'} · {formatDate(x.requestedAt)}
                    {x.decisionNote ? ` · ${x.decisionNote}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={colors[x.status]} variant="light">
                    {x.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {canDecide && x.status === 'requested' && (
                    <Group gap={4}>
                      <Button size="xs" onClick={() => void decide(x.id, 'approved')} aria-label={`Approve ${x.country}`}>
                        Approve
                      </Button>
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        onClick={() => setRejecting({ id: x.id, country: x.country })}
                        aria-label={`Reject ${x.country}`}
                      >
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
      <RejectModal extension={rejecting} onClose={() => setRejecting(null)} reject={(id, note) => decide(id, 'rejected', note)} />
      {canRequest && (
        <>
          {error && (
            <Alert mt="sm" color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <Group mt="sm" align="flex-start" grow>
            <Select
              label="Extend to country"
              searchable
              data={countryOptions.filter((c) => !a.countries.includes(c.value))}
              value={country}
              onChange={setCountry}
              error={errors.country}
            />
            <TextInput
              label="For deal"
              placeholder="Deal or opportunity reference"
              value={deal}
              onChange={(e) => setDeal(e.currentTarget.value)}
              error={errors.dealReference}
            />
          </Group>
          <Group justify="flex-end" mt="xs">
            <Button size="xs" onClick={() => void request()}>
              Request extension
            </Button>
          </Group>
        </>
      )}
    </Card>
  )
}

/** Rejecting an extension asks why; the note goes to the requester with the decision. */
function RejectModal({
  extension,
  onClose,
  reject,
}: {
  extension: { id: string; country: string } | null
  onClose: () => void
  reject: (id: string, note: string) => Promise<Record<string, string>>
}) {
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const close = () => {
    setNote('')
    setError(undefined)
    onClose()
  }
  const submit = async () => {
    if (!extension) return
    if (!note.trim()) return setError('Say why the request is rejected')
    setBusy(true)
    const errors = await reject(extension.id, note.trim()).finally(() => setBusy(false))
    if (errors.note) setError(errors.note)
    else close()
  }
  return (
    <Modal opened={!!extension} onClose={close} title={extension ? `Reject the extension to ${countryName(extension.country)}` : ''}>
      <Stack>
        <Textarea
          label="Why is the request rejected?"
          description="The requester receives this note."
          autosize
          minRows={3}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={error}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={() => void submit()}>
            Reject
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
