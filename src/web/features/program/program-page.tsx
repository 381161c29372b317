import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Navigate, useSearchParams } from 'react-router'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, errorMessage, unwrap } from '../../lib/api.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { BenefitModal } from './benefit-modal.tsx'
import { CriterionModal } from './criterion-modal.tsx'
import { MetricsImportModal } from './metrics-import-modal.tsx'
import {
  categoryLabels,
  categoryOrder,
  formatThreshold,
  groupLabels,
  groupOrder,
  levelColors,
  type Benefit,
  type Criterion,
  type ProgramYear,
} from './program.model.ts'
import { programKeys, useProgramYear, useProgramYears, yearInForce } from './program.queries.ts'
import { ActionsHeader } from '../../components/actions-header.tsx'
import { tierLabels, tierOrder } from '../../lib/tiers.ts'

const statusColors = { draft: 'yellow', active: 'green', locked: 'gray' } as const

/** The program guidelines: a year's criteria and benefits matrix; administrators copy years and edit thresholds. */
export function ProgramPage() {
  const user = useCurrentUser()
  const [params, setParams] = useSearchParams()
  const years = useProgramYears()
  const chosen = params.get('year') ? Number(params.get('year')) : null
  const year = chosen ?? (years.data ? yearInForce(years.data) : null)
  const data = useProgramYear(year)
  const [importing, setImporting] = useState(false)
  if (user.partnerId) return <Navigate to="/" replace />
  if (years.isPending || (year !== null && data.isPending)) return <PageLoader label="Loading the program" />
  if (years.isError) return <ErrorState error={years.error} onRetry={() => void years.refetch()} />
  if (data.isError) return <ErrorState error={data.error} onRetry={() => void data.refetch()} />
  const py = data.data
  return (
    <>
      <PageHeader
        title="Program"
        description="Tier guidelines and benefits by tier, versioned by program year."
        actions={
          <>
            {can(user, 'metrics:confirm') && (
              <Button variant="default" onClick={() => setImporting(true)}>
                Import metrics
              </Button>
            )}
            <Select
              aria-label="Program year"
              w={140}
              data={(years.data ?? []).map((y) => ({ value: String(y.year), label: `${y.year} (${y.status})` }))}
              value={year ? String(year) : null}
              onChange={(v) => v && setParams({ year: v })}
              allowDeselect={false}
            />
          </>
        }
      />
      <MetricsImportModal
        opened={importing}
        onClose={() => setImporting(false)}
        year={year ?? new Date().getFullYear()}
        examplePartner="ACME Corporation Inc."
      />
      {py ? (
        <YearView py={py} isAdmin={can(user, 'program:manage')} onYear={(y) => setParams({ year: String(y) })} />
      ) : (
        <Text>No program year yet.</Text>
      )}
    </>
  )
}

