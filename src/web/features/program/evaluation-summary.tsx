import { Badge, Group, List, Stack, Text } from '@mantine/core'
import {
  categoryLabels,
  categoryOrder,
  movementColors,
  movementLabels,
  movementOf,
  ruleLabels,
  type CriterionKey,
  type Evaluation,
} from './program.model.ts'
import { useProgramYear } from './program.queries.ts'
import { tierLabels, type Tier } from '../../lib/tiers.ts'
import { TierBadge } from '../../components/tier-badge.tsx'

type Gap = Evaluation['gaps'][number]

/**
 * The gaps grouped as the rule reads them. Strict: every gap is needed. Holistic: unmet must-pass criteria are
 * needed; in a category that falls short, any N of its unmet criteria will do.
 */
export function gapGroups(e: Evaluation, mustPass: CriterionKey[]): { title: string; gaps: Gap[] }[] {
  if (!e.nextTier || !e.gaps.length) return []
  if (e.rule === 'strict') return [{ title: 'All of:', gaps: e.gaps }]
  const must = e.gaps.filter((g) => mustPass.includes(g.key))
  const groups = must.length ? [{ title: 'Required:', gaps: must }] : []
  for (const cat of categoryOrder) {
    const open = e.gaps.filter((g) => g.category === cat && !mustPass.includes(g.key))
    if (!open.length) continue
    const o = e.categories[cat][e.nextTier]
    const more = Math.max(1, o.needed - o.met - must.filter((g) => g.category === cat).length)
    const name = categoryLabels[cat].toLowerCase()
    groups.push({
      title:
        open.length <= more
          ? `${name.charAt(0).toUpperCase()}${name.slice(1)}:`
          : `${more} more ${name} criteri${more === 1 ? 'on' : 'a'}, any of:`,
      gaps: open,
    })
  }
  return groups
}

/** The evaluated tier against the current one, and for the next tier up the gaps in plain words. */
export function EvaluationSummary({
  evaluation,
  currentTier,
  label = 'Evaluated tier',
}: {
  evaluation: Evaluation
  currentTier: Tier | null
  label?: string
}) {
  const movement = movementOf(currentTier, evaluation.tier)
  const year = useProgramYear(evaluation.year)
  const groups = gapGroups(evaluation, year.data?.rule.mustPass ?? ['revenue'])
  return (
    <Stack gap="sm">
      <Group gap="xl" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Current tier
          </Text>
          <TierBadge tier={currentTier} />
        </Stack>
        <Stack gap={4} aria-label={label} role="group">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {label} ({ruleLabels[evaluation.rule].toLowerCase()}, {evaluation.year})
          </Text>
          <Group gap="xs">
            <span data-testid="evaluated-tier">
              {evaluation.tier ? (
                <TierBadge tier={evaluation.tier} />
              ) : (
                <Badge color="red" variant="outline">
                  Meets no tier
                </Badge>
              )}
            </span>
            <Badge color={movementColors[movement]} variant="light">
              {movement === 'keep'
                ? 'Matches current tier'
                : `${movementLabels[movement]} to ${evaluation.tier ? tierLabels[evaluation.tier] : 'no tier'}`}
            </Badge>
          </Group>
        </Stack>
        <Stack gap={4}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Next tier
          </Text>
          {evaluation.nextTier ? <TierBadge tier={evaluation.nextTier} /> : <Text size="sm">Already at the top tier</Text>}
        </Stack>
      </Group>
      <Text size="sm">{evaluation.summary}</Text>
      {evaluation.nextTier && groups.length > 0 && (
        <Stack gap={6} role="region" aria-label="Gaps to the next tier">
          <Text size="sm" fw={600}>
            To reach {tierLabels[evaluation.nextTier]}:
          </Text>
          {groups.map((grp) => (
            <div key={grp.title}>
              <Text size="sm" c="dimmed">
                {grp.title}
              </Text>
              <List size="sm" spacing={2}>
                {grp.gaps.map((g) => (
                  <List.Item key={g.key}>{g.message}</List.Item>
                ))}
              </List>
            </div>
          ))}
        </Stack>
      )}
    </Stack>
  )
}
