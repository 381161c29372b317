import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState, type ReactNode } from 'react'
import { Link, useParams } from 'react-router'
import { todayOf } from '../../../core/dates.ts'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { api, ApiError, errorMessage, unwrap } from '../../lib/api.ts'
import { countryName, countryOptions } from '../../lib/countries.ts'
import { fieldErrors } from '../../lib/form-errors.ts'
import { formatDate, formatDateTime } from '../../lib/format.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { InviteLinkModal } from '../../components/invite-link.tsx'
import { caseStatusColors, caseStatusLabels, pathLabel, type CaseDetail } from './onboarding.model.ts'
import { useCase, useGpaUsers, useRefreshOnboarding } from './onboarding.queries.ts'

const actionLabels: Record<string, string> = {
  create: 'Requested',
  update: 'Updated',
  check: 'Checklist item done',
  uncheck: 'Checklist item reopened',
  comment: 'Comment',
  complete: 'Completed',
  notify: 'Notification',
}

/** One case: details, owner and due date, checklist, comments, history; GPA completes it. */
export function OnboardingCasePage() {
  const { id = '' } = useParams()
  const user = useCurrentUser()
  const q = useCase(id)
  const refresh = useRefreshOnboarding()
  const [completing, setCompleting] = useState(false)
  const [cancelling, setCancelling] = useState(false)
  const [invite, setInvite] = useState<string | null>(null)
  if (q.isPending) return <PageLoader label="Loading case" />
  if (q.isError)
    return q.error instanceof ApiError && q.error.status === 404 ? (
      <NotFoundState what="onboarding case" />
    ) : (
      <ErrorState error={q.error} onRetry={() => void q.refetch()} />
    )
  const c = q.data
  const manage = can(user, 'onboarding:manage')
  const open = c.status === 'requested' || c.status === 'in_progress'
  const ready = c.checklist.every((i) => i.automatic || i.done)
  const patch = async (body: { ownerId?: string | null; dueDate?: string; status?: 'in_progress' | 'cancelled'; reason?: string }) => {
    try {
      unwrap(await api.PATCH('/api/onboarding/cases/{id}', { params: { path: { id } }, body }))
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(e) })
    }
    await refresh()
  }
  return (
    <>
      <PageHeader
        title={c.legalName}
        description={
          <Group gap="xs">
            <Badge color={caseStatusColors[c.status]} variant="light" tt="none" data-testid="case-status">
              {caseStatusLabels[c.status]}
            </Badge>
            <Text size="sm" c="dimmed">
              Onboarding · {pathLabel(c)}
            </Text>
          </Group>
        }
        actions={
          manage &&
          open && (
            <>
              <Button variant="light" color="red" onClick={() => setCancelling(true)}>
                Cancel case
              </Button>
              <Button onClick={() => setCompleting(true)} disabled={!ready} title={ready ? undefined : 'Finish the checklist first'}>
                Complete onboarding
              </Button>
            </>
          )
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            {c.status === 'completed' && <Outcome c={c} />}
            <Details c={c} manage={manage && open} onPatch={patch} />
            <Checklist c={c} manage={manage && open} />
            <Comments c={c} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <Text fw={600} mb="sm">
              History
            </Text>
            <Timeline bulletSize={12} lineWidth={2} aria-label="Case history">
              {c.history.map((h) => (
                <Timeline.Item
                  key={h.id}
                  title={
                    h.action === 'update' && h.detail?.status === 'cancelled' && h.detail.reason
                      ? 'Cancelled'
                      : (actionLabels[h.action] ?? h.action)
                  }
                >
                  <Text size="xs" c="dimmed">
                    {formatDateTime(h.at)} · {h.actor}
                  </Text>
                  {h.action === 'notify' && h.detail && (
                    <Text size="xs">
                      {String(h.detail.subject)} → {(h.detail.to as string[]).join(', ')}
                    </Text>
                  )}
                  {(h.action === 'check' || h.action === 'uncheck') && h.detail && <Text size="xs">{String(h.detail.label)}</Text>}
                  {h.action === 'update' && typeof h.detail?.reason === 'string' && <Text size="xs">Reason: {h.detail.reason}</Text>}
                </Timeline.Item>
              ))}
            </Timeline>
          </Card>
        </Grid.Col>
      </Grid>
      <ConfirmModal
        opened={cancelling}
        title="Cancel this onboarding case?"
        message={`The case for ${c.legalName} ends and cannot be reopened; the requester is told. A new request starts a new case.`}
        confirmLabel="Cancel case"
        reason={{ label: 'Reason', required: true, description: 'Kept in the case history' }}
        onConfirm={async (reason) => {
          unwrap(await api.PATCH('/api/onboarding/cases/{id}', { params: { path: { id } }, body: { status: 'cancelled', reason } }))
          await refresh()
        }}
        onClose={() => setCancelling(false)}
      />
      <Modal opened={completing} onClose={() => setCompleting(false)} title="Complete onboarding" size="lg">
        {completing && (
          <CompleteForm
            c={c}
            onDone={() => {
              setCompleting(false)
              setInvite(c.contactEmail)
            }}
            onClose={() => setCompleting(false)}
          />
        )}
      </Modal>
      <InviteLinkModal email={invite} onClose={() => setInvite(null)} />
    </>
  )
}

