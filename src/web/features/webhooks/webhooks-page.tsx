import {
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Navigate, useSearchParams } from 'react-router'
import { ActionsHeader } from '../../components/actions-header.tsx'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { FormError } from '../../components/form-error.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, errorMessage, unwrap, type Schemas } from '../../lib/api.ts'
import { formatDateTime } from '../../lib/format.ts'
import { can, useCurrentUser } from '../../lib/session.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'

type Subscription = Schemas['WebhookSubscription']
type Delivery = Schemas['WebhookDelivery']

const stateOf = (s: Subscription) =>
  !s.enabled
    ? { label: 'Disabled', color: 'gray' }
    : s.status === 'failing'
      ? { label: 'Failing', color: 'red' }
      : { label: 'Active', color: 'green' }
const deliveryColors = { pending: 'blue', succeeded: 'green', failed: 'red' } as const

const done = (message: string) => notifications.show({ color: 'green', message })
const failed = (title: string, e: unknown) => notifications.show({ color: 'red', title, message: errorMessage(e) })

/** Webhook subscriptions: an administrator's (every event) and a partner admin's (its company's), each with its delivery log. */
export function WebhooksPage() {
  const user = useCurrentUser()
  const qc = useQueryClient()
  const [params, setParams] = useSearchParams()
  const [creating, setCreating] = useState(false)
  const [deleting, setDeleting] = useState<Subscription | null>(null)
  const subs = useQuery({
    queryKey: ['webhooks'],
    queryFn: async () => unwrap(await api.GET('/api/webhooks')).items,
    enabled: can(user, 'webhooks:manage'),
  })
  if (!can(user, 'webhooks:manage')) return <Navigate to="/" replace />
  const refresh = () => qc.invalidateQueries({ queryKey: ['webhooks'] })
  const selected = params.get('subscription')
  const select = (id: string | null) => setParams(id ? { subscription: id } : {})
  const toggle = async (s: Subscription, enabled: boolean) => {
    try {
      unwrap(await api.PATCH('/api/webhooks/{id}', { params: { path: { id: s.id } }, body: { enabled } }))
      done(enabled ? 'Subscription enabled' : 'Subscription disabled: deliveries wait until it is enabled again')
    } catch (e) {
      failed('Not changed', e)
    }
    await refresh()
  }
  const sendTest = async (s: Subscription) => {
    try {
      unwrap(await api.POST('/api/webhooks/{id}/test', { params: { path: { id: s.id } } }))
      done(`Test event queued for ${s.url}`)
      select(s.id)
    } catch (e) {
      failed('Test event not sent', e)
    }
    await qc.invalidateQueries({ queryKey: ['webhooks', s.id, 'deliveries'] })
  }
  const remove = async (s: Subscription) => {
    unwrap(await api.DELETE('/api/webhooks/{id}', { params: { path: { id: s.id } } }))
    done('Subscription deleted')
    if (selected === s.id) select(null)
    await refresh()
  }

  return (
    <>
      <PageHeader
        title="Webhooks"
        description={
          user.partnerId
            ? "Your systems hear of your company's events as they happen: each delivery is signed (Standard Webhooks) and retried for about a day."
            : 'Outside systems hear of events as they happen: each delivery is signed (Standard Webhooks) and retried for about a day.'
        }
        actions={<Button onClick={() => setCreating(true)}>New subscription</Button>}
      />
      <Card withBorder padding={0}>
        {subs.isPending ? (
          <PageLoader label="Loading webhook subscriptions" />
        ) : subs.isError ? (
          <Center p="md">
            <ErrorState error={subs.error} onRetry={() => void subs.refetch()} />
          </Center>
        ) : subs.data.length === 0 ? (
          <EmptyState title="No webhook subscriptions">Subscribe a URL of your CRM or procurement suite to the events it needs.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table verticalSpacing="sm" aria-label="Webhook subscriptions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>URL</Table.Th>
                  {!user.partnerId && <Table.Th>Company</Table.Th>}
                  <Table.Th>Events</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Enabled</Table.Th>
                  <ActionsHeader />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {subs.data.map((s) => {
                  const state = stateOf(s)
                  return (
                    <Table.Tr key={s.id} bg={selected === s.id ? 'var(--mantine-color-indigo-0)' : undefined}>
                      <Table.Td>
                        <Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>
                          {s.url}
                        </Text>
                        {s.description && (
                          <Text size="xs" c="dimmed">
                            {s.description}
                          </Text>
                        )}
                      </Table.Td>
                      {!user.partnerId && <Table.Td>{s.partner ?? 'All companies'}</Table.Td>}
                      <Table.Td>
                        <Text size="xs">{s.events.join(', ')}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={state.color} variant="light">
                          {state.label}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Switch
                          checked={s.enabled}
                          onChange={(e) => void toggle(s, e.currentTarget.checked)}
                          aria-label={`Enabled: ${s.url}`}
                        />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="subtle" onClick={() => select(s.id)} aria-label={`Deliveries of ${s.url}`}>
                            Deliveries
                          </Button>
                          <Button size="xs" variant="subtle" onClick={() => void sendTest(s)} aria-label={`Send test event to ${s.url}`}>
                            Send test event
                          </Button>
                          <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(s)} aria-label={`Delete ${s.url}`}>
                            Delete
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {selected && subs.data?.some((s) => s.id === selected) && (
        <DeliveryLog subscription={subs.data.find((s) => s.id === selected)!} onClose={() => select(null)} />
      )}
      <CreateModal opened={creating} onClose={() => setCreating(false)} onCreated={() => void refresh()} />
      <ConfirmModal
        opened={!!deleting}
        title="Delete subscription"
        message={`${deleting?.url ?? ''} stops receiving events, and its delivery log is deleted. This cannot be undone.`}
        confirmLabel="Delete"
        onConfirm={() => (deleting ? remove(deleting) : undefined)}
        onClose={() => setDeleting(null)}
      />
    </>
  )
}

function DeliveryLog({ subscription, onClose }: { subscription: Subscription; onClose: () => void }) {
  const qc = useQueryClient()
  const log = useQuery({
    queryKey: ['webhooks', subscription.id, 'deliveries'],
    queryFn: async () =>
      unwrap(await api.GET('/api/webhooks/{id}/deliveries', { params: { path: { id: subscription.id }, query: { limit: 50 } } })).items,
    // Pending deliveries change as they are sent: look again while any wait.
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === 'pending') ? 3000 : false),
  })
  const redeliver = async (d: Delivery) => {
    try {
      unwrap(await api.POST('/api/webhooks/deliveries/{deliveryId}/redeliver', { params: { path: { deliveryId: d.id } } }))
      done('Queued again: it goes out at once')
    } catch (e) {
      failed('Not redelivered', e)
    }
    await qc.invalidateQueries({ queryKey: ['webhooks', subscription.id, 'deliveries'] })
  }
  return (
    <Stack mt="lg" gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Delivery log: {subscription.url}
        </Title>
        <Button size="xs" variant="default" onClick={onClose}>
          Close log
        </Button>
      </Group>
      <Card withBorder padding={0}>
        {log.isPending ? (
          <PageLoader label="Loading deliveries" />
        ) : log.isError ? (
          <Center p="md">
            <ErrorState error={log.error} onRetry={() => void log.refetch()} />
          </Center>
        ) : log.data.length === 0 ? (
          <EmptyState title="No deliveries yet">Events of the chosen types, and test events, appear here as they are sent.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table verticalSpacing="xs" aria-label="Deliveries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Response</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Last attempt</Table.Th>
                  <ActionsHeader />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {log.data.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>
                      <Text size="sm">{d.eventType}</Text>
                      <Text size="xs" c="dimmed">
                        {d.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={deliveryColors[d.status]} variant="light">
                        {d.status}
                      </Badge>
                      {d.status === 'pending' && d.nextAttemptAt && (
                        <Text size="xs" c="dimmed">
                          next {formatDateTime(d.nextAttemptAt)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{d.responseStatus ?? '—'}</Text>
                      {d.lastError && (
                        <Text size="xs" c="red.8">
                          {d.lastError}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td>{d.lastAttemptAt ? formatDateTime(d.lastAttemptAt) : '—'}</Table.Td>
                    <Table.Td ta="right">
                      <Button size="xs" variant="subtle" onClick={() => void redeliver(d)} aria-label={`Redeliver ${d.id}`}>
                        Redeliver
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  )
}

function CreateModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: () => void }) {
  const [created, setCreated] = useState<Schemas['WebhookSubscriptionCreated'] | null>(null)
  const close = () => {
    setCreated(null)
    onClose()
  }
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Subscription created' : 'New webhook subscription'}
      size="lg"
      closeOnClickOutside={!created}
    >
      {opened && !created && (
        <CreateForm
          onCancel={close}
          onCreated={(c) => {
            setCreated(c)
            onCreated()
          }}
        />
      )}
      {created && <SecretOnce created={created} onDone={close} />}
    </Modal>
  )
}

function CreateForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (c: Schemas['WebhookSubscriptionCreated']) => void }) {
  const types = useQuery({
    queryKey: ['webhooks', 'event-types'],
    queryFn: async () => unwrap(await api.GET('/api/webhooks/event-types')).items,
  })
  const form = useContractForm({
    initialValues: { url: '', events: [] as string[], description: '' },
    schema: (c) => c.WebhookCreateInput,
    toBody: (v) => ({ url: v.url.trim(), events: v.events, ...(v.description.trim() ? { description: v.description.trim() } : {}) }),
    fieldOf: (path) => (path.startsWith('events') ? 'events' : path),
    onSubmit: async (body) => onCreated(unwrap(await api.POST('/api/webhooks', { body }))),
  })
  return (
    <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="New webhook subscription">
      <Stack>
        <FormError error={form.message} />
        <TextInput
          label="URL"
          description="https:// only; it must reach a public address"
          placeholder="https://crm.example.com/hooks/alliance"
          required
          {...form.getInputProps('url')}
        />
        <MultiSelect
          label="Events"
          description="Each delivery carries one event of these types"
          placeholder={types.isPending ? 'Loading event types…' : 'Choose event types'}
          data={(types.data ?? []).map((t) => ({ value: t.type, label: `${t.type} — ${t.summary}` }))}
          searchable
          required
          {...form.getInputProps('events')}
        />
        <TextInput label="Description" placeholder="e.g. CRM sync" {...form.getInputProps('description')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={form.busy}>
            Create subscription
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function SecretOnce({ created, onDone }: { created: Schemas['WebhookSubscriptionCreated']; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" variant="light" title="Copy the signing secret now">
        This is the only time it is shown. Your receiver verifies each delivery&apos;s <Code>webhook-signature</Code> with it (any Standard
        Webhooks library does).
      </Alert>
      <Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>
        {created.subscription.url}
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="webhook-secret">
          {created.secret}
        </Code>
        <CopyButton value={created.secret}>
          {({ copied, copy }) => (
            <Button color={copied ? 'teal' : 'indigo'} onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  )
}
