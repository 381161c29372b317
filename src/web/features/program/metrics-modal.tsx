import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core'
import { FormError } from '../../components/form-error.tsx'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { api, unwrap } from '../../lib/api.ts'
import { showErrors } from '../../lib/form-errors.ts'
import { amountError, type QuarterMetrics, type QuarterMetricsInput } from './program.model.ts'

const moneyFields = ['revenue', 'pipeline', 'jointInvestments', 'rebates', 'marketingFunding', 'fundedResourcesAmount'] as const
const fields = [...moneyFields, 'activeCustomers', 'fundedResourcesFtes', 'executiveSponsor', 'gtmCategories'] as const
type MoneyField = (typeof moneyFields)[number]
type Values = Record<MoneyField, string> & {
  activeCustomers: number | string
  fundedResourcesFtes: number | string
  executiveSponsor: boolean
  gtmCategories: string[]
}

export const moneyLabels: Record<MoneyField, { label: string; description: string }> = {
  revenue: { label: 'Revenue', description: 'Sales through the integrator in the quarter' },
  pipeline: { label: 'Pipeline', description: 'Open pipeline at quarter end' },
  jointInvestments: { label: 'Joint investments', description: 'Partner programs / joint investments in the quarter' },
  rebates: { label: 'Rebates', description: 'Rebates paid in the quarter' },
  marketingFunding: { label: 'Marketing funding', description: 'MDF and other marketing funds in the quarter' },
  fundedResourcesAmount: { label: 'Funded resources', description: 'Funded people and equipment in the quarter' },
}

const toValues = (m: QuarterMetrics | undefined, fallback: string[]): Values => ({
  revenue: m?.revenue.amount ?? '',
  pipeline: m?.pipeline.amount ?? '',
  jointInvestments: m?.jointInvestments.amount ?? '',
  rebates: m?.rebates.amount ?? '',
  marketingFunding: m?.marketingFunding.amount ?? '',
  fundedResourcesAmount: m?.fundedResourcesAmount.amount ?? '',
  activeCustomers: m?.activeCustomers ?? '',
  fundedResourcesFtes: m?.fundedResourcesFtes ?? 0,
  executiveSponsor: m?.executiveSponsor ?? false,
  gtmCategories: m?.gtmCategories ?? fallback,
})

const usd = (amount: string) => ({ amount: amount.trim(), currency: 'USD' })
const toBody = (v: Values): QuarterMetricsInput => ({
  revenue: usd(v.revenue),
  activeCustomers: Number(v.activeCustomers),
  pipeline: usd(v.pipeline),
  jointInvestments: usd(v.jointInvestments),
  rebates: usd(v.rebates),
  marketingFunding: usd(v.marketingFunding),
  fundedResourcesAmount: usd(v.fundedResourcesAmount),
  fundedResourcesFtes: Number(v.fundedResourcesFtes),
  executiveSponsor: v.executiveSponsor,
  gtmCategories: v.gtmCategories,
})

type Props = {
  partnerId: string
  year: number
  quarter: number | null
  existing: QuarterMetrics | undefined
  defaultCategories: string[]
  external: boolean
  onClose: () => void
  onSaved: (m: QuarterMetrics) => void | Promise<void>
}

export function MetricsModal(props: Props) {
  const { year, quarter, onClose } = props
  return (
    <Modal opened={quarter !== null} onClose={onClose} title={`Metrics ${year} Q${quarter ?? ''}`} size="lg">
      {quarter !== null && <MetricsForm key={`${year}-${quarter}`} {...props} quarter={quarter} />}
    </Modal>
  )
}

/** A quarter's figures: dollar amounts as decimal strings in USD; the server's field errors land next to the fields. */
function MetricsForm({ partnerId, year, quarter, existing, defaultCategories, external, onClose, onSaved }: Props & { quarter: number }) {
  const [error, setError] = useState<string | null>(null)
  const form = useForm<Values>({
    initialValues: toValues(existing, defaultCategories),
    validate: {
      ...Object.fromEntries(moneyFields.map((f) => [f, (v: string) => amountError(v)])),
      activeCustomers: (v) => (v === '' ? 'Enter the number of active customers' : null),
    },
  })
  const submit = form.onSubmit(async (values) => {
    setError(null)
    try {
      const saved = unwrap(
        await api.PUT('/api/partners/{id}/metrics/{year}/{quarter}', {
          params: { path: { id: partnerId, year, quarter } },
          body: toBody(values),
        }),
      )
      await onSaved(saved)
    } catch (e) {
      showErrors(e, fields, form.setErrors, setError)
    }
  })
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {external && (
          <Text size="sm" c="dimmed">
            Your figures are submitted to the integrator, who confirms them. Amounts in US dollars.
          </Text>
        )}
        <FormError error={error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {moneyFields.map((f) => (
            <TextInput
              key={f}
              label={`${moneyLabels[f].label} (USD)`}
              description={moneyLabels[f].description}
              leftSection="$"
              inputMode="decimal"
              placeholder="0.00"
              {...form.getInputProps(f)}
            />
          ))}
          <NumberInput
            label="Active customers"
            description="At quarter end"
            min={0}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('activeCustomers')}
          />
          <NumberInput
            label="Funded FTEs"
            description="At quarter end"
            min={0}
            decimalScale={2}
            allowNegative={false}
            {...form.getInputProps('fundedResourcesFtes')}
          />
        </SimpleGrid>
        <TagsInput label="Aligned solution categories" description="Press Enter after each" {...form.getInputProps('gtmCategories')} />
        <Switch label="Executive partner sponsor in place" {...form.getInputProps('executiveSponsor', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={form.submitting}>
            {external ? 'Submit quarter' : 'Save quarter'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
