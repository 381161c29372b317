import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { Link, Navigate, useParams } from 'react-router'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { ExportMenu } from '../../components/export-menu.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { ApiError, api, errorMessage, unwrap } from '../../lib/api.ts'
import { formatDate } from '../../lib/format.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { DecisionModal } from './decision-modal.tsx'
import {
  decisionStatusColors,
  decisionStatusLabels,
  kindLabels,
  movementColors,
  movementLabels,
  movementOrder,
  today,
  type Movement,
  type Recommendation,
  type ReviewCycle,
} from './reviews.model.ts'
import { useRecommendations, useRefreshReviews, useReviewCycle } from './reviews.queries.ts'
import { ActionsHeader } from '../../components/actions-header.tsx'
import { tierLabels } from '../../lib/tiers.ts'
import { TierBadge } from '../../components/tier-badge.tsx'
import { ruleLabels } from '../program/index.ts'

/** The review board: every partner in a cycle, filtered by movement; accept recommendations in bulk or decide one by one. */
export function ReviewBoardPage() {
  const { id } = useParams()
  const user = useCurrentUser()
  const cycle = useReviewCycle(id ?? '')
  if (user.partnerId) return <Navigate to="/" replace />
  if (cycle.isPending) return <PageLoader label="Loading the review" />
  if (cycle.isError)
    return cycle.error instanceof ApiError && cycle.error.status < 500 ? (
      <NotFoundState what="review" />
    ) : (
      <ErrorState error={cycle.error} onRetry={() => void cycle.refetch()} />
    )
  return <Board cycle={cycle.data} />
}

