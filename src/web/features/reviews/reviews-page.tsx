import { Badge, Button, Card, Group, Modal, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core'
import { FormError } from '../../components/form-error.tsx'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { Link, Navigate, useNavigate } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, unwrap } from '../../lib/api.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import { formatDateTime } from '../../lib/format.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { PartnersPicker } from '../../components/partner-picker.tsx'
import { kindLabels, movementColors, movementLabels, movementOrder, type ReviewCycle } from './reviews.model.ts'
import { useRefreshReviews, useReviewCycles } from './reviews.queries.ts'
import { ActionsHeader } from '../../components/actions-header.tsx'
import { ruleLabels, type Rule, useProgramYears, yearInForce } from '../program/index.ts'

/** Review cycles: annual or ad hoc, what each recommends, how far its decisions are; start a new one. */
export function ReviewsPage() {
  const user = useCurrentUser()
  const cycles = useReviewCycles()
  const [starting, setStarting] = useState(false)
  if (user.partnerId) return <Navigate to="/" replace />
  if (cycles.isPending) return <PageLoader label="Loading reviews" />
  if (cycles.isError) return <ErrorState error={cycles.error} onRetry={() => void cycles.refetch()} />
  const canStart = can(user, 'reviews:manage')
  return (
    <>
      <PageHeader
        title="Tier reviews"
        description="Each cycle evaluates the partners in scope and recommends a tier; Sales and Alliances approve every decision."
        actions={canStart && <Button onClick={() => setStarting(true)}>Start a review</Button>}
      />
      {cycles.data.length === 0 ? (
        <EmptyState title="No review yet">
          {canStart ? 'Start the annual review, or an ad hoc one for chosen partners.' : 'No review cycle has been started.'}
        </EmptyState>
      ) : (
        <Card withBorder>
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Review cycles" striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th miw={140}>Cycle</Table.Th>
                  <Table.Th miw={100}>Status</Table.Th>
                  <Table.Th>Recommendations</Table.Th>
                  <Table.Th>Decisions</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <ActionsHeader />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cycles.data.map((c) => (
                  <CycleRow key={c.id} cycle={c} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <Modal opened={starting} onClose={() => setStarting(false)} title="Start a review" size="lg">
        {starting && <StartForm onClose={() => setStarting(false)} />}
      </Modal>
    </>
  )
}

function CycleRow({ cycle: c }: { cycle: ReviewCycle }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600} component={Link} to={`/reviews/${c.id}`}>
          {kindLabels[c.kind]} {c.year}
        </Text>
        <Text size="xs" c="dimmed">
          {ruleLabels[c.rule]} rule{c.partnerIds ? ` · ${c.partnerIds.length} partner${c.partnerIds.length === 1 ? '' : 's'}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={c.status === 'open' ? 'blue' : 'gray'} variant="light">
          {c.status === 'open' ? 'Open' : 'Closed'}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {movementOrder
            .filter((m) => c.counts[m] > 0)
            .map((m) => (
              <Badge key={m} color={movementColors[m]} variant="light" tt="none">
                {movementLabels[m]} {c.counts[m]}
              </Badge>
            ))}
          <Text size="xs" c="dimmed">
            of {c.counts.total}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {c.decisions.pending} awaiting approval · {c.decisions.approved} approved · {c.decisions.applied} applied
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(c.createdAt)}</Text>
      </Table.Td>
      <Table.Td>
        <Button size="xs" variant="light" component={Link} to={`/reviews/${c.id}`}>
          Open board
        </Button>
      </Table.Td>
    </Table.Tr>
  )
}

function StartForm({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate()
  const refresh = useRefreshReviews()
  const years = useProgramYears()
  const form = useContractForm({
    initialValues: {
      year: null as string | null,
      kind: 'annual' as ReviewCycle['kind'],
      rule: 'holistic' as Rule,
      partnerIds: [] as string[],
    },
    schema: (c) => c.StartReviewInput,
    toBody: (v) => ({
      year: Number(v.year ?? (years.data ? yearInForce(years.data) : undefined)),
      kind: v.kind,
      rule: v.rule,
      ...(v.kind === 'ad_hoc' ? { partnerIds: v.partnerIds } : {}),
    }),
    onSubmit: async (body) => {
      const run = unwrap(await api.POST('/api/reviews', { body }))
      notifications.show({
        color: 'green',
        title: 'Review started',
        message: `${run.evaluated} partner${run.evaluated === 1 ? '' : 's'} evaluated`,
      })
      await refresh()
      onClose()
      void navigate(`/reviews/${run.id}`)
    },
  })
  const { kind, year } = form.getValues()
  const chosenYear = year ?? (years.data ? String(yearInForce(years.data) ?? '') : null)

  return (
    <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="Start a review">
      <Stack>
        <FormError error={form.message} />
        <SegmentedControl
          aria-label="Kind of review"
          data={[
            { value: 'annual', label: 'Annual: every partner' },
            { value: 'ad_hoc', label: 'Ad hoc: chosen partners' },
          ]}
          {...form.getInputProps('kind')}
        />
        <Group grow>
          <Select
            label="Program year"
            required
            data={(years.data ?? []).map((y) => ({ value: String(y.year), label: `${y.year} (${y.status})` }))}
            allowDeselect={false}
            {...form.getInputProps('year')}
            value={chosenYear}
          />
          <Select
            label="Rule"
            data={(['holistic', 'strict'] as const).map((r) => ({ value: r, label: ruleLabels[r] }))}
            allowDeselect={false}
            {...form.getInputProps('rule')}
          />
        </Group>
        {kind === 'ad_hoc' && (
          <PartnersPicker
            value={form.getValues().partnerIds}
            onChange={(ids) => form.setFieldValue('partnerIds', ids)}
            error={form.errors.partnerIds as string | undefined}
          />
        )}
        <Text size="sm" c="dimmed">
          {kind === 'annual'
            ? 'Evaluates every active, onboarding and suspended partner from its metrics for the year and records a recommendation for each.'
            : 'Evaluates the chosen partners only, for a change in performance or in the market.'}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={form.busy} disabled={!chosenYear}>
            Start review
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
