import { Alert, Card, Group, SegmentedControl, Table, Text } from '@mantine/core'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { useState } from 'react'
import { ExportMenu } from '../../components/export-menu.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, PageLoader } from '../../components/page-states.tsx'
import { ApiError, type Schemas } from '../../lib/api.ts'
import { formatDate } from '../../lib/format.ts'
import { useCurrentUser } from '../../lib/session.ts'
import { formatMoney } from './deals.model.ts'
import { usePipeline } from './deals.queries.ts'

type GroupBy = Schemas['PipelineReport']['groupBy']
const groupLabels: Record<GroupBy, string> = { stage: 'Stage', partner: 'Partner', tier: 'Tier', country: 'Country', quarter: 'Quarter' }
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`)

/** Pipeline by partner, tier, stage, country or quarter: a chart of value, the figures, and exports. */
export function PipelinePage() {
  const user = useCurrentUser()
  const [groupBy, setGroupBy] = useState<GroupBy>('stage')
  const report = usePipeline({ groupBy })
  const groups = (Object.keys(groupLabels) as GroupBy[]).filter((g) => !user.partnerId || g !== 'partner')
  const header = (
    <PageHeader
      title="Pipeline"
      description="Registered deals by group: counts, value, win rate, time to decision and how many reviews met their service level."
      actions={!report.isError && <ExportMenu path="/api/deals/pipeline/export" params={{ groupBy }} />}
    />
  )
  if (report.isPending)
    return (
      <>
        {header}
        <PageLoader label="Loading the pipeline" />
      </>
    )
  if (report.isError)
    return report.error instanceof ApiError && report.error.code === 'BENEFIT_NOT_INCLUDED' ? (
      <>
        {header}
        <Alert color="gray" variant="light">
          Pipeline reporting is not part of your company's tier.
        </Alert>
      </>
    ) : (
      <>
        {header}
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      </>
    )
  const r = report.data
  const chart = r.rows.map((x) => ({ name: x.label, value: Number(x.value.amount), count: x.count }))
  return (
    <>
      {header}
      <Group mb="md" justify="space-between">
        <SegmentedControl
          aria-label="Group by"
          value={groupBy}
          onChange={(v) => setGroupBy(v as GroupBy)}
          data={groups.map((g) => ({ value: g, label: groupLabels[g] }))}
        />
        <Text size="sm" c="dimmed">
          {r.mode === 'quarterly'
            ? `Quarterly summary as at ${formatDate(r.asOf)} (your tier's pipeline reporting is Limited)`
            : `Live, as at ${formatDate(r.asOf)}`}
        </Text>
      </Group>
      <Card withBorder mb="md" role="figure" aria-label="Pipeline chart">
        <ResponsiveContainer width="100%" height={280}>
          <BarChart data={chart}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis tickFormatter={(v: number) => `$${v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}K` : v}`} />
            <Tooltip formatter={(v) => formatMoney({ amount: String(v), currency: 'USD' })} />
            <Bar dataKey="value" name="Value" fill="var(--mantine-color-blue-6)" />
          </BarChart>
        </ResponsiveContainer>
      </Card>
      <Card withBorder>
        <Table.ScrollContainer minWidth={800}>
          <Table aria-label="Pipeline" striped>
            <Table.Thead>
              <Table.Tr>
                {[groupLabels[groupBy], 'Deals', 'Open', 'Won', 'Lost', 'Win rate', 'Value', 'Days to decision', 'SLA met'].map((h) => (
                  <Table.Th key={h}>{h}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...r.rows, r.total].map((x) => (
                <Table.Tr key={x.key} fw={x.key === 'total' ? 700 : undefined}>
                  <Table.Td>{x.label}</Table.Td>
                  <Table.Td>{x.count}</Table.Td>
                  <Table.Td>{x.open}</Table.Td>
                  <Table.Td>{x.won}</Table.Td>
                  <Table.Td>{x.lost}</Table.Td>
                  <Table.Td>{pct(x.winRate)}</Table.Td>
                  <Table.Td>{formatMoney(x.value)}</Table.Td>
                  <Table.Td>{x.avgDaysToDecision ?? '—'}</Table.Td>
                  <Table.Td>{pct(x.slaAttainment)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </>
  )
}
