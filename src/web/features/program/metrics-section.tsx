import { Alert, Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { PageLoader } from '../../components/page-states.tsx'
import { api, errorMessage, unwrap } from '../../lib/api.ts'
import { formatDateTime } from '../../lib/format.ts'
import { MetricsImportModal } from './metrics-import-modal.tsx'
import { moneyLabels, MetricsModal } from './metrics-modal.tsx'
import { formatUsdShort, type QuarterMetrics } from './program.model.ts'
import { useQuarterMetrics, useRefreshPartnerProgram } from './program.queries.ts'
import { ActionsHeader } from '../../components/actions-header.tsx'
import { usePartnerPipeline } from '../deals/index.ts'

type Props = {
  partnerId: string
  partnerName: string
  year: number
  defaultCategories: string[]
  /** A partner's own user: submits, may not change a confirmed quarter. */
  external: boolean
  canSubmit: boolean
  canConfirm: boolean
}

const quarters = [1, 2, 3, 4]
type Row = { label: string; show: (m: QuarterMetrics) => string; pipeline?: true }
const rows: Row[] = [
  { label: moneyLabels.revenue.label, show: (m) => formatUsdShort(m.revenue.amount) },
  { label: 'Active customers', show: (m) => String(m.activeCustomers) },
  { label: moneyLabels.pipeline.label, show: (m) => formatUsdShort(m.pipeline.amount), pipeline: true },
  { label: moneyLabels.jointInvestments.label, show: (m) => formatUsdShort(m.jointInvestments.amount) },
  { label: moneyLabels.rebates.label, show: (m) => formatUsdShort(m.rebates.amount) },
  { label: moneyLabels.marketingFunding.label, show: (m) => formatUsdShort(m.marketingFunding.amount) },
  { label: moneyLabels.fundedResourcesAmount.label, show: (m) => formatUsdShort(m.fundedResourcesAmount.amount) },
  { label: 'Funded FTEs', show: (m) => String(m.fundedResourcesFtes) },
  { label: 'Executive sponsor', show: (m) => (m.executiveSponsor ? 'Yes' : 'No') },
  { label: 'Solution categories', show: (m) => (m.gtmCategories.length ? m.gtmCategories.join(', ') : '—') },
]

/** The year's four quarters: what was reported, by whom it stands (submitted / confirmed), enter, edit, confirm. */
export function MetricsSection({ partnerId, partnerName, year, defaultCategories, external, canSubmit, canConfirm }: Props) {
  const metrics = useQuarterMetrics(partnerId, year)
  const refresh = useRefreshPartnerProgram(partnerId)
  const [editing, setEditing] = useState<number | null>(null)
  const [confirming, setConfirming] = useState<number | null>(null)
  const [importing, setImporting] = useState(false)
  const byQuarter = new Map((metrics.data ?? []).map((m) => [m.quarter, m]))
  // Quarter-end snapshots of the registered deals count as the quarter's pipeline, over the reported figure.
  const registered = usePartnerPipeline(partnerId, year)
  const fromDeals = new Map(
    (registered.data?.quarters ?? []).flatMap((q) => (q.snapshot ? [[q.quarter, q.snapshot.amount.amount] as const] : [])),
  )

  const confirm = async (quarter: number) => {
    setConfirming(quarter)
    try {
      unwrap(await api.POST('/api/partners/{id}/metrics/{year}/{quarter}/confirm', { params: { path: { id: partnerId, year, quarter } } }))
      notifications.show({ color: 'green', message: `${year} Q${quarter} confirmed` })
      await refresh()
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not confirmed', message: errorMessage(e) })
    } finally {
      setConfirming(null)
    }
  }

  return (
    <Card withBorder>
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h4">
          Metrics {year}
        </Title>
        {canSubmit && (
          <Button size="xs" variant="default" onClick={() => setImporting(true)}>
            Import from file
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        Quarterly figures in US dollars. Over the year, flows are summed; customers, FTEs, sponsor and categories are the latest
        quarter&apos;s; the pipeline is averaged, and once a quarter has ended, its pipeline from registered deals counts over the reported
        figure.
      </Text>
      {metrics.isPending ? (
        <PageLoader label="Loading metrics" />
      ) : metrics.isError ? (
        <Alert color="red">{errorMessage(metrics.error)}</Alert>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="Quarterly metrics" striped verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <ActionsHeader />
                {quarters.map((q) => (
                  <Table.Th key={q}>Q{q}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td fw={500}>Status</Table.Td>
                {quarters.map((q) => {
                  const m = byQuarter.get(q)
                  return (
                    <Table.Td key={q}>
                      {!m ? (
                        <Text size="sm" c="dimmed">
                          Not reported
                        </Text>
                      ) : m.status === 'submitted' ? (
                        <Badge color="yellow" variant="light" title={`Submitted ${formatDateTime(m.updatedAt)}`}>
                          Submitted
                        </Badge>
                      ) : (
                        <Badge
                          color="green"
                          variant="light"
                          title={m.confirmedAt ? `Confirmed ${formatDateTime(m.confirmedAt)}` : undefined}
                        >
                          Confirmed
                        </Badge>
                      )}
                    </Table.Td>
                  )
                })}
              </Table.Tr>
              {rows.map((r) => (
                <Table.Tr key={r.label}>
                  <Table.Td fw={500}>{r.label}</Table.Td>
                  {quarters.map((q) => {
                    const m = byQuarter.get(q)
                    const deals = r.pipeline ? fromDeals.get(q) : undefined
                    return (
                      <Table.Td key={q} maw={220}>
                        {deals === undefined ? (
                          <Text size="sm">{m ? r.show(m) : '—'}</Text>
                        ) : (
                          <>
                            <Text size="sm">{formatUsdShort(deals)}</Text>
                            <Text size="xs" c="dimmed">
                              from registered deals{m ? ` (reported ${r.show(m)})` : ''}
                            </Text>
                          </>
                        )}
                      </Table.Td>
                    )
                  })}
                </Table.Tr>
              ))}
              {(canSubmit || canConfirm) && (
                <Table.Tr>
                  <Table.Td />
                  {quarters.map((q) => {
                    const m = byQuarter.get(q)
                    const locked = external && m?.status === 'confirmed'
                    return (
                      <Table.Td key={q}>
                        <Group gap={4}>
                          {canSubmit && !locked && (
                            <Button
                              size="compact-xs"
                              variant="light"
                              onClick={() => setEditing(q)}
                              aria-label={`${m ? 'Edit' : 'Enter'} Q${q}`}
                            >
                              {m ? 'Edit' : external ? 'Submit' : 'Enter'}
                            </Button>
                          )}
                          {canConfirm && m?.status === 'submitted' && (
                            <Button
                              size="compact-xs"
                              color="green"
                              loading={confirming === q}
                              onClick={() => void confirm(q)}
                              aria-label={`Confirm Q${q}`}
                            >
                              Confirm
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    )
                  })}
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <MetricsImportModal opened={importing} onClose={() => setImporting(false)} year={year} examplePartner={partnerName} />
      <MetricsModal
        partnerId={partnerId}
        year={year}
        quarter={editing}
        existing={editing ? byQuarter.get(editing) : undefined}
        defaultCategories={defaultCategories}
        external={external}
        onClose={() => setEditing(null)}
        onSaved={async (m) => {
          setEditing(null)
          notifications.show({
            color: 'green',
            message: `${m.year} Q${m.quarter} ${m.status === 'submitted' ? 'submitted for confirmation' : 'saved'}`,
          })
          await refresh()
        }}
      />
    </Card>
  )
}
