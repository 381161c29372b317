import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { api, errorMessage, unwrap, type Schemas } from '../../lib/api.ts'
import { countryName, countryOptions } from '../../lib/countries.ts'
import { fieldErrors } from '../../lib/form-errors.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { partnerTypeOptions } from './inquiries.model.ts'
import { useInquiryOwners } from './inquiries.queries.ts'
import { ActionsHeader } from '../../components/actions-header.tsx'

type Rule = Schemas['RoutingRule']
const domainOptions = [
  { value: 'partner', label: 'Domain is an existing partner' },
  { value: 'inquiry', label: 'Domain has another open inquiry' },
  { value: 'none', label: 'Domain matches nothing' },
]
const fields = ['name', 'countries', 'partnerTypes', 'solutions', 'domainMatch', 'queueKey', 'ownerId'] as const

function useRouting() {
  const rules = useQuery({
    queryKey: ['inquiries', 'rules'],
    queryFn: async () => unwrap(await api.GET('/api/inquiries/routing-rules')).items,
  })
  const queues = useQuery({ queryKey: ['inquiries', 'queues'], queryFn: async () => unwrap(await api.GET('/api/inquiries/queues')).items })
  return { rules, queues }
}

function conditions(r: Rule): string {
  const parts = [
    r.countries && `country ${r.countries.map(countryName).join(' or ')}`,
    r.partnerTypes && `type ${r.partnerTypes.join(' or ')}`,
    r.solutions && `solutions ${r.solutions.join(' or ')}`,
    r.domainMatch && domainOptions.find((o) => o.value === r.domainMatch)!.label.toLowerCase(),
  ].filter(Boolean)
  return parts.length ? parts.join('; ') : 'every inquiry'
}

function RuleModal({ opened, onClose, queues }: { opened: boolean; onClose: () => void; queues: Schemas['InquiryQueue'][] }) {
  const qc = useQueryClient()
  const owners = useInquiryOwners()
  const [error, setError] = useState<string | null>(null)
  const form = useForm({
    initialValues: {
      name: '',
      countries: [] as string[],
      partnerTypes: [] as string[],
      solutions: [] as string[],
      domainMatch: '',
      queueKey: 'gpa',
      ownerId: '',
    },
    validate: { name: (v) => (v.trim() ? null : 'Name the rule') },
  })
  const create = useMutation({
    mutationFn: async (v: typeof form.values) =>
      unwrap(
        await api.POST('/api/inquiries/routing-rules', {
          body: {
            name: v.name,
            active: true,
            queueKey: v.queueKey,
            ownerId: v.ownerId || null,
            countries: v.countries.length ? v.countries : null,
            partnerTypes: v.partnerTypes.length ? (v.partnerTypes as Rule['partnerTypes']) : null,
            solutions: v.solutions.length ? v.solutions : null,
            domainMatch: (v.domainMatch || null) as Rule['domainMatch'],
          },
        }),
      ),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['inquiries', 'rules'] })
      form.reset()
      onClose()
    },
    onError: (e) => {
      const { byField, other } = fieldErrors(e, fields)
      form.setErrors(byField)
      setError(other.join('; ') || (Object.keys(byField).length ? null : errorMessage(e)))
    },
  })
  return (
    <Modal opened={opened} onClose={onClose} title="New routing rule" size="lg">
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <Text size="sm" c="dimmed">
            Conditions (empty: any). A region is a list of countries.
          </Text>
          <MultiSelect label="Countries" data={countryOptions} searchable {...form.getInputProps('countries')} />
          <MultiSelect label="Partner types" data={partnerTypeOptions} {...form.getInputProps('partnerTypes')} />
          <TagsInput label="Solution categories" {...form.getInputProps('solutions')} />
          <Select label="Company domain" data={domainOptions} clearable {...form.getInputProps('domainMatch')} />
          <Text size="sm" c="dimmed">
            Outcome
          </Text>
          <Select label="Queue" data={queues.map((q) => ({ value: q.key, label: q.name }))} {...form.getInputProps('queueKey')} />
          <Select
            label="Owner"
            placeholder="In turn among the queue's members"
            clearable
            searchable
            data={(owners.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            {...form.getInputProps('ownerId')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Add rule
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** Routing rules (tried in order; the first match routes) and the queues they send inquiries to. */
export function RoutingRulesPage() {
  const me = useCurrentUser()
  const qc = useQueryClient()
  const { rules, queues } = useRouting()
  const [opened, modal] = useDisclosure()
  const editable = can(me, 'inquiries:configure')
  const change = useMutation({
    mutationFn: async ({ id, patch }: { id: string; patch: { active?: boolean } | null }) =>
      patch
        ? unwrap(await api.PATCH('/api/inquiries/routing-rules/{id}', { params: { path: { id } }, body: patch }))
        : unwrap(await api.DELETE('/api/inquiries/routing-rules/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['inquiries', 'rules'] }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  })
  if (!can(me, 'inquiries:read')) return <NotFoundState />
  if (rules.isPending || queues.isPending) return <PageLoader />
  if (rules.isError || queues.isError) return <ErrorState error={rules.error ?? queues.error} />
  const queueName = (key: string) => queues.data.find((q) => q.key === key)?.name ?? key
  return (
    <>
      <PageHeader
        title="Inquiry routing"
        description="Rules are tried in order; the first active rule that matches names the queue and perhaps a fixed owner. Without a match: Global Partner Alliances, owners in turn."
        actions={
          <>
            <Button component={Link} to="/inquiries" variant="default">
              Inquiries
            </Button>
            {editable && <Button onClick={modal.open}>Add rule</Button>}
          </>
        }
      />
      <Card withBorder padding={0} mb="lg">
        <Table verticalSpacing="sm" aria-label="Routing rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Rule</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Goes to</Table.Th>
              <Table.Th>Active</Table.Th>
              <ActionsHeader />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.data.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td fw={500}>{r.name}</Table.Td>
                <Table.Td>{conditions(r)}</Table.Td>
                <Table.Td>
                  {queueName(r.queueKey)}
                  {r.ownerId ? ' (fixed owner)' : ''}
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`${r.name} active`}
                    checked={r.active}
                    disabled={!editable}
                    onChange={(e) => change.mutate({ id: r.id, patch: { active: e.currentTarget.checked } })}
                  />
                </Table.Td>
                <Table.Td>
                  {editable && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${r.name}`}
                      onClick={() => change.mutate({ id: r.id, patch: null })}
                    >
                      ×
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td fw={500}>Default</Table.Td>
              <Table.Td>no rule matched</Table.Td>
              <Table.Td>Global Partner Alliances</Table.Td>
              <Table.Td />
              <Table.Td />
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Card>
      <Text fw={600} mb="xs">
        Queues
      </Text>
      <Stack gap="xs">
        {queues.data.map((q) => (
          <Group key={q.key} gap="xs">
            <Badge variant="light">{q.name}</Badge>
            <Text size="sm">
              {q.memberIds ? 'Members in turn: ' : 'Every active GPS user, in turn: '}
              {q.members.map((m) => m.name).join(', ') || 'nobody yet'}
            </Text>
          </Group>
        ))}
      </Stack>
      <RuleModal opened={opened} onClose={modal.close} queues={queues.data} />
    </>
  )
}
