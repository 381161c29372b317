import { Button, Group, Modal, NativeSelect, NumberInput, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { DateField } from '../../components/date-field.tsx'
import { FormError } from '../../components/form-error.tsx'
import { api, unwrap, type Schemas } from '../../lib/api.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import { subscriptionStatusLabels } from './safety.model.ts'
import { useProviders, useRefreshSafety } from './safety.queries.ts'

type Subscription = Schemas['SafetySubscription']
type ModalProps = { partnerId: string; opened: boolean; onClose: () => void }

/** A safety user enters the third-party subscription by hand: provider, account id, status, grade or percentage, last update. */
export function SubscriptionModal({ partnerId, current, opened, onClose }: ModalProps & { current: Subscription | null }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Third-party subscription" size="lg">
      {opened && <SubscriptionForm partnerId={partnerId} current={current} onClose={onClose} />}
    </Modal>
  )
}

function SubscriptionForm({ partnerId, current, onClose }: { partnerId: string; current: Subscription | null; onClose: () => void }) {
  const providers = useProviders()
  const refresh = useRefreshSafety()
  const form = useContractForm({
    initialValues: {
      providerKey: current?.providerKey ?? '',
      accountId: current?.accountId ?? '',
      status: (current ? current.status : 'active') as NonNullable<Subscription>['status'],
      grade: current?.grade ?? '',
      score: current?.score === null || current?.score === undefined ? ('' as number | '') : Number(current.score),
      providerUpdatedOn: current?.providerUpdatedOn ?? '',
    },
    schema: (c) => c.SubscriptionInput,
    toBody: (v) => ({
      ...(v.providerKey ? { providerKey: v.providerKey } : {}),
      accountId: v.accountId.trim() || null,
      status: v.status,
      grade: v.grade.trim() || null,
      score: v.score === '' ? null : v.score,
      providerUpdatedOn: v.providerUpdatedOn || null,
    }),
    onSubmit: async (body) => {
      unwrap(await api.PUT('/api/partners/{id}/safety/subscription', { params: { path: { id: partnerId } }, body }))
      notifications.show({ color: 'green', message: 'Subscription saved' })
      await refresh()
      onClose()
    },
  })
  const list = providers.data ?? []
  const chosen = list.find((p) => p.key === form.getValues().providerKey) ?? list.find((p) => p.isDefault)
  return (
    <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="Subscription">
      <Stack>
        <FormError error={form.message} />
        <Group grow>
          <NativeSelect
            label="Provider"
            data={list.map((p) => ({ value: p.key, label: p.name }))}
            {...form.getInputProps('providerKey')}
            value={chosen?.key ?? ''}
          />
          <TextInput label="Account id" {...form.getInputProps('accountId')} />
        </Group>
        <Group grow align="flex-start">
          <Select
            label="Status"
            data={Object.entries(subscriptionStatusLabels).map(([value, label]) => ({ value, label }))}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
          {chosen?.grading === 'percentage' ? (
            <NumberInput
              label="Score (%)"
              description={`Passes with ${chosen.passMark}% or more`}
              min={0}
              max={100}
              decimalScale={2}
              {...form.getInputProps('score')}
            />
          ) : (
            <TextInput
              label="Grade"
              description={chosen ? `${chosen.grades.join(', ')}; passes with ${chosen.passingGrade} or better` : undefined}
              maxLength={5}
              {...form.getInputProps('grade')}
            />
          )}
        </Group>
        <DateField label="Provider's last update" {...form.getInputProps('providerUpdatedOn')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={form.busy}>
            Save subscription
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** A safety user overrides the derived risk level, with a reason (shown with its author and date until lifted). */
export function RiskOverrideModal({ partnerId, derived, opened, onClose }: ModalProps & { derived: 'high' | 'low' }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Override the risk level">
      {opened && <RiskOverrideForm partnerId={partnerId} derived={derived} onClose={onClose} />}
    </Modal>
  )
}

function RiskOverrideForm({ partnerId, derived, onClose }: { partnerId: string; derived: 'high' | 'low'; onClose: () => void }) {
  const refresh = useRefreshSafety()
  const form = useContractForm({
    initialValues: { riskLevel: derived === 'high' ? 'low' : 'high', reason: '' },
    schema: (c) => c.RiskOverrideInput,
    toBody: (v) => v,
    onSubmit: async (body) => {
      unwrap(await api.PUT('/api/partners/{id}/safety/risk-override', { params: { path: { id: partnerId } }, body }))
      notifications.show({ color: 'green', message: `Risk level overridden: ${body.riskLevel}` })
      await refresh()
      onClose()
    },
  })
  return (
    <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="Risk override">
      <Stack>
        <FormError error={form.message} />
        <Text size="sm">From its services the partner is {derived} risk. The override holds until it is lifted.</Text>
        <div>
          <Text size="sm" fw={500} mb={4} id="override-level-label">
            Risk level
          </Text>
          <SegmentedControl
            aria-labelledby="override-level-label"
            data={[
              { value: 'high', label: 'High' },
              { value: 'low', label: 'Low' },
            ]}
            {...form.getInputProps('riskLevel')}
          />
        </div>
        <Textarea label="Reason" required autosize minRows={2} {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={form.busy}>
            Override
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** A safety user clears a blocked high-risk partner for new work through an end date, with a reason. */
export function ClearanceOverrideModal({ partnerId, opened, onClose }: ModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Clear for new work in spite of the gaps">
      {opened && <ClearanceOverrideForm partnerId={partnerId} onClose={onClose} />}
    </Modal>
  )
}

function ClearanceOverrideForm({ partnerId, onClose }: { partnerId: string; onClose: () => void }) {
  const refresh = useRefreshSafety()
  const form = useContractForm({
    initialValues: { reason: '', endsOn: '' },
    schema: (c) => c.ClearanceOverrideInput,
    toBody: (v) => v,
    onSubmit: async (body) => {
      unwrap(await api.PUT('/api/partners/{id}/safety/clearance-override', { params: { path: { id: partnerId } }, body }))
      notifications.show({ color: 'green', message: `Cleared for new work through ${body.endsOn}` })
      await refresh()
      onClose()
    },
  })
  return (
    <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="Clearance override">
      <Stack>
        <FormError error={form.message} />
        <Text size="sm">
          The partner may receive new work through the end date (UTC), then the gate blocks it again unless the gaps are closed.
        </Text>
        <DateField label="End date" required {...form.getInputProps('endsOn')} />
        <Textarea label="Reason" required autosize minRows={2} {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={form.busy}>
            Clear for new work
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
