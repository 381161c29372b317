import { Alert, Button, Card, Group, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { Link } from 'react-router'
import { ErrorState, PageLoader } from '../../components/page-states.tsx'
import { useCurrentUser, can } from '../../lib/session.ts'
import { CategorySummary, CriteriaTable } from './criteria-table.tsx'
import { EvaluationSummary } from './evaluation-summary.tsx'
import { MetricsSection } from './metrics-section.tsx'
import { ruleHelp, ruleLabels, type Rule } from './program.model.ts'
import { useProgramYears, useTierEvaluation } from './program.queries.ts'
import { WaiversSection } from './waivers-section.tsx'
import type { Partner } from '../partners/index.ts'
import { RegisteredPipeline } from '../deals/index.ts'
import { TierHistory } from '../reviews/index.ts'

export function RuleSwitch({ value, onChange }: { value: Rule; onChange: (r: Rule) => void }) {
  return (
    <SegmentedControl
      size="xs"
      aria-label="Evaluation rule"
      value={value}
      onChange={(v) => onChange(v as Rule)}
      data={(['holistic', 'strict'] as const).map((r) => ({ value: r, label: ruleLabels[r] }))}
    />
  )
}

/** The partner's tier: evaluated from its metrics, explained criterion by criterion, with waivers and the quarters behind it. */
export function TierTab({ partner }: { partner: Partner }) {
  const user = useCurrentUser()
  const [rule, setRule] = useState<Rule>('holistic')
  const [year, setYear] = useState<number | undefined>(undefined)
  const years = useProgramYears()
  const evaluation = useTierEvaluation(partner.id, rule, year)
  if (evaluation.isPending) return <PageLoader label="Loading tier evaluation" />
  if (evaluation.isError) return <ErrorState error={evaluation.error} onRetry={() => void evaluation.refetch()} />
  const e = evaluation.data
  const internal = !user.partnerId
  return (
    <Stack>
      <Card withBorder aria-label="Tier card" role="region">
        <Group justify="space-between" mb="md" wrap="wrap">
          <Title order={2} size="h4">
            Tier
          </Title>
          <Group gap="sm">
            {(years.data?.length ?? 0) > 1 && (
              <Select
                size="xs"
                w={110}
                aria-label="Program year"
                data={years.data!.map((y) => ({ value: String(y.year), label: `${y.year}${y.status === 'draft' ? ' (draft)' : ''}` }))}
                value={String(e.year)}
                onChange={(v) => v && setYear(Number(v))}
                allowDeselect={false}
              />
            )}
            <RuleSwitch value={rule} onChange={setRule} />
            {/* A partner's what-if is an internal planning tool; the API's what-if needs program:read. */}
            {internal && can(user, 'program:read') && (
              <Button size="xs" variant="light" component={Link} to={`/partners/${partner.id}/what-if`}>
                What-if
              </Button>
            )}
          </Group>
        </Group>
        <Stack gap="sm">
          {e.quarters.length === 0 && (
            <Alert color="gray" variant="light">
              No metrics reported for {e.year} yet: every figure counts as zero.
            </Alert>
          )}
          {e.unconfirmedQuarters.length > 0 && (
            <Alert color="yellow" variant="light">
              {internal
                ? 'Includes figures submitted by the partner and not yet confirmed'
                : 'Includes figures you submitted that the integrator has not confirmed yet'}
              : {e.unconfirmedQuarters.map((q) => `Q${q}`).join(', ')}.
            </Alert>
          )}
          <EvaluationSummary evaluation={e} currentTier={partner.tier} />
          <Text size="xs" c="dimmed">
            {ruleLabels[rule]} rule: {ruleHelp[rule]}
          </Text>
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Criteria {e.year}
        </Title>
        <CriteriaTable evaluation={e} waivers={rule === 'holistic' ? e.waivers : []} />
        <Title order={3} size="h5" mt="lg" mb="xs">
          By category
        </Title>
        <CategorySummary evaluation={e} />
      </Card>
      {internal && <WaiversSection partnerId={partner.id} year={e.year} criteria={e.criteria} canManage={can(user, 'waivers:manage')} />}
      <TierHistory partnerId={partner.id} />
      <MetricsSection
        partnerId={partner.id}
        partnerName={partner.legalName}
        year={e.year}
        defaultCategories={partner.gtmCategories}
        external={!internal}
        canSubmit={can(user, 'metrics:submit')}
        canConfirm={internal && can(user, 'metrics:confirm')}
      />
      <RegisteredPipeline partnerId={partner.id} year={e.year} />
    </Stack>
  )
}
