import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { DateField } from '../../components/date-field.tsx'
import { FormError } from '../../components/form-error.tsx'
import { api, unwrap } from '../../lib/api.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import { PartnerPicker, type PartnerChoice } from '../../components/partner-picker.tsx'
import { useStaff } from '../partners/index.ts'
import { redFlagKinds, severities } from './safety.model.ts'
import { useRefreshSafety } from './safety.queries.ts'

type Props = { opened: boolean; onClose: () => void; partner?: { id: string; legalName: string } }

/** A safety user raises a red flag by hand (an incident, a client complaint) with its severity; a high one blocks new work. */
export function RedFlagModal({ opened, onClose, partner }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={partner ? `Raise a red flag on ${partner.legalName}` : 'Raise a red flag'} size="lg">
      {opened && <RedFlagForm partner={partner} onClose={onClose} />}
    </Modal>
  )
}

function RedFlagForm({ partner, onClose }: { partner?: { id: string; legalName: string }; onClose: () => void }) {
  const refresh = useRefreshSafety()
  const staff = useStaff(true)
  const [chosen, setChosen] = useState<PartnerChoice | null>(null)
  const [partnerError, setPartnerError] = useState<string | undefined>()
  const form = useContractForm({
    initialValues: { kind: 'incident', severity: 'medium', message: '', ownerId: null as string | null, dueDate: '' },
    schema: (c) => c.RedFlagInput,
    toBody: (v) => ({ kind: v.kind, severity: v.severity, message: v.message, ownerId: v.ownerId, dueDate: v.dueDate || null }),
    onSubmit: async (body) => {
      const partnerId = partner?.id ?? chosen?.id
      if (!partnerId) return setPartnerError('Choose the partner')
      unwrap(await api.POST('/api/partners/{id}/safety/red-flags', { params: { path: { id: partnerId } }, body }))
      notifications.show({ color: 'green', message: 'Red flag raised' })
      await refresh()
      onClose()
    },
  })
  return (
    <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="Raise a red flag">
      <Stack>
        <FormError error={form.message} />
        {!partner && (
          <PartnerPicker
            value={chosen}
            onChange={(p) => {
              setChosen(p)
              setPartnerError(undefined)
            }}
            error={partnerError}
          />
        )}
        <Group grow>
          <Select label="Kind" data={[...redFlagKinds]} allowDeselect={false} {...form.getInputProps('kind')} />
          <Select label="Severity" data={[...severities]} allowDeselect={false} {...form.getInputProps('severity')} />
        </Group>
        <Textarea label="What happened" required autosize minRows={3} {...form.getInputProps('message')} />
        <Group grow>
          <Select
            label="Owner"
            placeholder="Unassigned"
            data={(staff.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            searchable
            clearable
            {...form.getInputProps('ownerId')}
          />
          <DateField label="Due date" {...form.getInputProps('dueDate')} />
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={form.busy}>
            Raise red flag
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
