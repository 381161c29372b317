import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { api, ApiError, errorMessage, unwrap } from '../../lib/api.ts'
import { countryName } from '../../lib/countries.ts'
import { formatDate, formatDateTime } from '../../lib/format.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { SlaClock } from './deals-page.tsx'
import {
  formatMoney,
  stageLabels,
  stageOrder,
  statusColors,
  statusLabels,
  supportLabels,
  type Deal,
  type DealDetail,
  type Stage,
} from './deals.model.ts'
import { useDeal, useRefreshDeals } from './deals.queries.ts'
import { ActionsHeader } from '../../components/actions-header.tsx'

type Step = 'approve' | 'reject' | 'request-info' | 'respond' | 'extension-request' | 'extend'
const steps: Record<Step, { label: string; field: string; body: (v: string) => object; number?: boolean; color?: string }> = {
  approve: {
    label: 'Approve',
    field: 'Protection period (days)',
    number: true,
    body: (v) => (v ? { protectionDays: Number(v) } : {}),
    color: 'green',
  },
  reject: { label: 'Reject', field: 'Reason', body: (v) => ({ reason: v }), color: 'red' },
  'request-info': { label: 'Request information', field: 'Question to the partner', body: (v) => ({ question: v }) },
  respond: { label: 'Answer', field: 'Your answer', body: (v) => ({ answer: v }) },
  'extension-request': { label: 'Request an extension', field: 'Why the protection should be longer', body: (v) => ({ reason: v }) },
  extend: { label: 'Extend protection', field: 'Days to add', number: true, body: (v) => ({ days: Number(v) }) },
}

