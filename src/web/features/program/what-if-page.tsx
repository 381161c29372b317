import { Alert, Anchor, Button, Card, Grid, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import { Link, Navigate, useParams } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { ApiError, errorMessage } from '../../lib/api.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { CriteriaTable } from './criteria-table.tsx'
import { EvaluationSummary } from './evaluation-summary.tsx'
import { MoneyInput } from '../../components/money-input.tsx'
import { formatAmount, parseAmount } from '../../lib/money.ts'
import { amountError, ruleHelp, ruleLabels, type PartnerEvaluation, type Rule, type YearMetrics } from './program.model.ts'
import { useTierEvaluation, useWhatIf } from './program.queries.ts'
import { RuleSwitch } from './tier-tab.tsx'
import { TierBadge } from '../../components/tier-badge.tsx'
import type { Partner } from '../partners/index.ts'
import { usePartner } from '../partners/index.ts'

const moneyInputs = [
  { key: 'revenue', label: 'Revenue (USD per year)', description: 'Sales through the integrator' },
  { key: 'averagePipeline', label: 'Average pipeline (USD)', description: 'Mean of the quarter-end pipelines' },
  { key: 'jointInvestments', label: 'Joint investments (USD per year)', description: 'Partner programs / joint investments' },
  { key: 'rebates', label: 'Rebates (USD per year)', description: undefined },
  { key: 'marketingFunding', label: 'Marketing funding (USD per year)', description: undefined },
  { key: 'fundedResourcesAmount', label: 'Funded resources (USD per year)', description: 'People and equipment' },
] as const
type MoneyKey = (typeof moneyInputs)[number]['key']

/** The form's state: dollar amounts as the typed decimal strings, the rest as numbers. */
type Inputs = Record<MoneyKey, string> & {
  activeCustomers: number | string
  fundedResourcesFtes: number | string
  gtmCategories: number | string
  executiveSponsor: boolean
}

const fromMetrics = (m: YearMetrics): Inputs => ({
  revenue: formatAmount(m.revenue.amount),
  averagePipeline: formatAmount(m.averagePipeline.amount),
  jointInvestments: formatAmount(m.jointInvestments.amount),
  rebates: formatAmount(m.rebates.amount),
  marketingFunding: formatAmount(m.marketingFunding.amount),
  fundedResourcesAmount: formatAmount(m.fundedResourcesAmount.amount),
  activeCustomers: m.activeCustomers,
  fundedResourcesFtes: m.fundedResourcesFtes,
  gtmCategories: m.gtmCategories,
  executiveSponsor: m.executiveSponsor,
})

const countError = (v: number | string, whole = true) =>
  v === ''
    ? 'Enter a number (0 for none)'
    : Number(v) < 0
      ? 'Must not be negative'
      : whole && !Number.isInteger(Number(v))
        ? 'A whole number'
        : null

function validate(i: Inputs): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const { key } of moneyInputs) {
    const e = amountError(parseAmount(i[key]))
    if (e) errors[key] = e
  }
  for (const k of ['activeCustomers', 'gtmCategories'] as const) {
    const e = countError(i[k])
    if (e) errors[k] = e
  }
  const f = countError(i.fundedResourcesFtes, false)
  if (f) errors.fundedResourcesFtes = f
  return errors
}

const toMetrics = (i: Inputs): YearMetrics => ({
  revenue: { amount: parseAmount(i.revenue), currency: 'USD' },
  averagePipeline: { amount: parseAmount(i.averagePipeline), currency: 'USD' },
  jointInvestments: { amount: parseAmount(i.jointInvestments), currency: 'USD' },
  rebates: { amount: parseAmount(i.rebates), currency: 'USD' },
  marketingFunding: { amount: parseAmount(i.marketingFunding), currency: 'USD' },
  fundedResourcesAmount: { amount: parseAmount(i.fundedResourcesAmount), currency: 'USD' },
  activeCustomers: Number(i.activeCustomers),
  fundedResourcesFtes: Number(i.fundedResourcesFtes),
  gtmCategories: Number(i.gtmCategories),
  executiveSponsor: i.executiveSponsor,
})

/** The server's field errors ("metrics.revenue.amount") by input. */
function serverErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (e instanceof ApiError) for (const err of e.problem.errors ?? []) out[err.path.split('.')[1] ?? err.path] = err.message
  return out
}

export function WhatIfPage() {
  const { id } = useParams()
  const user = useCurrentUser()
  const partner = usePartner(id)
  const [rule, setRule] = useState<Rule>('holistic')
  const actual = useTierEvaluation(id ?? '', rule)
  if (user.partnerId || !can(user, 'program:read')) return <Navigate to="/" replace />
  if (!id) return <NotFoundState what="partner" />
  if (partner.isPending || actual.isPending) return <PageLoader label="Loading the partner's figures" />
  if (partner.isError) return <ErrorState error={partner.error} onRetry={() => void partner.refetch()} />
  if (actual.isError) return <ErrorState error={actual.error} onRetry={() => void actual.refetch()} />
  return <WhatIf key={id} partner={partner.data.partner} actual={actual.data} rule={rule} onRule={setRule} />
}

