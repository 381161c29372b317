import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { Link, Navigate, useNavigate } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, errorMessage, unwrap, type Schemas } from '../../lib/api.ts'
import { countryOptions } from '../../lib/countries.ts'
import { fieldErrors } from '../../lib/form-errors.ts'
import { formatDate } from '../../lib/format.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { caseStatusColors, caseStatusLabels, pathLabel, type CaseStatus } from './onboarding.model.ts'
import { useCases, useRefreshOnboarding } from './onboarding.queries.ts'

/** Onboarding cases: GPA sees all, requesters their own; open ones first by due date. */
export function OnboardingPage() {
  const user = useCurrentUser()
  const [status, setStatus] = useState<CaseStatus | null>(null)
  const [mine, setMine] = useState(false)
  const [requesting, setRequesting] = useState(false)
  const list = useCases({ status, mine })
  if (user.partnerId || !(can(user, 'onboarding:read') || can(user, 'onboarding:request'))) return <Navigate to="/" replace />
  const seesAll = can(user, 'onboarding:read')
  return (
    <>
      <PageHeader
        title="Onboarding"
        description={
          seesAll
            ? 'Every onboarding case, deal-driven and sponsor-driven.'
            : 'The onboarding you requested or sponsor, and where it stands.'
        }
        actions={can(user, 'onboarding:request') && <Button onClick={() => setRequesting(true)}>Request onboarding</Button>}
      />
      <Group mb="md" align="flex-end">
        <Select
          label="Status"
          clearable
          placeholder="Any"
          data={Object.entries(caseStatusLabels).map(([value, label]) => ({ value, label }))}
          value={status}
          onChange={(v) => setStatus(v as CaseStatus | null)}
        />
        {seesAll && <Switch label="Mine only" checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />}
      </Group>
      {list.isPending ? (
        <PageLoader label="Loading cases" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title="No onboarding case">No case matches.</EmptyState>
      ) : (
        <Card withBorder>
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Onboarding cases" striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Company</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Requested by</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th>Checklist</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/onboarding/${c.id}`} fw={600}>
                        {c.legalName}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {pathLabel(c)}
                        {c.dealReference ? ` · deal ${c.dealReference}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={caseStatusColors[c.status]} variant="light" tt="none">
                        {caseStatusLabels[c.status]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {c.owner?.name ?? (
                        <Text size="sm" c="dimmed">
                          Unassigned
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.requestedBy?.name ?? '—'}
                      {c.sponsor && c.sponsor.id !== c.requestedBy?.id ? (
                        <Text size="xs" c="dimmed">
                          Sponsor: {c.sponsor.name}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={c.overdue ? 'red' : undefined}>
                        {formatDate(c.dueDate)}
                        {c.overdue ? ' (overdue)' : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {c.checklist.filter((i) => i.done).length}/{c.checklist.length}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <Modal opened={requesting} onClose={() => setRequesting(false)} title="Request onboarding" size="lg">
        {requesting && <RequestForm onClose={() => setRequesting(false)} />}
      </Modal>
    </>
  )
}

const fields = [
  'path',
  'agreementType',
  'legalName',
  'website',
  'headquartersCountry',
  'partnerType',
  'contactName',
  'contactEmail',
  'dealReference',
  'sponsorId',
  'notes',
  'dueDate',
] as const

function RequestForm({ onClose }: { onClose: () => void }) {
  const user = useCurrentUser()
  const navigate = useNavigate()
  const refresh = useRefreshOnboarding()
  const [path, setPath] = useState<'deal' | 'sponsor'>(user.role === 'solutions' || user.role === 'alliances' ? 'sponsor' : 'deal')
  const [v, setV] = useState({
    agreementType: 'potc',
    legalName: '',
    website: '',
    headquartersCountry: null as string | null,
    partnerType: 'oem',
    contactName: '',
    contactEmail: '',
    dealReference: '',
    notes: '',
  })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (k: keyof typeof v) => (value: string | null) => setV((s) => ({ ...s, [k]: value ?? '' }))
  const submit = async () => {
    setBusy(true)
    setErrors({})
    setError(null)
    try {
      const body = {
        path,
        agreementType: v.agreementType as 'potc' | 'reseller',
        legalName: v.legalName.trim(),
        headquartersCountry: v.headquartersCountry ?? '',
        partnerType: v.partnerType as Schemas['PartnerType'],
        contactName: v.contactName.trim(),
        contactEmail: v.contactEmail.trim(),
        ...(v.website.trim() ? { website: v.website.trim() } : {}),
        ...(path === 'deal' ? { dealReference: v.dealReference.trim() } : {}),
        ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
      }
      const created = unwrap(await api.POST('/api/onboarding/cases', { body }))
      notifications.show({ color: 'green', message: `Onboarding of ${created.legalName} requested` })
      await refresh()
      onClose()
      void navigate(`/onboarding/${created.id}`)
    } catch (e) {
      const { byField, other } = fieldErrors(e, fields)
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
      <SegmentedControl
        aria-label="Path"
        value={path}
        onChange={(p) => setPath(p as 'deal' | 'sponsor')}
        data={[
          { value: 'deal', label: 'Deal-driven (sales)' },
          { value: 'sponsor', label: 'Sponsor-driven (Solutions/GTM)' },
        ]}
      />
      <Select
        label="Agreement"
        allowDeselect={false}
        value={v.agreementType}
        onChange={set('agreementType')}
        error={errors.agreementType}
        data={[
          { value: 'potc', label: 'POTC: non-modifiable resale terms (quickest)' },
          { value: 'reseller', label: 'Reseller agreement (OEM-specific)' },
        ]}
      />
      {path === 'deal' && (
        <TextInput
          label="Deal"
          placeholder="Deal or opportunity reference"
          value={v.dealReference}
          onChange={(e) => set('dealReference')(e.currentTarget.value)}
          error={errors.dealReference}
        />
      )}
      <TextInput
        label="Company legal name"
        value={v.legalName}
        onChange={(e) => set('legalName')(e.currentTarget.value)}
        error={errors.legalName}
      />
      <Group grow>
        <TextInput
          label="Website"
          placeholder="https://…"
          value={v.website}
          onChange={(e) => set('website')(e.currentTarget.value)}
          error={errors.website}
        />
        <Select
          label="Headquarters country"
          searchable
          data={countryOptions}
          value={v.headquartersCountry}
          onChange={(c) => setV((s) => ({ ...s, headquartersCountry: c }))}
          error={errors.headquartersCountry}
        />
        <Select
          label="Partner type"
          allowDeselect={false}
          value={v.partnerType}
          onChange={set('partnerType')}
          error={errors.partnerType}
          data={[
            { value: 'oem', label: 'OEM / technology' },
            { value: 'service', label: 'Service partner' },
            { value: 'both', label: 'Both' },
          ]}
        />
      </Group>
      <Group grow>
        <TextInput
          label="Contact name"
          description="Invited as the first partner admin"
          value={v.contactName}
          onChange={(e) => set('contactName')(e.currentTarget.value)}
          error={errors.contactName}
        />
        <TextInput
          label="Contact email"
          value={v.contactEmail}
          onChange={(e) => set('contactEmail')(e.currentTarget.value)}
          error={errors.contactEmail}
        />
      </Group>
      {errors.sponsorId && (
        <Alert color="red" variant="light">
          {errors.sponsorId}
        </Alert>
      )}
      <Textarea
        label="Notes"
        autosize
        minRows={2}
        value={v.notes}
        onChange={(e) => set('notes')(e.currentTarget.value)}
        error={errors.notes}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={() => void submit()} loading={busy}>
          Request onboarding
        </Button>
      </Group>
    </Stack>
  )
}