function Board({ cycle }: { cycle: ReviewCycle }) {
  const user = useCurrentUser()
  const refresh = useRefreshReviews()
  const [movement, setMovement] = useState<Movement | null>(null)
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 250)
  const recs = useRecommendations(cycle.id, { movement, q })
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [effectiveDate, setEffectiveDate] = useState(today())
  const [deciding, setDeciding] = useState<Recommendation | null>(null)
  const [finishing, setFinishing] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const open = cycle.status === 'open'
  const canDecide = open && can(user, 'reviews:manage')
  const canManage = open && can(user, 'reviews:manage')
  const approverRole = !can(user, 'reviews:approve') ? null : user.role === 'sales' ? 'sales' : 'alliances'
  const items = recs.data?.pages.flatMap((p) => p.items) ?? []
  const undecided = items.filter((r) => !r.decision)

  const run = async (label: string, fn: () => Promise<string>) => {
    setBusy(label)
    setError(null)
    try {
      notifications.show({ color: 'green', message: await fn() })
      setSelected(new Set())
      await refresh()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }
  const accept = (body: { partnerIds: string[] } | { movement: Movement }) =>
    run('accept', async () => {
      const r = unwrap(
        await api.POST('/api/reviews/{id}/recommendations/accept', {
          params: { path: { id: cycle.id } },
          body: { ...body, effectiveDate },
        }),
      )
      return `${r.accepted} recommendation${r.accepted === 1 ? '' : 's'} accepted${r.skipped ? `, ${r.skipped} already decided` : ''}; each decision awaits approval from Sales and Alliances`
    })
  const approve = (rec: Recommendation) =>
    run(`approve-${rec.partnerId}`, async () => {
      unwrap(await api.POST('/api/reviews/decisions/{decisionId}/approve', { params: { path: { decisionId: rec.decision!.id } } }))
      return `Approved for ${rec.legalName}`
    })
  const finish = () =>
    run('finish', async () => {
      unwrap(await api.POST('/api/reviews/{id}/finish', { params: { path: { id: cycle.id } } }))
      return 'Review finished'
    })
  const reevaluate = () =>
    run('evaluate', async () => {
      const r = unwrap(await api.POST('/api/reviews/{id}/evaluate', { params: { path: { id: cycle.id } } }))
      return `${r.evaluated} partner${r.evaluated === 1 ? '' : 's'} evaluated, ${r.changed} recommendation${r.changed === 1 ? '' : 's'} changed`
    })
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  return (
    <>
      <Anchor component={Link} to="/reviews" size="sm" mb="xs" display="inline-block">
        ← All reviews
      </Anchor>
      <PageHeader
        title={`${kindLabels[cycle.kind]} review ${cycle.year}`}
        description={`${ruleLabels[cycle.rule]} rule · ${cycle.counts.total} partners · ${cycle.decisions.pending} awaiting approval, ${cycle.decisions.approved} approved, ${cycle.decisions.applied} applied · ${cycle.status}`}
        actions={
          <Group gap="xs">
            <ExportMenu
              path={`/api/reviews/${cycle.id}/export`}
              params={{ ...(movement ? { movement } : {}), ...(q.trim() ? { q: q.trim() } : {}) }}
            />
            {canManage && (
              <>
                <Button variant="light" loading={busy === 'evaluate'} onClick={() => void reevaluate()}>
                  Re-evaluate
                </Button>
                <Button variant="light" color="gray" onClick={() => setFinishing(true)}>
                  Finish review
                </Button>
              </>
            )}
          </Group>
        }
      />
      <Stack>
        {error && (
          <Alert color="red" variant="light" role="alert" withCloseButton onClose={() => setError(null)}>
            {error}
          </Alert>
        )}
        {cycle.guidelinesChanged && (
          <Alert color="yellow" variant="light" title="The guidelines changed">
            Program year {cycle.year}'s thresholds or rule changed after this review was last evaluated; the explanations below already use
            the new guidelines, the recommended tiers do not.{canManage ? ' Re-evaluate to bring the recommendations up to date.' : ''}
          </Alert>
        )}
        <Group justify="space-between" wrap="wrap">
          <SegmentedControl
            aria-label="Movement"
            value={movement ?? 'all'}
            onChange={(v) => {
              setMovement(v === 'all' ? null : (v as Movement))
              setSelected(new Set())
            }}
            data={[
              { value: 'all', label: `All ${cycle.counts.total}` },
              ...movementOrder.map((m) => ({ value: m, label: `${movementLabels[m]} ${cycle.counts[m]}` })),
            ]}
          />
          <TextInput
            aria-label="Search partners"
            placeholder="Search partners"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={240}
          />
        </Group>
        {canDecide && (
          <Card withBorder py="xs">
            <Group gap="sm" wrap="wrap">
              <TextInput
                aria-label="Effective date"
                type="date"
                size="xs"
                value={effectiveDate}
                onChange={(e) => setEffectiveDate(e.currentTarget.value)}
              />
              <Button
                size="xs"
                disabled={selected.size === 0}
                loading={busy === 'accept'}
                onClick={() => void accept({ partnerIds: [...selected] })}
              >
                Accept selected ({selected.size})
              </Button>
              {movement && (
                <Button
                  size="xs"
                  variant="light"
                  loading={busy === 'accept'}
                  onClick={() => void accept({ movement })}
                  disabled={cycle.counts[movement] === 0}
                >
                  Accept all {movementLabels[movement].toLowerCase()} recommendations
                </Button>
              )}
              <Text size="xs" c="dimmed">
                Accepting records the recommended tier as the decision, effective on the date given.
              </Text>
            </Group>
          </Card>
        )}
        <Card withBorder p={0}>
          {recs.isPending ? (
            <PageLoader label="Loading recommendations" />
          ) : recs.isError ? (
            <ErrorState error={recs.error} onRetry={() => void recs.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState title="No partner here">No recommendation matches these filters.</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={1100}>
              <Table aria-label="Recommendations" verticalSpacing="xs" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    {canDecide && (
                      <Table.Th w={40}>
                        <Checkbox
                          aria-label="Select all undecided"
                          checked={undecided.length > 0 && undecided.every((r) => selected.has(r.partnerId))}
                          indeterminate={selected.size > 0 && !undecided.every((r) => selected.has(r.partnerId))}
                          onChange={(e) => setSelected(e.currentTarget.checked ? new Set(undecided.map((r) => r.partnerId)) : new Set())}
                        />
                      </Table.Th>
                    )}
                    <Table.Th>Partner</Table.Th>
                    <Table.Th miw={120}>Current</Table.Th>
                    <Table.Th miw={215}>Recommended</Table.Th>
                    <Table.Th>Evidence</Table.Th>
                    <Table.Th miw={190}>Decision</Table.Th>
                    <ActionsHeader />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((r) => (
                    <Table.Tr key={r.partnerId}>
                      {canDecide && (
                        <Table.Td>
                          <Checkbox
                            aria-label={`Select ${r.legalName}`}
                            checked={selected.has(r.partnerId)}
                            onChange={() => toggle(r.partnerId)}
                          />
                        </Table.Td>
                      )}
                      <Table.Td>
                        <Anchor component={Link} to={`/partners/${r.partnerId}`} fw={500} size="sm">
                          {r.legalName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <TierBadge tier={r.currentTier} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <TierBadge tier={r.recommendedTier} />
                          <Badge color={movementColors[r.movement]} variant="light" tt="none">
                            {movementLabels[r.movement]}
                          </Badge>
                        </Group>
                      </Table.Td>
                      <Table.Td maw={300}>
                        <Tooltip label={r.summary} multiline w={420} withinPortal>
                          <Text size="xs" lineClamp={2}>
                            {r.gaps.length ? `Next tier: ${r.gaps.join('; ')}` : r.summary}
                          </Text>
                        </Tooltip>
                      </Table.Td>
                      <Table.Td>
                        <DecisionCell rec={r} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          {approverRole &&
                            r.decision?.status === 'pending' &&
                            !r.decision[approverRole === 'sales' ? 'salesApproval' : 'alliancesApproval'] && (
                              <Button
                                size="compact-xs"
                                color="green"
                                loading={busy === `approve-${r.partnerId}`}
                                onClick={() => void approve(r)}
                                aria-label={`Approve ${r.legalName}`}
                              >
                                Approve
                              </Button>
                            )}
                          {canDecide && r.decision?.status !== 'applied' && (
                            <Button size="compact-xs" variant="light" onClick={() => setDeciding(r)} aria-label={`Decide ${r.legalName}`}>
                              {r.decision ? 'Change' : 'Decide'}
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {recs.hasNextPage && (
            <Group justify="center" p="sm">
              <Button variant="subtle" onClick={() => void recs.fetchNextPage()} loading={recs.isFetchingNextPage}>
                Load more
              </Button>
            </Group>
          )}
        </Card>
      </Stack>
      <DecisionModal
        cycleId={cycle.id}
        rec={deciding}
        onClose={() => setDeciding(null)}
        onSaved={async () => {
          notifications.show({
            color: 'green',
            message: `Decision recorded for ${deciding?.legalName ?? 'the partner'}; it awaits approval`,
          })
          setDeciding(null)
          await refresh()
        }}
      />
      <ConfirmModal
        opened={finishing}
        title="Finish review"
        message="Finish this review? Its program year becomes read-only and no further decision can be recorded in it."
        confirmLabel="Finish review"
        color="indigo"
        onConfirm={finish}
        onClose={() => setFinishing(false)}
      />
    </>
  )
}

function DecisionCell({ rec }: { rec: Recommendation }) {
  const d = rec.decision
  if (!d)
    return (
      <Text size="xs" c="dimmed">
        Not decided
      </Text>
    )
  return (
    <Stack gap={2}>
      <Badge color={decisionStatusColors[d.status]} variant="light" tt="none" style={{ flexShrink: 0 }}>
        {decisionStatusLabels[d.status]}
      </Badge>
      <Text size="xs">
        {d.chosenTier ? `${tierLabels[d.chosenTier]} tier` : 'No tier'} from {formatDate(`${d.effectiveDate}T00:00:00`)}
      </Text>
      <Text size="xs" c="dimmed">
        Sales {d.salesApproval ? '✓' : '—'} · Alliances {d.alliancesApproval ? '✓' : '—'}
      </Text>
      {d.justification && (
        <Text size="xs" c="dimmed" lineClamp={1} title={d.justification}>
          “{d.justification}”
        </Text>
      )}
    </Stack>
  )
}
