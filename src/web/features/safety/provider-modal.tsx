import { Button, Group, Modal, NumberInput, Radio, Stack, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { FormError } from '../../components/form-error.tsx'
import { api, unwrap } from '../../lib/api.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import type { Provider } from './safety.model.ts'
import { useRefreshSafety } from './safety.queries.ts'

type Props = {
  opened: boolean
  onClose: () => void
  /** The provider to edit; none to add one. */
  provider?: Provider
  /** The keys already taken (adding one of them would replace that provider). */
  takenKeys: readonly string[]
}

/** A safety user adds a compliance provider or changes how one grades: letter grades with a passing grade, or a percentage with a pass mark. */
export function ProviderModal({ opened, onClose, provider, takenKeys }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={provider ? `Edit ${provider.name}` : 'Add a compliance provider'} size="lg">
      {opened && <ProviderForm provider={provider} takenKeys={takenKeys} onClose={onClose} />}
    </Modal>
  )
}

/** "A, B, C, F" → ["A", "B", "C", "F"] (best first, as typed). */
const gradeList = (text: string) =>
  text
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean)

function ProviderForm({ provider, takenKeys, onClose }: { provider?: Provider; takenKeys: readonly string[]; onClose: () => void }) {
  const refresh = useRefreshSafety()
  const form = useContractForm({
    initialValues: {
      key: provider?.key ?? '',
      name: provider?.name ?? '',
      grading: provider?.grading ?? 'letter',
      grades: provider?.grades.join(', ') ?? 'A, B, C, F',
      passingGrade: provider?.passingGrade ?? '',
      passMark: (provider?.passMark == null ? '' : Number(provider.passMark)) as number | string,
    },
    schema: (c) => c.ProviderInput,
    toBody: (v) => ({
      key: v.key.trim(),
      name: v.name,
      grading: v.grading,
      ...(v.grading === 'letter'
        ? { grades: gradeList(v.grades), passingGrade: v.passingGrade.trim() || null, passMark: null }
        : { grades: [], passingGrade: null, passMark: v.passMark === '' ? null : Number(v.passMark) }),
    }),
    onSubmit: async (body) => {
      if (!provider && takenKeys.includes(body.key)) {
        form.setFieldError('key', 'A provider already has this key; edit it in the list instead')
        return
      }
      unwrap(await api.PUT('/api/safety/providers', { body }))
      notifications.show({ color: 'green', message: `${body.name} saved; every partner re-assessed` })
      await refresh()
      onClose()
    },
  })
  const letter = form.getValues().grading === 'letter'
  return (
    <form ref={form.ref} onSubmit={form.submit} noValidate aria-label={provider ? 'Edit provider' : 'Add provider'}>
      <Stack>
        <FormError error={form.message} />
        <Group grow align="flex-start">
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <TextInput
            label="Key"
            required
            description="Lower-case letters, digits and dashes; it cannot change later"
            readOnly={!!provider}
            {...form.getInputProps('key')}
          />
        </Group>
        <Radio.Group label="Grading" required {...form.getInputProps('grading')}>
          <Group mt="xs">
            <Radio value="letter" label="Letter grades" />
            <Radio value="percentage" label="Percentage" />
          </Group>
        </Radio.Group>
        {letter ? (
          <Group grow align="flex-start">
            <TextInput label="Grades, best first" description="Separated by commas" required {...form.getInputProps('grades')} />
            <TextInput label="Passing grade" description="This grade or better passes" required {...form.getInputProps('passingGrade')} />
          </Group>
        ) : (
          <NumberInput
            label="Pass mark (%)"
            description="This score or more passes"
            required
            min={0}
            max={100}
            decimalScale={2}
            {...form.getInputProps('passMark')}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={form.busy}>
            {provider ? 'Save provider' : 'Add provider'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
