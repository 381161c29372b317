import { Alert, Select, Stack, Table, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, PageLoader } from '../../components/page-states.tsx'
import { errorMessage, type Schemas } from '../../lib/api.ts'
import { useMe } from '../../lib/session.ts'
import { useCompanyDefaults, usePreferences, useSaveCompanyDefaults, useSavePreferences } from './notifications.queries.ts'

type Channel = Schemas['NotificationChannel']
const channelOptions: { value: Channel; label: string }[] = [
  { value: 'both', label: 'In the app and by email' },
  { value: 'in_app', label: 'In the app' },
  { value: 'email', label: 'By email' },
  { value: 'digest', label: 'In the app + daily digest email' },
  { value: 'none', label: 'Off' },
]
const sourceLabels = { user: 'your choice', company: 'company default', role: 'default' } as const

/** Each user's channel per event type; a partner admin also sets its company's defaults. */
export function PreferencesPage() {
  const me = useMe()
  const prefs = usePreferences()
  const save = useSavePreferences()
  const isPartnerAdmin = me.data?.role === 'partner_admin'
  const defaults = useCompanyDefaults(isPartnerAdmin)
  const saveDefaults = useSaveCompanyDefaults()
  if (prefs.isPending) return <PageLoader />
  if (prefs.isError) return <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />
  /** Says how a save went; both outcomes are handled here, so callers need not wait. */
  const done = (p: Promise<unknown>): void => {
    void p.then(
      () => notifications.show({ message: 'Preferences saved', color: 'green' }),
      (e) => notifications.show({ message: errorMessage(e), color: 'red' }),
    )
  }
  return (
    <Stack>
      <PageHeader title="Notification preferences" />
      <Alert color="gray">{prefs.data.transactional}</Alert>
      <Table striped aria-label="Your notification preferences">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Event</Table.Th>
            <Table.Th>How you hear of it</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {prefs.data.items.map((p) => (
            <Table.Tr key={p.type}>
              <Table.Td>
                <Text size="sm">{p.summary}</Text>
                <Text size="xs" c="dimmed">
                  {p.type} · {sourceLabels[p.source]}
                </Text>
              </Table.Td>
              <Table.Td>
                <Select
                  aria-label={`Channel for ${p.type}`}
                  data={channelOptions}
                  value={p.channel}
                  allowDeselect={false}
                  onChange={(v) => v && done(save.mutateAsync({ preferences: [{ type: p.type, channel: v as Channel }] }))}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {isPartnerAdmin && defaults.data && (
        <>
          <Title order={2} size="h4">
            Defaults for your company&apos;s users
          </Title>
          <Text size="sm" c="dimmed">
            Apply to every user of your company who has not chosen for themselves.
          </Text>
          <Table striped aria-label="Company defaults">
            <Table.Tbody>
              {defaults.data.items.map((d) => (
                <Table.Tr key={d.type}>
                  <Table.Td>
                    <Text size="sm">{d.summary}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Company default for ${d.type}`}
                      data={channelOptions}
                      value={d.channel}
                      placeholder="Role default"
                      clearable
                      onChange={(v) =>
                        done(saveDefaults.mutateAsync({ preferences: [{ type: d.type, channel: (v as Channel | null) ?? 'default' }] }))
                      }
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  )
}
