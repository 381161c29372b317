import { Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { FormError } from '../../components/form-error.tsx'
import { useState } from 'react'
import { api, unwrap } from '../../lib/api.ts'
import { showErrors } from '../../lib/form-errors.ts'
import { today, type Recommendation } from './reviews.model.ts'
import { tierLabels, tierOrder, type Tier } from '../../lib/tiers.ts'
import { TierBadge } from '../../components/tier-badge.tsx'

type Props = { cycleId: string; rec: Recommendation | null; onClose: () => void; onSaved: () => void | Promise<void> }

export function DecisionModal({ cycleId, rec, onClose, onSaved }: Props) {
  return (
    <Modal opened={!!rec} onClose={onClose} title={rec ? `Decide: ${rec.legalName}` : ''} size="lg">
      {rec && <DecisionForm key={rec.partnerId} cycleId={cycleId} rec={rec} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  )
}

const NONE = 'none'

/** The tier chosen for a partner: the recommendation, or another tier with a written justification. */
function DecisionForm({ cycleId, rec, onClose, onSaved }: Omit<Props, 'rec'> & { rec: Recommendation }) {
  const [tier, setTier] = useState<string>(rec.decision ? (rec.decision.chosenTier ?? NONE) : (rec.recommendedTier ?? NONE))
  const [justification, setJustification] = useState(rec.decision?.justification ?? '')
  const [effectiveDate, setEffectiveDate] = useState(rec.decision?.effectiveDate ?? today())
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const chosen = tier === NONE ? null : (tier as Tier)
  const differs = chosen !== rec.recommendedTier

  const save = async () => {
    if (differs && !justification.trim()) return setErrors({ justification: 'Say why the tier differs from the recommendation' })
    setBusy(true)
    setErrors({})
    setError(null)
    try {
      unwrap(
        await api.POST('/api/reviews/{id}/decisions', {
          params: { path: { id: cycleId } },
          body: {
            partnerId: rec.partnerId,
            tier: chosen,
            effectiveDate,
            ...(justification.trim() ? { justification: justification.trim() } : {}),
          },
        }),
      )
      await onSaved()
    } catch (e) {
      showErrors(e, ['tier', 'justification', 'effectiveDate'], setErrors, setError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack>
      <FormError error={error} />
      <Group gap="lg">
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Current
          </Text>
          <TierBadge tier={rec.currentTier} />
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Recommended
          </Text>
          <TierBadge tier={rec.recommendedTier} />
        </Stack>
      </Group>
      <Text size="sm">{rec.summary}</Text>
      <Select
        label="Tier chosen"
        data={[...tierOrder.map((t) => ({ value: t, label: tierLabels[t] })), { value: NONE, label: 'No tier' }]}
        value={tier}
        onChange={(v) => v && setTier(v)}
        allowDeselect={false}
        error={errors.tier}
      />
      <Textarea
        label="Justification"
        description={differs ? 'Required: the chosen tier differs from the recommendation' : 'Optional when following the recommendation'}
        required={differs}
        autosize
        minRows={2}
        value={justification}
        onChange={(e) => setJustification(e.currentTarget.value)}
        error={errors.justification}
      />
      <TextInput
        label="Takes effect on"
        type="date"
        value={effectiveDate}
        onChange={(e) => setEffectiveDate(e.currentTarget.value)}
        error={errors.effectiveDate}
      />
      <Text size="xs" c="dimmed">
        The decision needs approval from Sales and from Alliances before it takes effect.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={() => void save()} loading={busy}>
          Record decision
        </Button>
      </Group>
    </Stack>
  )
}