function Outcome({ c }: { c: CaseDetail }) {
  return (
    <Alert color="green" variant="light" title="Onboarding complete">
      <Group gap="lg">
        {c.partnerId && (
          <Anchor component={Link} to={`/partners/${c.partnerId}`}>
            Open the partner
          </Anchor>
        )}
        {c.agreementId && (
          <Anchor component={Link} to={`/agreements/${c.agreementId}`}>
            Open its agreement
          </Anchor>
        )}
        <Text size="sm">Partner admin invited: {c.contactEmail}</Text>
      </Group>
    </Alert>
  )
}

function Details({
  c,
  manage,
  onPatch,
}: {
  c: CaseDetail
  manage: boolean
  onPatch: (b: { ownerId?: string | null; dueDate?: string }) => Promise<void>
}) {
  const gpa = useGpaUsers(manage)
  const [due, setDue] = useState(c.dueDate)
  const row = (label: string, value: ReactNode) => (
    <Table.Tr>
      <Table.Th w={170}>{label}</Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  )
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Request
      </Text>
      <Table aria-label="Case details">
        <Table.Tbody>
          {row(
            'Company',
            <>
              {c.legalName}
              {c.website ? ` · ${c.website}` : ''} · {countryName(c.headquartersCountry)}
            </>,
          )}
          {row('Contact', `${c.contactName} <${c.contactEmail}>`)}
          {c.dealReference && row('Deal', c.dealReference)}
          {c.sponsor && row('Sponsor', c.sponsor.name)}
          {row('Requested by', c.requestedBy?.name ?? '—')}
          {row(
            'Owner (GPA)',
            manage ? (
              <Select
                aria-label="Owner"
                placeholder="Assign a GPA owner"
                size="xs"
                clearable
                data={(gpa.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                value={c.owner?.id ?? null}
                onChange={(ownerId) => void onPatch({ ownerId })}
              />
            ) : (
              (c.owner?.name ?? 'Unassigned')
            ),
          )}
          {row(
            'Due',
            manage ? (
              <Group gap="xs">
                <TextInput aria-label="Due date" size="xs" type="date" value={due} onChange={(e) => setDue(e.currentTarget.value)} />
                {due !== c.dueDate && (
                  <Button size="xs" onClick={() => void onPatch({ dueDate: due })}>
                    Save
                  </Button>
                )}
              </Group>
            ) : (
              <Text size="sm" c={c.overdue ? 'red' : undefined}>
                {formatDate(c.dueDate)}
                {c.overdue ? ' (overdue)' : ''}
              </Text>
            ),
          )}
          {c.notes && row('Notes', c.notes)}
        </Table.Tbody>
      </Table>
    </Card>
  )
}

function Checklist({ c, manage }: { c: CaseDetail; manage: boolean }) {
  const refresh = useRefreshOnboarding()
  const toggle = async (key: string, done: boolean) => {
    try {
      unwrap(await api.PUT('/api/onboarding/cases/{id}/checklist/{key}', { params: { path: { id: c.id, key } }, body: { done } }))
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(e) })
    }
    await refresh()
  }
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Checklist
      </Text>
      <Stack gap="xs" role="group" aria-label="Checklist">
        {c.checklist.map((i) => (
          <Checkbox
            key={i.key}
            label={i.label}
            checked={i.done}
            disabled={!manage || i.automatic}
            onChange={(e) => void toggle(i.key, e.currentTarget.checked)}
            description={
              i.done
                ? `${i.doneBy ?? 'Done'}${i.doneAt ? ` · ${formatDateTime(i.doneAt)}` : ''}`
                : i.automatic
                  ? 'Done by completing the case'
                  : undefined
            }
          />
        ))}
      </Stack>
    </Card>
  )
}

