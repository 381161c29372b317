import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { api, errorMessage, unwrap, type Schemas } from '../../lib/api.ts'
import { formatDateTime } from '../../lib/format.ts'
import { useCurrentUser, can } from '../../lib/session.ts'

type Status = Schemas['MailStatus']
const colors: Record<Status, string> = { queued: 'blue', sent: 'green', failed: 'red' }

function useOutbox(status: Status | null, q: string) {
  const query = { ...(status ? { status } : {}), ...(q.trim() ? { q: q.trim() } : {}) }
  return useInfiniteQuery({
    queryKey: ['mail', 'list', query],
    initialPageParam: undefined as string | undefined,
    placeholderData: keepPreviousData,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/mail', { params: { query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

function MessageModal({ id, onClose, mayRetry }: { id: string | null; onClose: () => void; mayRetry: boolean }) {
  const qc = useQueryClient()
  const message = useQuery({
    queryKey: ['mail', 'detail', id],
    enabled: !!id,
    queryFn: async () => unwrap(await api.GET('/api/mail/{id}', { params: { path: { id: id! } } })),
  })
  const retry = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/mail/{id}/retry', { params: { path: { id: id! } } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: 'Queued again: it is sent as soon as SMTP accepts it.' })
      await qc.invalidateQueries({ queryKey: ['mail'] })
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  })
  const m = message.data
  return (
    <Modal opened={!!id} onClose={onClose} size="xl" title={m?.subject ?? 'Message'}>
      {message.isPending ? (
        <PageLoader />
      ) : message.isError ? (
        <ErrorState error={message.error} />
      ) : (
        <Stack>
          <Group gap="xs">
            <Badge color={colors[m!.status]}>{m!.status}</Badge>
            <Text size="sm">To {m!.to.join(', ')}</Text>
            <Text size="sm" c="dimmed">
              · {m!.attempts} attempt(s){m!.sentAt ? ` · sent ${formatDateTime(m!.sentAt)}` : ''}
              {m!.nextAttemptAt ? ` · next try ${formatDateTime(m!.nextAttemptAt)}` : ''}
            </Text>
          </Group>
          {m!.lastError && (
            <Alert color="red" variant="light" title="Last error">
              {m!.lastError}
            </Alert>
          )}
          <Tabs defaultValue="html">
            <Tabs.List>
              <Tabs.Tab value="html">HTML</Tabs.Tab>
              <Tabs.Tab value="text">Text</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="html" pt="sm">
              {/* Sandboxed: the message renders without scripts or access to this page. */}
              <iframe
                title="HTML version"
                sandbox=""
                srcDoc={m!.html}
                style={{ width: '100%', height: 360, border: '1px solid #dee2e6' }}
              />
            </Tabs.Panel>
            <Tabs.Panel value="text" pt="sm">
              <Text size="sm" ff="monospace" style={{ whiteSpace: 'pre-wrap' }}>
                {m!.text}
              </Text>
            </Tabs.Panel>
          </Tabs>
          {mayRetry && m!.status !== 'sent' && (
            <Group justify="flex-end">
              <Button onClick={() => retry.mutate()} loading={retry.isPending}>
                {m!.status === 'failed' ? 'Retry' : 'Send now'}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Modal>
  )
}

/** The mail outbox: what waits, what went out, what failed (and why). */
export function MailPage() {
  const me = useCurrentUser()
  const [status, setStatus] = useState('all')
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 250)
  const [open, setOpen] = useState<string | null>(null)
  const list = useOutbox(status === 'all' ? null : (status as Status), q)
  if (!can(me, 'mail:read')) return <NotFoundState />
  const first = list.data?.pages[0]
  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  const counts = first?.counts
  return (
    <>
      <PageHeader
        title="Mail"
        description="Every email Alliance sends: queued, sent and failed. Failed sends are retried with growing waits."
      />
      {first && !first.smtpConfigured && (
        <Alert color="yellow" variant="light" mb="md" title="No SMTP server configured">
          Mail waits here until the server runs with SMTP_URL set; nothing is lost meanwhile.
        </Alert>
      )}
      <Group mb="md">
        <SegmentedControl
          aria-label="Mail status"
          value={status}
          onChange={setStatus}
          data={[
            { value: 'all', label: 'All' },
            { value: 'queued', label: `Queued${counts ? ` (${counts.queued})` : ''}` },
            { value: 'sent', label: `Sent${counts ? ` (${counts.sent})` : ''}` },
            { value: 'failed', label: `Failed${counts ? ` (${counts.failed})` : ''}` },
          ]}
        />
        <TextInput
          placeholder="Recipient or subject"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={280}
          aria-label="Search mail"
        />
      </Group>
      <Card withBorder padding={0}>
        {list.isPending ? (
          <PageLoader label="Loading mail" />
        ) : list.isError ? (
          <Center p="md">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </Center>
        ) : items.length === 0 ? (
          <EmptyState title="No mail here" />
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Mail">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Subject</Table.Th>
                  <Table.Th>To</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Queued</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Anchor component="button" type="button" size="sm" fw={500} ta="left" onClick={() => setOpen(m.id)}>
                        {m.subject}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {m.template}
                      </Text>
                    </Table.Td>
                    <Table.Td>{m.to.join(', ')}</Table.Td>
                    <Table.Td>
                      <Badge color={colors[m.status]} variant="light">
                        {m.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{m.attempts}</Table.Td>
                    <Table.Td>{formatDateTime(m.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {list.hasNextPage && (
        <Center mt="md">
          <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Show more
          </Button>
        </Center>
      )}
      <MessageModal id={open} onClose={() => setOpen(null)} mayRetry={can(me, 'mail:manage')} />
    </>
  )
}
