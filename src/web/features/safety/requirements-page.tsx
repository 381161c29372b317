import { Button, Card, Checkbox, Group, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { Navigate } from 'react-router'
import { FormError } from '../../components/form-error.tsx'
import { MoneyInput } from '../../components/money-input.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, unwrap } from '../../lib/api.ts'
import { formatDateTime } from '../../lib/format.ts'
import { parseAmount } from '../../lib/money.ts'
import { useCurrentUser } from '../../lib/session.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import { ProviderModal } from './provider-modal.tsx'
import { insuranceTypeLabels, type Provider, type Requirements } from './safety.model.ts'
import { useProviders, useRefreshSafety, useRequirements } from './safety.queries.ts'

type InsuranceType = keyof typeof insuranceTypeLabels
const types = Object.keys(insuranceTypeLabels) as InsuranceType[]

/** Minimum requirements of high-risk partners (data edited by safety users; others read), and the providers' pass marks. */
export function RequirementsPage() {
  const user = useCurrentUser()
  const requirements = useRequirements()
  const providers = useProviders()
  const canEdit = user.role === 'safety'
  // The provider form: closed (null), adding ('new') or editing one provider.
  const [editing, setEditing] = useState<Provider | 'new' | null>(null)
  if (user.partnerId) return <Navigate to="/safety-compliance" replace />
  return (
    <>
      <PageHeader
        title="Minimum safety requirements"
        description="What a high-risk partner must hold to be clear for new work. A change re-assesses every partner at once."
      />
      {requirements.isPending ? (
        <PageLoader label="Loading the requirements" />
      ) : requirements.isError ? (
        <ErrorState error={requirements.error} onRetry={() => void requirements.refetch()} />
      ) : (
        <Stack>
          <RequirementsForm key={requirements.data.version} current={requirements.data} canEdit={canEdit} />
          <Card withBorder>
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h4">
                Compliance providers
              </Title>
              {canEdit && (
                <Button size="xs" onClick={() => setEditing('new')}>
                  Add provider
                </Button>
              )}
            </Group>
            <Table aria-label="Compliance providers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Provider</Table.Th>
                  <Table.Th>Grading</Table.Th>
                  <Table.Th>Passes with</Table.Th>
                  {canEdit && <Table.Th>Actions</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(providers.data ?? []).map((p) => (
                  <Table.Tr key={p.key}>
                    <Table.Td>
                      {p.name}
                      {p.isDefault ? ' (default)' : ''}
                    </Table.Td>
                    <Table.Td>{p.grading === 'letter' ? `Letter grades ${p.grades.join(', ')}` : 'Percentage'}</Table.Td>
                    <Table.Td>{p.grading === 'letter' ? `${p.passingGrade} or better` : `${p.passMark}% or more`}</Table.Td>
                    {canEdit && (
                      <Table.Td>
                        <Button size="xs" variant="default" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p)}>
                          Edit
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <ProviderModal
            opened={editing !== null}
            onClose={() => setEditing(null)}
            provider={editing && editing !== 'new' ? editing : undefined}
            takenKeys={(providers.data ?? []).map((p) => p.key)}
          />
        </Stack>
      )}
    </>
  )
}

function RequirementsForm({ current, canEdit }: { current: Requirements; canEdit: boolean }) {
  const refresh = useRefreshSafety()
  const minimum = (t: InsuranceType) => current.insurance.find((i) => i.type === t)?.minimum
  const values = { current: {} as Record<string, unknown> }
  const form = useContractForm({
    initialValues: {
      ...Object.fromEntries(
        types.flatMap((t) => [
          [`${t}Required`, !!minimum(t)],
          [`${t}Amount`, minimum(t)?.amount ?? ''],
          [`${t}Currency`, minimum(t)?.currency ?? 'USD'],
        ]),
      ),
      maxEmr: Number(current.maxEmr),
      maxTrir: Number(current.maxTrir),
      maxDart: Number(current.maxDart),
      statisticsMaxAgeYears: current.statisticsMaxAgeYears,
      requireWrittenProgram: current.requireWrittenProgram,
      providerUpdateMaxAgeDays: current.providerUpdateMaxAgeDays,
    } as Record<string, string | number | boolean>,
    schema: (c) => c.RequirementsInput,
    toBody: (v) => ({
      insurance: types
        .filter((t) => v[`${t}Required`])
        .map((t) => ({
          type: t,
          minimum: { amount: parseAmount(String(v[`${t}Amount`])), currency: String(v[`${t}Currency`]).trim().toUpperCase() },
        })),
      maxEmr: v.maxEmr,
      maxTrir: v.maxTrir,
      maxDart: v.maxDart,
      statisticsMaxAgeYears: v.statisticsMaxAgeYears,
      requireWrittenProgram: v.requireWrittenProgram,
      providerUpdateMaxAgeDays: v.providerUpdateMaxAgeDays,
    }),
    // "insurance.1.minimum.amount" → the field of that type's amount.
    fieldOf: (path: string): string | undefined => {
      const m = /^insurance\.(\d+)\.minimum\.(amount|currency)/.exec(path)
      if (!m) return undefined
      const t = types.filter((x) => values.current[`${x}Required`])[Number(m[1])]
      return t ? `${t}${m[2] === 'amount' ? 'Amount' : 'Currency'}` : undefined
    },
    onSubmit: async (body) => {
      unwrap(await api.PUT('/api/safety/requirements', { body }))
      notifications.show({ color: 'green', message: 'Requirements saved; every partner re-assessed' })
      await refresh()
    },
  })
  const v = form.getValues()
  values.current = v
  return (
    <Card withBorder>
      <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="Minimum requirements">
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            <FormError error={form.message} />
            <Title order={2} size="h4">
              Insurance
            </Title>
            {types.map((t) => (
              <Group key={t} align="flex-end" wrap="wrap">
                <Checkbox
                  w={220}
                  label={`${insuranceTypeLabels[t]} required`}
                  {...form.getInputProps(`${t}Required`, { type: 'checkbox' })}
                />
                <MoneyInput
                  label={`${insuranceTypeLabels[t]} minimum limit`}
                  currency={String(v[`${t}Currency`])}
                  disabled={!v[`${t}Required`] || !canEdit}
                  {...(form.getInputProps(`${t}Amount`) as { value: string; onChange: (v: string) => void })}
                />
                <TextInput
                  label={`${insuranceTypeLabels[t]} currency`}
                  w={110}
                  maxLength={3}
                  disabled={!v[`${t}Required`] || !canEdit}
                  {...form.getInputProps(`${t}Currency`)}
                />
              </Group>
            ))}
            <Title order={2} size="h4">
              Statistics and programs
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput label="Maximum EMR" decimalScale={2} min={0} max={10} {...form.getInputProps('maxEmr')} />
              <NumberInput label="Maximum TRIR" decimalScale={2} min={0} max={100} {...form.getInputProps('maxTrir')} />
              <NumberInput label="Maximum DART" decimalScale={2} min={0} max={100} {...form.getInputProps('maxDart')} />
              <NumberInput
                label="Statistics at most this many years old"
                min={1}
                max={5}
                {...form.getInputProps('statisticsMaxAgeYears')}
              />
              <NumberInput
                label="Provider's last update at most this many days old"
                min={1}
                max={3650}
                {...form.getInputProps('providerUpdateMaxAgeDays')}
              />
            </SimpleGrid>
            <Checkbox label="A written safety program is required" {...form.getInputProps('requireWrittenProgram', { type: 'checkbox' })} />
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                Version {current.version} · changed {formatDateTime(current.updatedAt)}
              </Text>
              {canEdit && (
                <Button type="submit" loading={form.busy}>
                  Save requirements
                </Button>
              )}
            </Group>
          </Stack>
        </fieldset>
      </form>
    </Card>
  )
}
