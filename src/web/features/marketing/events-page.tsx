import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { FormError } from '../../components/form-error.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, unwrap } from '../../lib/api.ts'
import { countryOptions } from '../../lib/countries.ts'
import { can, useCurrentUser } from '../../lib/session.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import { useEvents, useRefreshMarketing, type CommunityEvent } from './marketing.queries.ts'

const zones = Intl.supportedValuesOf('timeZone').map((z) => ({ value: z, label: z }))
const tierOptions = [
  { value: 'strategic', label: 'Strategic' },
  { value: 'advantage', label: 'Advantage' },
  { value: 'select', label: 'Select' },
  { value: 'approved', label: 'Approved' },
]
export const formatLabels = { virtual: 'Virtual', on_site: 'On site' } as const

/** When an event runs, in its own time zone. */
export const whenOf = (e: Pick<CommunityEvent, 'localStart' | 'localEnd' | 'timeZone'>) => {
  const [d1, t1] = e.localStart.split('T')
  const [d2, t2] = e.localEnd.split('T')
  return `${d1} ${t1} – ${d1 === d2 ? '' : `${d2} `}${t2} (${e.timeZone})`
}

/** Events as a list or a month-by-month calendar; marketing creates them, partners' users open one to register. */
export function EventsPage() {
  const user = useCurrentUser()
  const events = useEvents()
  const [view, setView] = useState<'list' | 'calendar'>('list')
  const [creating, setCreating] = useState(false)
  return (
    <>
      <PageHeader
        title="Events"
        description={
          user.partnerId
            ? 'Events open to your company: register, and find the materials after an event you attended.'
            : 'Ad hoc and program events with their audience, capacity, agenda, registrations and results.'
        }
        actions={can(user, 'events:manage') && <Button onClick={() => setCreating(true)}>Create an event</Button>}
      />
      <SegmentedControl
        aria-label="View"
        mb="md"
        value={view}
        onChange={(v) => setView(v as 'list' | 'calendar')}
        data={[
          { value: 'list', label: 'List' },
          { value: 'calendar', label: 'Calendar' },
        ]}
      />
      {events.isPending ? (
        <PageLoader label="Loading events" />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.length === 0 ? (
        <EmptyState title="No events">{user.partnerId ? 'No event is open to your company yet.' : 'Create the first event.'}</EmptyState>
      ) : view === 'list' ? (
        <Stack>
          {events.data.map((e) => (
            <EventCard key={e.id} event={e} />
          ))}
        </Stack>
      ) : (
        <Calendar events={events.data} />
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title="Create an event" size="xl">
        <EventForm onDone={() => setCreating(false)} />
      </Modal>
    </>
  )
}

function EventCard({ event: e }: { event: CommunityEvent }) {
  return (
    <Card withBorder>
      <Group justify="space-between" wrap="wrap">
        <Stack gap={2}>
          <Text fw={600} component={Link} to={`/events/${e.id}`}>
            {e.title}
          </Text>
          <Text size="sm" c="dimmed">
            {whenOf(e)} · {formatLabels[e.format]}
            {e.location ? ` · ${e.location}` : ''}
          </Text>
        </Stack>
        <Group gap="xs">
          {e.status === 'cancelled' && <Badge color="red">Cancelled</Badge>}
          {e.kind === 'program' && <Badge color="indigo">Program event</Badge>}
          <Badge color={e.seatsLeft > 0 ? 'green' : 'orange'}>{e.seatsLeft > 0 ? `${e.seatsLeft} seats left` : 'Full: waitlist'}</Badge>
          {e.myRegistration && e.myRegistration.status !== 'cancelled' && (
            <Badge color="blue">
              {e.myRegistration.status === 'registered' ? 'You are registered' : `Waitlist #${e.myRegistration.waitlistPosition}`}
            </Badge>
          )}
        </Group>
      </Group>
    </Card>
  )
}

/** The calendar view: each month with its days that hold events. */
function Calendar({ events }: { events: CommunityEvent[] }) {
  const months = new Map<string, Map<string, CommunityEvent[]>>()
  for (const e of events) {
    const day = e.localStart.slice(0, 10)
    const month = day.slice(0, 7)
    const days = months.get(month) ?? new Map<string, CommunityEvent[]>()
    days.set(day, [...(days.get(day) ?? []), e])
    months.set(month, days)
  }
  return (
    <Stack>
      {[...months.entries()].map(([month, days]) => (
        <Card withBorder key={month}>
          <Title order={2} size="h4" mb="sm">
            {new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' })}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3, md: 4 }}>
            {[...days.entries()].map(([day, list]) => (
              <Card key={day} withBorder padding="xs">
                <Text size="sm" fw={600}>
                  {new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', timeZone: 'UTC' })}
                </Text>
                {list.map((e) => (
                  <Text key={e.id} size="sm" component={Link} to={`/events/${e.id}`} display="block">
                    {e.localStart.slice(11)} {e.title}
                  </Text>
                ))}
              </Card>
            ))}
          </SimpleGrid>
        </Card>
      ))}
    </Stack>
  )
}

type SessionDraft = { kind: 'presentation' | 'qa' | 'panel' | 'break'; title: string; speakers: string }

function EventForm({ onDone }: { onDone: () => void }) {
  const refresh = useRefreshMarketing()
  const navigate = useNavigate()
  const form = useContractForm({
    initialValues: {
      kind: 'ad_hoc' as 'ad_hoc' | 'program',
      title: '',
      description: '',
      format: 'virtual' as 'virtual' | 'on_site',
      location: '',
      startsAt: '',
      endsAt: '',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      capacity: 100 as number | string,
      tiers: [] as string[],
      countries: [] as string[],
      sessions: [] as SessionDraft[],
    },
    schema: (c) => c.EventInput,
    toBody: (v) => ({
      kind: v.kind,
      title: v.title,
      description: v.description,
      format: v.format,
      ...(v.location.trim() ? { location: v.location } : {}),
      startsAt: v.startsAt,
      endsAt: v.endsAt,
      timeZone: v.timeZone,
      capacity: typeof v.capacity === 'number' ? v.capacity : Number.NaN,
      audience: { tiers: v.tiers, partnerTypes: [], countries: v.countries, partnerIds: [] },
      sessions: v.sessions.map((s) => ({
        kind: s.kind,
        title: s.title,
        speakers: s.speakers
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
          .map((name) => ({ name })),
      })),
    }),
    fieldOf: (path) =>
      path.startsWith('audience.tiers') ? 'tiers' : path.startsWith('audience.countries') ? 'countries' : path.split('.')[0],
    onSubmit: async (body) => {
      const e = unwrap(await api.POST('/api/events', { body }))
      notifications.show({ color: 'green', title: 'Event created', message: e.title })
      await refresh()
      onDone()
      void navigate(`/events/${e.id}`)
    },
  })
  const sessions = form.getValues().sessions
  return (
    <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="Create an event">
      <Stack>
        <FormError error={form.message} />
        <TextInput label="Title" required {...form.getInputProps('title')} />
        <Group grow>
          <Select
            label="Kind"
            data={[
              { value: 'ad_hoc', label: 'Ad hoc event' },
              { value: 'program', label: 'Program event (symposium)' },
            ]}
            {...form.getInputProps('kind')}
          />
          <Select
            label="Format"
            data={[
              { value: 'virtual', label: 'Virtual' },
              { value: 'on_site', label: 'On site' },
            ]}
            {...form.getInputProps('format')}
          />
        </Group>
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        <TextInput label="Location or meeting link" {...form.getInputProps('location')} />
        <Group grow>
          <TextInput type="datetime-local" label="Starts" required {...form.getInputProps('startsAt')} />
          <TextInput type="datetime-local" label="Ends" required {...form.getInputProps('endsAt')} />
        </Group>
        <Group grow>
          <Select label="Time zone" searchable required data={zones} {...form.getInputProps('timeZone')} />
          <NumberInput label="Capacity" required min={1} {...form.getInputProps('capacity')} />
        </Group>
        <MultiSelect label="Audience: tiers" description="Empty: every tier" data={tierOptions} {...form.getInputProps('tiers')} />
        <MultiSelect
          label="Audience: countries"
          description="Empty: every country"
          searchable
          data={countryOptions}
          {...form.getInputProps('countries')}
        />
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            Agenda
          </Text>
          {sessions.map((_, i) => (
            <Group key={i} align="flex-end" wrap="nowrap">
              <Select
                label="Session"
                w={150}
                data={[
                  { value: 'presentation', label: 'Presentation' },
                  { value: 'qa', label: 'Q&A' },
                  { value: 'panel', label: 'Panel' },
                  { value: 'break', label: 'Break' },
                ]}
                {...form.getInputProps(`sessions.${i}.kind`)}
              />
              <TextInput label="Title" style={{ flex: 1 }} {...form.getInputProps(`sessions.${i}.title`)} />
              <TextInput label="Speakers (comma-separated)" style={{ flex: 1 }} {...form.getInputProps(`sessions.${i}.speakers`)} />
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={`Remove session ${i + 1}`}
                onClick={() => form.removeListItem('sessions', i)}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="default"
            size="xs"
            w="fit-content"
            onClick={() => form.insertListItem('sessions', { kind: 'presentation', title: '', speakers: '' })}
          >
            Add a session
          </Button>
        </Stack>
        <Group justify="flex-end">
          <Button type="submit" loading={form.busy}>
            Create event
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
