import {
  Alert,
  Badge,
  Blockquote,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Progress,
  Rating,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useParams } from 'react-router'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { FormError } from '../../components/form-error.tsx'
import { ImportModal } from '../../components/import-modal.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, errorMessage, unwrap } from '../../lib/api.ts'
import { can, useCurrentUser } from '../../lib/session.ts'
import { formatLabels, whenOf } from './events-page.tsx'
import {
  useAttendance,
  useEvent,
  useFeedback,
  useMaterials,
  useRefreshMarketing,
  useRegistrations,
  type CommunityEvent,
} from './marketing.queries.ts'

const sessionLabels = { presentation: 'Presentation', qa: 'Q&A', panel: 'Panel', break: 'Break' } as const

/** One event: its agenda, registration (partners' users), and for marketing registrations, attendance, materials and feedback. */
export function EventDetailPage() {
  const { id = '' } = useParams()
  const user = useCurrentUser()
  const event = useEvent(id)
  if (event.isPending) return <PageLoader label="Loading the event" />
  if (event.isError) return <ErrorState error={event.error} onRetry={() => void event.refetch()} />
  const e = event.data
  const manages = can(user, 'events:manage')
  const ended = new Date(e.endsAt) <= new Date()
  const attended = !!e.myRegistration?.attended
  return (
    <>
      <PageHeader
        title={e.title}
        description={`${whenOf(e)} · ${formatLabels[e.format]}${e.location ? ` · ${e.location}` : ''}`}
        actions={manages && <ManageActions event={e} />}
      />
      {e.status === 'cancelled' && (
        <Alert color="red" mb="md" title="Cancelled">
          This event is cancelled.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} mb="md">
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            About
          </Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {e.description || 'No description.'}
          </Text>
          <Group mt="sm" gap="xs">
            <Badge color={e.seatsLeft > 0 ? 'green' : 'orange'}>
              {e.registeredCount} of {e.capacity} seats taken
            </Badge>
          </Group>
          {can(user, 'events:register') && <Registration event={e} />}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Agenda
          </Title>
          {e.sessions.length === 0 ? (
            <Text size="sm" c="dimmed">
              The agenda is not published yet.
            </Text>
          ) : (
            <Stack gap="xs">
              {e.sessions.map((s) => (
                <div key={s.id}>
                  <Text size="sm" fw={600}>
                    {sessionLabels[s.kind]}: {s.title}
                  </Text>
                  {s.speakers.length > 0 && (
                    <Text size="sm" c="dimmed">
                      {s.speakers.map((sp) => [sp.name, sp.title, sp.company].filter(Boolean).join(', ')).join(' · ')}
                    </Text>
                  )}
                </div>
              ))}
            </Stack>
          )}
        </Card>
      </SimpleGrid>
      <Registrations id={e.id} manages={manages} started={new Date(e.startsAt) <= new Date()} />
      {(manages || (ended && attended)) && <Materials id={e.id} manages={manages} ended={ended} />}
      {manages && <AttendanceCounts id={e.id} />}
      {ended && (manages || attended || !user.partnerId) && <Feedback id={e.id} canAnswer={attended && can(user, 'events:register')} />}
    </>
  )
}

function Registration({ event: e }: { event: CommunityEvent }) {
  const refresh = useRefreshMarketing()
  const [busy, setBusy] = useState(false)
  const [cancelling, setCancelling] = useState(false)
  const mine = e.myRegistration && e.myRegistration.status !== 'cancelled' ? e.myRegistration : null
  const register = async () => {
    setBusy(true)
    try {
      const after = unwrap(await api.POST('/api/events/{id}/registration', { params: { path: { id: e.id } } }))
      const r = after.myRegistration
      notifications.show({
        color: 'green',
        title: r?.status === 'registered' ? 'You are registered' : 'You are on the waitlist',
        message:
          r?.status === 'registered'
            ? 'A confirmation with the calendar invitation is on its way.'
            : `Number ${r?.waitlistPosition} on the waitlist.`,
      })
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not registered', message: errorMessage(err) })
    } finally {
      setBusy(false)
      await refresh()
    }
  }
  if (e.status !== 'published' || new Date(e.startsAt) <= new Date()) return null
  return (
    <Group mt="md">
      {mine ? (
        <>
          <Text size="sm" fw={600}>
            {mine.status === 'registered' ? 'You are registered.' : `You are number ${mine.waitlistPosition} on the waitlist.`}
          </Text>
          <Button variant="default" color="red" size="xs" onClick={() => setCancelling(true)}>
            Cancel my registration
          </Button>
        </>
      ) : (
        <Button onClick={() => void register()} loading={busy}>
          {e.seatsLeft > 0 ? 'Register' : 'Join the waitlist'}
        </Button>
      )}
      <ConfirmModal
        opened={cancelling}
        title="Cancel your registration"
        message="Your seat goes to the first person on the waitlist."
        confirmLabel="Cancel registration"
        onConfirm={async () => {
          unwrap(await api.DELETE('/api/events/{id}/registration', { params: { path: { id: e.id } } }))
          await refresh()
        }}
        onClose={() => setCancelling(false)}
      />
    </Group>
  )
}

function Registrations({ id, manages, started }: { id: string; manages: boolean; started: boolean }) {
  const regs = useRegistrations(id)
  const refresh = useRefreshMarketing()
  const mark = async (email: string, attended: boolean) => {
    try {
      unwrap(await api.POST('/api/events/{id}/attendance', { params: { path: { id } }, body: { entries: [{ email, attended }] } }))
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not recorded', message: errorMessage(err) })
    }
    await refresh()
  }
  if (regs.isPending) return <PageLoader label="Loading registrations" />
  if (regs.isError) return <ErrorState error={regs.error} onRetry={() => void regs.refetch()} />
  const live = regs.data.filter((r) => r.status !== 'cancelled')
  return (
    <Card withBorder mb="md">
      <Title order={2} size="h4" mb="xs">
        Registrations
      </Title>
      {live.length === 0 ? (
        <Text size="sm" c="dimmed">
          No registration yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table aria-label="Registrations" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Company</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Attended</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {live.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    {r.user.name}
                    <Text size="xs" c="dimmed">
                      {r.user.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.partner.name}</Table.Td>
                  <Table.Td>{r.status === 'registered' ? 'Registered' : `Waitlist #${r.waitlistPosition}`}</Table.Td>
                  <Table.Td>
                    {manages && started && r.status === 'registered' ? (
                      <Checkbox
                        aria-label={`${r.user.name} attended`}
                        checked={r.attended}
                        onChange={(ev) => void mark(r.user.email, ev.currentTarget.checked)}
                      />
                    ) : r.attended ? (
                      `Yes${r.attendedMinutes !== null ? ` (${r.attendedMinutes} min)` : ''}`
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  )
}

function AttendanceCounts({ id }: { id: string }) {
  const summary = useAttendance(id, true)
  if (!summary.data) return null
  const s = summary.data
  return (
    <Card withBorder mb="md">
      <Title order={2} size="h4" mb="xs">
        Attendance
      </Title>
      <Text size="sm" mb="sm">
        {s.attended} attended of {s.registered} registered · {s.waitlisted} on the waitlist
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Table aria-label="Attendance by tier">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tier</Table.Th>
              <Table.Th>Registered</Table.Th>
              <Table.Th>Attended</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.byTier.map((t) => (
              <Table.Tr key={t.tier ?? 'none'}>
                <Table.Td>{t.tier ?? 'No tier'}</Table.Td>
                <Table.Td>{t.registered}</Table.Td>
                <Table.Td>{t.attended}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Table aria-label="Attendance by partner">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Partner</Table.Th>
              <Table.Th>Registered</Table.Th>
              <Table.Th>Attended</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.byPartner.map((p) => (
              <Table.Tr key={p.partnerId}>
                <Table.Td>{p.partner}</Table.Td>
                <Table.Td>{p.registered}</Table.Td>
                <Table.Td>{p.attended}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </SimpleGrid>
    </Card>
  )
}

function ManageActions({ event: e }: { event: CommunityEvent }) {
  const refresh = useRefreshMarketing()
  const [importing, setImporting] = useState(false)
  const [moving, setMoving] = useState(false)
  const [cancelling, setCancelling] = useState(false)
  const [times, setTimes] = useState({ startsAt: e.localStart, endsAt: e.localEnd })
  const [error, setError] = useState<string | null>(null)
  const started = new Date(e.startsAt) <= new Date()
  return (
    <>
      {started && (
        <Button variant="default" onClick={() => setImporting(true)}>
          Import attendance
        </Button>
      )}
      {e.status === 'published' && !started && (
        <>
          <Button variant="default" onClick={() => setMoving(true)}>
            Change the time
          </Button>
          <Button variant="default" color="red" onClick={() => setCancelling(true)}>
            Cancel the event
          </Button>
        </>
      )}
      <ImportModal
        opened={importing}
        onClose={() => setImporting(false)}
        title="Import attendance"
        path={`/api/events/${e.id}/attendance/import`}
        noun="attendee"
        onImported={refresh}
      >
        <Text size="sm">
          The meeting platform&apos;s participant export (CSV or XLSX) with an Email, User Email or Attendee Email column, and optionally
          the minutes (Duration (Minutes)). Everyone in it must be registered; otherwise nothing is recorded.
        </Text>
      </ImportModal>
      <Modal opened={moving} onClose={() => setMoving(false)} title="Change the time">
        <Stack>
          <FormError error={error} />
          <Text size="sm">Everyone registered gets an update that moves the event in their calendar ({e.timeZone}).</Text>
          <TextInput
            type="datetime-local"
            label="Starts"
            value={times.startsAt}
            onChange={(ev) => setTimes({ ...times, startsAt: ev.currentTarget.value })}
          />
          <TextInput
            type="datetime-local"
            label="Ends"
            value={times.endsAt}
            onChange={(ev) => setTimes({ ...times, endsAt: ev.currentTarget.value })}
          />
          <Group justify="flex-end">
            <Button
              onClick={() =>
                void (async () => {
                  try {
                    unwrap(await api.PATCH('/api/events/{id}', { params: { path: { id: e.id } }, body: times }))
                    setMoving(false)
                    setError(null)
                    await refresh()
                  } catch (err) {
                    setError(errorMessage(err))
                  }
                })()
              }
            >
              Save and send updates
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmModal
        opened={cancelling}
        title="Cancel the event"
        message="Everyone registered gets a cancellation that removes it from their calendar."
        confirmLabel="Cancel the event"
        onConfirm={async () => {
          unwrap(await api.PATCH('/api/events/{id}', { params: { path: { id: e.id } }, body: { status: 'cancelled' } }))
          await refresh()
        }}
        onClose={() => setCancelling(false)}
      />
    </>
  )
}

function Materials({ id, manages, ended }: { id: string; manages: boolean; ended: boolean }) {
  const materials = useMaterials(id, true)
  const refresh = useRefreshMarketing()
  const [draft, setDraft] = useState({ kind: 'deck' as 'deck' | 'video' | 'link', title: '', url: '' })
  const [error, setError] = useState<string | null>(null)
  return (
    <Card withBorder mb="md">
      <Title order={2} size="h4" mb="xs">
        Materials
      </Title>
      {materials.data?.length ? (
        <Stack gap={4} mb="sm">
          {materials.data.map((m) => (
            <Text key={m.id} size="sm">
              {m.kind === 'video' ? 'Video' : m.kind === 'deck' ? 'Deck' : 'Link'}:{' '}
              <a href={m.url} target="_blank" rel="noreferrer">
                {m.title}
              </a>
            </Text>
          ))}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed" mb="sm">
          No materials yet.
        </Text>
      )}
      {manages &&
        (ended ? (
          <Stack gap="xs">
            <FormError error={error} />
            <Group align="flex-end">
              <Select
                label="Kind"
                w={120}
                value={draft.kind}
                onChange={(v) => setDraft({ ...draft, kind: (v ?? 'deck') as typeof draft.kind })}
                data={[
                  { value: 'deck', label: 'Deck' },
                  { value: 'video', label: 'Video' },
                  { value: 'link', label: 'Link' },
                ]}
              />
              <TextInput label="Title" value={draft.title} onChange={(ev) => setDraft({ ...draft, title: ev.currentTarget.value })} />
              <TextInput label="Web address" value={draft.url} onChange={(ev) => setDraft({ ...draft, url: ev.currentTarget.value })} />
              <Button
                onClick={() =>
                  void (async () => {
                    try {
                      unwrap(await api.POST('/api/events/{id}/materials', { params: { path: { id } }, body: draft }))
                      setDraft({ kind: 'deck', title: '', url: '' })
                      setError(null)
                      notifications.show({ color: 'green', title: 'Published', message: 'Every attendee gets it by email.' })
                      await refresh()
                    } catch (err) {
                      setError(errorMessage(err))
                    }
                  })()
                }
              >
                Publish to attendees
              </Button>
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            Materials are published to the attendees after the event.
          </Text>
        ))}
    </Card>
  )
}

function Feedback({ id, canAnswer }: { id: string; canAnswer: boolean }) {
  const results = useFeedback(id)
  const refresh = useRefreshMarketing()
  const [rating, setRating] = useState(0)
  const [comment, setComment] = useState('')
  const [quote, setQuote] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!results.data) return null
  const r = results.data
  const most = Math.max(1, ...r.ratings.map((x) => x.count))
  return (
    <Card withBorder mb="md">
      <Title order={2} size="h4" mb="xs">
        Feedback
      </Title>
      <Text size="sm" mb="sm">
        {r.responses} responses{r.averageRating !== null ? ` · average ${r.averageRating} of 5` : ''}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap={4} aria-label="Ratings">
          {[...r.ratings].reverse().map((x) => (
            <Group key={x.rating} gap="xs" wrap="nowrap">
              <Text size="sm" w={60}>
                {x.rating} stars
              </Text>
              <Progress value={(x.count / most) * 100} style={{ flex: 1 }} aria-label={`${x.rating} stars: ${x.count}`} />
              <Text size="sm" w={30}>
                {x.count}
              </Text>
            </Group>
          ))}
        </Stack>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            What attendees are saying
          </Text>
          {r.quotes.length === 0 ? (
            <Text size="sm" c="dimmed">
              No quotes yet.
            </Text>
          ) : (
            r.quotes.map((q, i) => (
              <Blockquote key={i} p="xs" cite={`— ${q.partner}`}>
                {q.comment}
              </Blockquote>
            ))
          )}
        </Stack>
      </SimpleGrid>
      {canAnswer && (
        <Stack mt="md" gap="xs">
          <FormError error={error} />
          <Text size="sm" fw={600}>
            {r.mine ? 'Your answer (you can change it)' : 'How was it?'}
          </Text>
          <Rating value={rating || r.mine?.rating || 0} onChange={setRating} aria-label="Rating" />
          <Textarea label="Comment" value={comment} onChange={(ev) => setComment(ev.currentTarget.value)} autosize minRows={2} />
          <Checkbox
            label="You may quote my comment with my company's name"
            checked={quote}
            onChange={(ev) => setQuote(ev.currentTarget.checked)}
          />
          <Button
            w="fit-content"
            onClick={() =>
              void (async () => {
                try {
                  unwrap(
                    await api.PUT('/api/events/{id}/feedback', {
                      params: { path: { id } },
                      body: { rating: rating || r.mine?.rating || 0, quoteAllowed: quote, ...(comment.trim() ? { comment } : {}) },
                    }),
                  )
                  setError(null)
                  await refresh()
                } catch (err) {
                  setError(errorMessage(err))
                }
              })()
            }
          >
            Send feedback
          </Button>
        </Stack>
      )}
    </Card>
  )
}