function WhatIf({ partner, actual, rule, onRule }: { partner: Partner; actual: PartnerEvaluation; rule: Rule; onRule: (r: Rule) => void }) {
  const [inputs, setInputs] = useState<Inputs>(() => fromMetrics(actual.inputs))
  const errors = validate(inputs)
  const valid = Object.keys(errors).length === 0
  const [debounced] = useDebouncedValue(valid ? toMetrics(inputs) : null, 350)
  // The partner's waivers stay in force in the what-if (they count under the holistic rule).
  const result = useWhatIf(
    debounced,
    rule,
    actual.year,
    actual.waivers.map((w) => w.key),
  )
  const fromServer = result.isError ? serverErrors(result.error) : {}
  const set = <K extends keyof Inputs>(k: K, v: Inputs[K]) => setInputs((prev) => ({ ...prev, [k]: v }))
  const pct = valid && Number(inputs.revenue) > 0 ? ((Number(inputs.jointInvestments) / Number(inputs.revenue)) * 100).toFixed(2) : null
  const errorOf = (k: string) => errors[k] ?? fromServer[k]

  return (
    <>
      <Anchor component={Link} to={`/partners/${partner.id}`} size="sm" mb="xs" display="inline-block">
        ← {partner.legalName}
      </Anchor>
      <PageHeader
        title={`What-if: ${partner.legalName}`}
        description={`Starts from the partner's ${actual.year} figures (${actual.quarters.length} quarter${actual.quarters.length === 1 ? '' : 's'} reported). Change any input; nothing is saved.`}
        actions={
          <Button variant="default" onClick={() => setInputs(fromMetrics(actual.inputs))}>
            Reset to actual figures
          </Button>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              Figures for the year
            </Title>
            <Stack gap="sm">
              {moneyInputs.map((m) => (
                <MoneyInput
                  key={m.key}
                  label={m.label}
                  description={m.description}
                  currency="USD"
                  value={inputs[m.key]}
                  onChange={(v) => set(m.key, v)}
                  error={errorOf(m.key)}
                />
              ))}
              <Text size="xs" c="dimmed" aria-live="polite">
                Joint investments as % of revenue: {pct === null ? '—' : `${pct} %`} (computed)
              </Text>
              <NumberInput
                label="Active customers"
                min={0}
                allowDecimal={false}
                allowNegative={false}
                value={inputs.activeCustomers}
                onChange={(v) => set('activeCustomers', v)}
                error={errorOf('activeCustomers')}
              />
              <NumberInput
                label="Funded FTEs"
                min={0}
                decimalScale={2}
                allowNegative={false}
                value={inputs.fundedResourcesFtes}
                onChange={(v) => set('fundedResourcesFtes', v)}
                error={errorOf('fundedResourcesFtes')}
              />
              <NumberInput
                label="Solution categories aligned"
                min={0}
                allowDecimal={false}
                allowNegative={false}
                value={inputs.gtmCategories}
                onChange={(v) => set('gtmCategories', v)}
                error={errorOf('gtmCategories')}
              />
              <Switch
                label="Executive partner sponsor"
                checked={inputs.executiveSponsor}
                onChange={(e) => set('executiveSponsor', e.currentTarget.checked)}
              />
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Card withBorder role="region" aria-label="What-if result">
              <Group justify="space-between" mb="md">
                <Title order={2} size="h4">
                  Result
                </Title>
                <RuleSwitch value={rule} onChange={onRule} />
              </Group>
              {result.isError && !Object.keys(fromServer).length && (
                <Alert color="red" variant="light" mb="sm">
                  {errorMessage(result.error)}
                </Alert>
              )}
              {result.data ? (
                <Stack gap="sm" opacity={result.isFetching || !valid ? 0.6 : 1}>
                  <EvaluationSummary evaluation={result.data} currentTier={partner.tier} label="What-if tier" />
                  <Group gap="xs">
                    <Text size="xs" c="dimmed">
                      With the actual figures:
                    </Text>
                    <TierBadge tier={actual.tier} />
                    <Text size="xs" c="dimmed">
                      · {ruleLabels[rule]} rule: {ruleHelp[rule]}
                    </Text>
                  </Group>
                  {actual.waivers.length > 0 && (
                    <Text size="xs" c="dimmed">
                      The partner’s waivers apply:{' '}
                      {actual.waivers
                        .map((w) => `${actual.criteria.find((c) => c.key === w.key)?.label ?? w.key} (${w.reason})`)
                        .join('; ')}
                      .
                    </Text>
                  )}
                </Stack>
              ) : (
                <PageLoader label="Evaluating" />
              )}
            </Card>
            {result.data && (
              <Card withBorder>
                <CriteriaTable evaluation={result.data} />
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  )
}