function YearView({ py, isAdmin, onYear }: { py: ProgramYear; isAdmin: boolean; onYear: (y: number) => void }) {
  const qc = useQueryClient()
  const [editing, setEditing] = useState<Criterion | null>(null)
  const [editingBenefit, setEditingBenefit] = useState<Benefit | null>(null)
  const [copying, setCopying] = useState(false)
  const [activating, setActivating] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const editable = isAdmin && py.status !== 'locked'
  const refresh = () => qc.invalidateQueries({ queryKey: programKeys.all })

  const copy = async () => {
    setError(null)
    try {
      const created = unwrap(await api.POST('/api/program/years/{year}/copy', { params: { path: { year: py.year } } }))
      notifications.show({ color: 'green', message: `${created.year} created as a draft from ${py.year}` })
      await refresh()
      onYear(created.year)
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  const activate = async () => {
    setError(null)
    try {
      unwrap(await api.PATCH('/api/program/years/{year}', { params: { path: { year: py.year } }, body: { status: 'active' } }))
      notifications.show({ color: 'green', message: `${py.year} is active` })
      await refresh()
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <Stack>
      <Card withBorder>
        <Group justify="space-between" wrap="wrap">
          <Group gap="lg">
            <Title order={2} size="h3">
              {py.year}
            </Title>
            <Badge color={statusColors[py.status]} variant="light">
              {py.status}
            </Badge>
            <Text size="sm" c="dimmed">
              Holistic rule: must pass{' '}
              {py.rule.mustPass.map((k) => py.criteria.find((c) => c.key === k)?.label ?? k).join(', ') || 'nothing'}; in each category at
              least {Math.round(py.rule.categoryRatio * 100)} % of the applicable criteria.
            </Text>
          </Group>
          {isAdmin && (
            <Group gap="xs">
              {py.status === 'draft' && (
                <Button variant="light" color="green" onClick={() => setActivating(true)}>
                  Activate {py.year}
                </Button>
              )}
              <Button variant="light" onClick={() => setCopying(true)}>
                Copy to {py.year + 1}
              </Button>
            </Group>
          )}
        </Group>
        {py.status === 'locked' && (
          <Text size="sm" c="dimmed" mt="xs">
            Locked: a finished review used this year, so it is read-only. Copy it to change the guidelines.
          </Text>
        )}
        {error && (
          <Alert color="red" variant="light" mt="sm" role="alert">
            {error}
          </Alert>
        )}
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Tier guidelines
        </Title>
        <Table.ScrollContainer minWidth={820}>
          <Table aria-label="Tier guidelines" striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Criterion</Table.Th>
                <Table.Th>Category</Table.Th>
                {tierOrder.map((t) => (
                  <Table.Th key={t}>{tierLabels[t]}</Table.Th>
                ))}
                {editable && <ActionsHeader />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {categoryOrder.flatMap((cat) =>
                py.criteria
                  .filter((c) => c.category === cat)
                  .map((c) => (
                    <Table.Tr key={c.key}>
                      <Table.Td fw={500} maw={320}>
                        {c.label}
                      </Table.Td>
                      <Table.Td>{categoryLabels[c.category]}</Table.Td>
                      {tierOrder.map((t) => {
                        const cell = c.byTier[t]
                        return (
                          <Table.Td key={t} title={cell.text}>
                            {formatThreshold(cell.threshold, c.unit)}
                            {cell.typical ? ` – ${formatThreshold(cell.typical, c.unit)}` : ''}
                          </Table.Td>
                        )
                      })}
                      {editable && (
                        <Table.Td>
                          <Button size="compact-xs" variant="subtle" onClick={() => setEditing(c)} aria-label={`Edit ${c.label}`}>
                            Edit
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  )),
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Benefits by tier
        </Title>
        <Table.ScrollContainer minWidth={820}>
          <Table aria-label="Benefits matrix" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Benefit</Table.Th>
                {tierOrder.map((t) => (
                  <Table.Th key={t}>{tierLabels[t]}</Table.Th>
                ))}
                {editable && <ActionsHeader />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groupOrder.flatMap((g) => [
                <Table.Tr key={g}>
                  <Table.Td colSpan={editable ? 6 : 5} bg="var(--mantine-color-gray-light)">
                    <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                      {groupLabels[g]}
                    </Text>
                  </Table.Td>
                </Table.Tr>,
                ...py.benefits
                  .filter((b) => b.group === g)
                  .map((b) => (
                    <Table.Tr key={b.key}>
                      <Table.Td fw={500}>{b.label}</Table.Td>
                      {tierOrder.map((t) => {
                        const cell = b.byTier[t]
                        return (
                          <Table.Td key={t} title={cell.meaning}>
                            <Text size="sm" fw={500} c={levelColors[cell.level]}>
                              {cell.text}
                            </Text>
                          </Table.Td>
                        )
                      })}
                      {editable && (
                        <Table.Td>
                          <Button size="compact-xs" variant="subtle" onClick={() => setEditingBenefit(b)} aria-label={`Edit ${b.label}`}>
                            Edit
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  )),
              ])}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed" mt="xs">
          Hover a level for what it concretely means.
        </Text>
      </Card>
      <CriterionModal
        year={py.year}
        criterion={editing}
        onClose={() => setEditing(null)}
        onSaved={async () => {
          notifications.show({ color: 'green', message: `${editing?.label ?? 'Criterion'} saved` })
          setEditing(null)
          await refresh()
        }}
      />
      <BenefitModal
        year={py.year}
        benefit={editingBenefit}
        onClose={() => setEditingBenefit(null)}
        onSaved={async () => {
          notifications.show({ color: 'green', message: `${editingBenefit?.label ?? 'Benefit'} saved` })
          setEditingBenefit(null)
          await refresh()
        }}
      />
      <ConfirmModal
        opened={copying}
        title={`Copy ${py.year} to ${py.year + 1}`}
        message={`Create program year ${py.year + 1} as a draft with ${py.year}'s criteria, thresholds and benefits?`}
        confirmLabel="Copy year"
        color="indigo"
        onConfirm={copy}
        onClose={() => setCopying(false)}
      />
      <ConfirmModal
        opened={activating}
        title={`Activate ${py.year}`}
        message={`Make ${py.year} active? The latest active year is the one evaluations and benefits use by default.`}
        confirmLabel="Activate"
        color="green"
        onConfirm={activate}
        onClose={() => setActivating(false)}
      />
    </Stack>
  )
}