function Comments({ c }: { c: CaseDetail }) {
  const refresh = useRefreshOnboarding()
  const [body, setBody] = useState('')
  const [error, setError] = useState<string | null>(null)
  const add = async () => {
    setError(null)
    try {
      unwrap(await api.POST('/api/onboarding/cases/{id}/comments', { params: { path: { id: c.id } }, body: { body: body.trim() } }))
      setBody('')
      await refresh()
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Comments
      </Text>
      <Stack gap="xs">
        {c.comments.map((m) => (
          <div key={m.id}>
            <Text size="xs" c="dimmed">
              {m.author} · {formatDateTime(m.createdAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {m.body}
            </Text>
          </div>
        ))}
        <Textarea
          aria-label="New comment"
          placeholder="Write a comment"
          autosize
          minRows={2}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={error}
        />
        <Group justify="flex-end">
          <Button size="xs" onClick={() => void add()} disabled={!body.trim()}>
            Comment
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}

function CompleteForm({ c, onDone, onClose }: { c: CaseDetail; onDone: () => void; onClose: () => void }) {
  const refresh = useRefreshOnboarding()
  const today = todayOf(new Date())
  const [effectiveDate, setEffectiveDate] = useState(today)
  const [expiryDate, setExpiryDate] = useState(`${Number(today.slice(0, 4)) + 3}${today.slice(4)}`)
  const [countries, setCountries] = useState<string[]>([c.headquartersCountry])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const complete = async () => {
    setBusy(true)
    setErrors({})
    setError(null)
    try {
      unwrap(
        await api.POST('/api/onboarding/cases/{id}/complete', {
          params: { path: { id: c.id } },
          body: { effectiveDate, countries, ...(expiryDate ? { expiryDate } : {}) },
        }),
      )
      notifications.show({ color: 'green', title: 'Onboarding complete', message: `${c.legalName} is a partner` })
      await refresh()
      onDone()
    } catch (e) {
      const { byField, other } = fieldErrors(e, ['effectiveDate', 'expiryDate', 'countries'])
      setErrors(byField)
      if (other.length || !Object.keys(byField).length) setError(other.join('; ') || errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Stack>
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      <Text size="sm">
        {c.partnerId ? `Activates ${c.legalName}` : `Creates ${c.legalName} as an active partner`}, sends its first{' '}
        {c.agreementType === 'potc' ? 'POTC (the version in force, non-modifiable)' : 'reseller agreement'} out for signature and invites{' '}
        {c.contactName} ({c.contactEmail}) as its partner admin.
      </Text>
      <Group grow>
        <TextInput
          label="Agreement effective date"
          type="date"
          value={effectiveDate}
          onChange={(e) => setEffectiveDate(e.currentTarget.value)}
          error={errors.effectiveDate}
        />
        <TextInput
          label="Agreement expiry date"
          type="date"
          value={expiryDate}
          onChange={(e) => setExpiryDate(e.currentTarget.value)}
          error={errors.expiryDate}
        />
      </Group>
      <MultiSelect
        label="Countries covered"
        searchable
        data={countryOptions}
        value={countries}
        onChange={setCountries}
        error={errors.countries}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={() => void complete()} loading={busy}>
          Complete and invite
        </Button>
      </Group>
    </Stack>
  )
}
