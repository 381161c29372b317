import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { FormError } from '../../components/form-error.tsx'
import { useState } from 'react'
import { api, unwrap } from '../../lib/api.ts'
import { showErrors } from '../../lib/form-errors.ts'
import { categoryLabels, categoryOrder, type Category, type Criterion } from './program.model.ts'
import { tierLabels, tierOrder, type Tier } from '../../lib/tiers.ts'

type Props = { year: number; criterion: Criterion | null; onClose: () => void; onSaved: () => void | Promise<void> }

export function CriterionModal({ year, criterion, onClose, onSaved }: Props) {
  return (
    <Modal opened={!!criterion} onClose={onClose} title={criterion ? `Edit: ${criterion.label}` : ''} size="lg">
      {criterion && <CriterionForm key={criterion.key} year={year} criterion={criterion} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  )
}

const words = ['required', 'optional', 'n/a']
const unitHint: Record<string, string> = {
  usd: 'A minimum in USD (e.g. 75000000), or n/a / optional',
  count: 'A whole number, or n/a / optional',
  percent: 'A percentage (e.g. 3.50), or n/a / optional',
  fte: 'FTEs (e.g. 2), or n/a / optional',
  boolean: 'required, optional or n/a',
}

/** Edits a criterion's category and its four thresholds (every tier must be given; the server checks each). */
function CriterionForm({ year, criterion, onClose, onSaved }: Omit<Props, 'criterion'> & { criterion: Criterion }) {
  const [category, setCategory] = useState<Category>(criterion.category)
  const [label, setLabel] = useState(criterion.label)
  const [thresholds, setThresholds] = useState<Record<Tier, string>>(
    () => Object.fromEntries(tierOrder.map((t) => [t, criterion.byTier[t].threshold])) as Record<Tier, string>,
  )
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const boolean = criterion.unit === 'boolean'

  const save = async () => {
    setBusy(true)
    setErrors({})
    setError(null)
    try {
      const body = {
        category,
        label: label.trim(),
        thresholds: Object.fromEntries(tierOrder.map((t) => [t, thresholds[t].trim()])) as Record<Tier, string>,
      }
      unwrap(await api.PATCH('/api/program/years/{year}/criteria/{key}', { params: { path: { year, key: criterion.key } }, body }))
      await onSaved()
    } catch (e) {
      // Paths are "thresholds.select", "category", "label" (or empty for the whole request).
      showErrors(e, ['category', 'label', ...tierOrder], setErrors, setError, (path) => path.replace(/^thresholds\./, ''))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack>
      <FormError error={error} />
      <TextInput label="Label" value={label} onChange={(e) => setLabel(e.currentTarget.value)} error={errors.label} />
      <Select
        label="Category"
        data={categoryOrder.map((c) => ({ value: c, label: categoryLabels[c] }))}
        value={category}
        onChange={(v) => v && setCategory(v as Category)}
        allowDeselect={false}
        error={errors.category}
      />
      <Text size="sm" c="dimmed">
        Thresholds per tier — {unitHint[criterion.unit] ?? ''}.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {tierOrder.map((t) =>
          boolean ? (
            <Select
              key={t}
              label={tierLabels[t]}
              data={words}
              value={thresholds[t]}
              onChange={(v) => v && setThresholds((p) => ({ ...p, [t]: v }))}
              allowDeselect={false}
              error={errors[t]}
            />
          ) : (
            <TextInput
              key={t}
              label={tierLabels[t]}
              leftSection={criterion.unit === 'usd' ? '$' : undefined}
              rightSection={criterion.unit === 'percent' ? '%' : undefined}
              value={thresholds[t]}
              onChange={(e) => {
                const v = e.currentTarget.value
                setThresholds((p) => ({ ...p, [t]: v }))
              }}
              error={errors[t]}
            />
          ),
        )}
      </SimpleGrid>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={() => void save()} loading={busy}>
          Save criterion
        </Button>
      </Group>
    </Stack>
  )
}
