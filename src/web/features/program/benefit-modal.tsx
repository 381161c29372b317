import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { FormError } from '../../components/form-error.tsx'
import { useState } from 'react'
import { api, unwrap } from '../../lib/api.ts'
import { showErrors } from '../../lib/form-errors.ts'
import { levelLabels, type Benefit, type BenefitLevel } from './program.model.ts'
import { tierLabels, tierOrder, type Tier } from '../../lib/tiers.ts'

type Props = { year: number; benefit: Benefit | null; onClose: () => void; onSaved: () => void | Promise<void> }

export function BenefitModal({ year, benefit, onClose, onSaved }: Props) {
  return (
    <Modal opened={!!benefit} onClose={onClose} title={benefit ? `Edit: ${benefit.label}` : ''} size="xl">
      {benefit && <BenefitForm key={benefit.key} year={year} benefit={benefit} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  )
}

type Cell = { level: BenefitLevel; role: string; meaning: string }

/** Edits a benefit's label and its level per tier (named roles name the role; Limited says what it gives). */
function BenefitForm({ year, benefit, onClose, onSaved }: Omit<Props, 'benefit'> & { benefit: Benefit }) {
  const [label, setLabel] = useState(benefit.label)
  const [cells, setCells] = useState<Record<Tier, Cell>>(
    () =>
      Object.fromEntries(
        tierOrder.map((t) => {
          const c = benefit.byTier[t]
          return [t, { level: c.level, role: c.role ?? '', meaning: c.level === 'limited' ? c.meaning : '' }]
        }),
      ) as Record<Tier, Cell>,
  )
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (t: Tier, patch: Partial<Cell>) => setCells((p) => ({ ...p, [t]: { ...p[t], ...patch } }))

  const save = async () => {
    setBusy(true)
    setErrors({})
    setError(null)
    try {
      const levels = Object.fromEntries(
        tierOrder.map((t) => {
          const c = cells[t]
          return [
            t,
            {
              level: c.level,
              ...(c.level === 'named_role' ? { role: c.role.trim() || null } : {}),
              ...(c.meaning.trim() ? { meaning: c.meaning.trim() } : {}),
            },
          ]
        }),
      ) as Record<Tier, { level: BenefitLevel; role?: string | null; meaning?: string }>
      unwrap(
        await api.PATCH('/api/program/years/{year}/benefits/{key}', {
          params: { path: { year, key: benefit.key } },
          body: { label: label.trim(), levels },
        }),
      )
      await onSaved()
    } catch (e) {
      // Paths are "label" or "levels.<tier>.<field>"; a tier's fields are "<tier>.level", "<tier>.role", "<tier>.meaning".
      const fields = ['label', ...tierOrder.flatMap((t) => [`${t}.level`, `${t}.role`, `${t}.meaning`])]
      showErrors(e, fields, setErrors, setError, (path) => {
        const [head, tier, field] = path.split('.')
        return head === 'levels' && tier ? `${tier}.${field ?? 'level'}` : path
      })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack>
      <FormError error={error} />
      <TextInput label="Label" value={label} onChange={(e) => setLabel(e.currentTarget.value)} error={errors.label} />
      <Text size="sm" c="dimmed">
        Level per tier. A named role names who provides it; Limited must say what it concretely gives.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {tierOrder.map((t) => (
          <Stack key={t} gap={6} role="group" aria-label={tierLabels[t]}>
            <Select
              label={tierLabels[t]}
              data={Object.entries(levelLabels).map(([value, l]) => ({ value, label: l }))}
              value={cells[t].level}
              onChange={(v) => v && set(t, { level: v as BenefitLevel })}
              allowDeselect={false}
              error={errors[`${t}.level`]}
            />
            {cells[t].level === 'named_role' && (
              <TextInput
                label="Role"
                placeholder="VP/SVP"
                value={cells[t].role}
                onChange={(e) => set(t, { role: e.currentTarget.value })}
                error={errors[`${t}.role`]}
              />
            )}
            {cells[t].level === 'limited' && (
              <Textarea
                label="What Limited gives"
                autosize
                minRows={2}
                value={cells[t].meaning}
                onChange={(e) => set(t, { meaning: e.currentTarget.value })}
                error={errors[`${t}.meaning`]}
              />
            )}
          </Stack>
        ))}
      </SimpleGrid>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={() => void save()} loading={busy}>
          Save benefit
        </Button>
      </Group>
    </Stack>
  )
}