/** One deal: its facts, review clock and history; the review actions for reviewers, answers and updates for the partner; conflicts side by side. */
export function DealDetailPage() {
  const { id } = useParams() as { id: string }
  const user = useCurrentUser()
  const deal = useDeal(id)
  const [step, setStep] = useState<Step | null>(null)
  if (deal.isPending) return <PageLoader label="Loading the deal" />
  if (deal.isError)
    return deal.error instanceof ApiError && deal.error.status === 404 ? <NotFoundState what="deal" /> : <ErrorState error={deal.error} />
  const d = deal.data
  const open = d.status === 'submitted' || d.status === 'info_requested'
  const reviewer = can(user, 'deals:review') && (user.role !== 'sales' || d.reviewer?.id === user.id)
  const editor = can(user, 'deals:update')
  const actions: Step[] = [
    ...(reviewer && open ? (['approve', 'reject'] as Step[]) : []),
    ...(reviewer && d.status === 'submitted' ? (['request-info'] as Step[]) : []),
    ...(editor && d.status === 'info_requested' ? (['respond'] as Step[]) : []),
    ...(editor && d.status === 'approved' && !d.extensionRequested ? (['extension-request'] as Step[]) : []),
    ...(reviewer && d.status === 'approved' ? (['extend'] as Step[]) : []),
  ]
  return (
    <>
      <PageHeader
        title={d.customer.name}
        description={
          <Group gap="xs">
            <Badge color={statusColors[d.status]} variant="light">
              {statusLabels[d.status]}
            </Badge>
            {d.possibleConflict && (!user.partnerId || open) && (
              <Badge color="yellow" variant="outline">
                Possible conflict
              </Badge>
            )}
            {d.bigDeal && (
              <Badge color="grape" variant="light">
                Big deal
              </Badge>
            )}
          </Group>
        }
        actions={actions.map((s) => (
          <Button key={s} color={steps[s].color} variant={steps[s].color ? 'filled' : 'default'} onClick={() => setStep(s)}>
            {steps[s].label}
          </Button>
        ))}
      />
      {d.possibleConflict && user.partnerId && open && (
        <Alert color="yellow" variant="light" mb="md">
          A possible conflict with another registration was found. The Partner Incentives team reviews it; you need to do nothing.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Registration
          </Title>
          <Facts deal={d} />
        </Card>
        <Stack>
          {editor && d.status === 'approved' && <PipelineUpdate deal={d} />}
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              History
            </Title>
            <Timeline bulletSize={14} lineWidth={2}>
              {d.history.map((e, i) => (
                <Timeline.Item key={i} title={e.kind.replace(/_/g, ' ')}>
                  {e.note && <Text size="sm">{e.note}</Text>}
                  <Text size="xs" c="dimmed">
                    {e.actor} · {formatDateTime(e.at)}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </Card>
        </Stack>
      </SimpleGrid>
      {d.conflicts && d.conflicts.length > 0 && <Conflicts deal={d} />}
      <Modal opened={!!step} onClose={() => setStep(null)} title={step ? steps[step].label : ''}>
        {step && <StepForm dealId={d.id} step={step} onDone={() => setStep(null)} />}
      </Modal>
    </>
  )
}

const rows = (d: Deal): [string, string][] => [
  ['Partner', d.partnerName],
  ['Customer', `${d.customer.name}${d.customer.domain ? ` (${d.customer.domain})` : ''}`],
  ['Country', countryName(d.customer.country)],
  ['Products', d.products.join(', ')],
  ['Value', formatMoney(d.value)],
  ['Expected close', formatDate(d.expectedCloseDate)],
  ['Stage', stageLabels[d.stage]],
  ['Contact', d.contact ? [d.contact.name, d.contact.email].filter(Boolean).join(', ') : '—'],
  ['Reviewed by', d.route === 'account_owner' ? `${d.reviewer?.name} (account owner)` : 'Partner Incentives team'],
  ['Support', supportLabels[d.support]],
  ['Registered', formatDateTime(d.submittedAt)],
  ...(d.protectionUntil ? [['Protected until', formatDate(d.protectionUntil)] as [string, string]] : []),
  ...(d.rejectionReason ? [['Rejection reason', d.rejectionReason] as [string, string]] : []),
]

function Facts({ deal: d }: { deal: DealDetail }) {
  return (
    <Table>
      <Table.Tbody>
        {rows(d).map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th w={160}>{k}</Table.Th>
            <Table.Td>{v}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Th>Decision expected</Table.Th>
          <Table.Td>
            <SlaClock deal={d} />
          </Table.Td>
        </Table.Tr>
        {d.description && (
          <Table.Tr>
            <Table.Th>Description</Table.Th>
            <Table.Td>{d.description}</Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  )
}

/** Reviewers compare the deal with each conflicting registration, field by field. */
function Conflicts({ deal: d }: { deal: DealDetail }) {
  return (
    <Stack mt="lg">
      <Title order={2} size="h3">
        Conflicts
      </Title>
      {d.conflicts!.map((c) => (
        <ConflictCompare key={c.dealId} deal={d} conflict={c} />
      ))}
    </Stack>
  )
}

function ConflictCompare({ deal: d, conflict: c }: { deal: DealDetail; conflict: NonNullable<DealDetail['conflicts']>[number] }) {
  const other = useDeal(c.dealId)
  const mine = rows(d)
  const theirs = other.data ? new Map(rows(other.data)) : null
  return (
    <Card withBorder aria-label="Conflict comparison">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>
          Score {c.score}: {c.reasons.join(', ')}
        </Text>
        <Button component={Link} to={`/deals/${c.dealId}`} variant="subtle" size="xs">
          Open the other registration
        </Button>
      </Group>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <ActionsHeader />
            <Table.Th>This registration</Table.Th>
            <Table.Th>Conflicting registration</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {mine.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th w={140}>{k}</Table.Th>
              <Table.Td>{v}</Table.Td>
              <Table.Td>{theirs?.get(k) ?? '…'}</Table.Td>
            </Table.Tr>
          ))}
          {other.data && (
            <Table.Tr>
              <Table.Th>Status</Table.Th>
              <Table.Td>{statusLabels[d.status]}</Table.Td>
              <Table.Td>{statusLabels[other.data.status]}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Card>
  )
}

function StepForm({ dealId, step, onDone }: { dealId: string; step: Step; onDone: () => void }) {
  const refresh = useRefreshDeals()
  const s = steps[step]
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async () => {
    setBusy(true)
    setError(null)
    try {
      const res = await api.POST(`/api/deals/{id}/${step}` as '/api/deals/{id}/approve', {
        params: { path: { id: dealId } },
        body: s.body(value) as never,
      })
      unwrap(res)
      await refresh()
      notifications.show({ color: 'green', message: `${s.label}: done` })
      onDone()
    } catch (e) {
      setError(e instanceof ApiError && e.problem.errors?.length ? e.problem.errors.map((x) => x.message).join('; ') : errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Stack>
      {s.number ? (
        <NumberInput label={s.field} min={1} value={value} onChange={(v) => setValue(String(v))} error={error} />
      ) : (
        <Textarea label={s.field} autosize minRows={3} value={value} onChange={(e) => setValue(e.currentTarget.value)} error={error} />
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button color={s.color} onClick={() => void save()} loading={busy}>
          {s.label}
        </Button>
      </Group>
    </Stack>
  )
}

/** Partners keep the stage and value of their approved deals current. */
function PipelineUpdate({ deal: d }: { deal: Deal }) {
  const refresh = useRefreshDeals()
  const [stage, setStage] = useState<Stage>(d.stage)
  const [amount, setAmount] = useState(d.value.amount)
  const [error, setError] = useState<string | null>(null)
  const save = async () => {
    setError(null)
    try {
      unwrap(
        await api.PATCH('/api/deals/{id}', {
          params: { path: { id: d.id }, header: { 'if-match': `"${d.version}"` } },
          body: { stage, value: { amount, currency: 'USD' } },
        }),
      )
      await refresh()
      notifications.show({ color: 'green', message: 'Pipeline updated' })
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        Pipeline
      </Title>
      <Group align="flex-end">
        <Select
          label="Stage"
          data={stageOrder.map((v) => ({ value: v, label: stageLabels[v] }))}
          value={stage}
          onChange={(v) => setStage((v as Stage) ?? d.stage)}
        />
        <TextInput label="Value (USD)" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} />
        <Button onClick={() => void save()}>Save</Button>
      </Group>
      {error && (
        <Text c="red" size="sm" mt="xs">
          {error}
        </Text>
      )}
    </Card>
  )
}
