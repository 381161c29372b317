import { Badge, Group, Table, Text, Tooltip } from '@mantine/core'
import { categoryLabels, categoryOrder, formatCriterionValue, formatThreshold, type Evaluation } from './program.model.ts'
import { tierLabels, tierOrder, type Tier } from '../../lib/tiers.ts'

type Waiver = { key: string; reason: string }

function Outcome({ met, waived, threshold, unit }: { met: boolean; waived?: boolean; threshold: string; unit: string }) {
  const text = formatThreshold(threshold, unit)
  const na = threshold === 'n/a' || threshold === 'optional'
  const state = waived ? 'waived' : na ? 'not applicable' : met ? 'met' : 'missed'
  const color = waived ? 'yellow.8' : na ? 'dimmed' : met ? 'green.8' : 'red.7'
  const mark = waived ? '≈' : na ? '·' : met ? '✓' : '✗'
  return (
    <Group gap={6} wrap="nowrap" aria-label={`${text}: ${state}`}>
      <Text span fw={700} c={color} aria-hidden>
        {mark}
      </Text>
      <Text span size="sm" c={na ? 'dimmed' : undefined}>
        {text}
      </Text>
      {waived && (
        <Badge size="xs" color="yellow" variant="light">
          waived
        </Badge>
      )}
    </Group>
  )
}

/** Every criterion's value against each tier's threshold: met ✓, missed ✗, waived ≈ (with its reason). */
export function CriteriaTable({ evaluation, waivers = [] }: { evaluation: Evaluation; waivers?: Waiver[] }) {
  const reasons = new Map(waivers.map((w) => [w.key, w.reason]))
  const rows = categoryOrder.flatMap((cat) => evaluation.criteria.filter((c) => c.category === cat))
  const highlight = (t: Tier) => (evaluation.tier === t ? 'var(--mantine-color-indigo-light)' : undefined)
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table aria-label="Tier criteria" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Criterion</Table.Th>
            <Table.Th>Value</Table.Th>
            {tierOrder.map((t) => (
              <Table.Th key={t} bg={highlight(t)}>
                {tierLabels[t]}
                {evaluation.tiers[t].met ? ' ✓' : ''}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c, i) => {
            const first = i === 0 || rows[i - 1]?.category !== c.category

            const reason = reasons.get(c.key)
            return [
              first && (
                <Table.Tr key={`${c.category}-head`}>
                  <Table.Td colSpan={6} bg="var(--mantine-color-gray-light)">
                    <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                      {categoryLabels[c.category]}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ),
              <Table.Tr key={c.key} data-criterion={c.key}>
                <Table.Td maw={300}>
                  <Text size="sm" fw={500}>
                    {c.label}
                  </Text>
                  {reason && (
                    <Text size="xs" c="yellow">
                      Waived: {reason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {formatCriterionValue(c.value, c.unit)}
                  </Text>
                </Table.Td>
                {tierOrder.map((t) => (
                  <Table.Td key={t} bg={highlight(t)}>
                    <Outcome {...c.byTier[t]} unit={c.unit} />
                  </Table.Td>
                ))}
              </Table.Tr>,
            ]
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

/** Per category and tier: criteria met of those that apply, against how many the holistic rule needs. */
export function CategorySummary({ evaluation }: { evaluation: Evaluation }) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label="Category summary" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Category</Table.Th>
            {tierOrder.map((t) => (
              <Table.Th key={t}>{tierLabels[t]}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {categoryOrder.map((cat) => (
            <Table.Tr key={cat}>
              <Table.Td fw={500}>{categoryLabels[cat]}</Table.Td>
              {tierOrder.map((t) => {
                const o = evaluation.categories[cat][t]
                if (o.applicable === 0)
                  return (
                    <Table.Td key={t}>
                      <Text size="sm" c="dimmed" span>
                        none apply
                      </Text>
                    </Table.Td>
                  )
                return (
                  <Table.Td key={t}>
                    <Tooltip label={`${o.met} of ${o.applicable} applicable criteria met; the holistic rule needs ${o.needed}`}>
                      <Text size="sm" c={o.passed ? 'green.8' : 'red.7'} span>
                        {o.passed ? '✓' : '✗'} {o.met}/{o.applicable} met (needs {o.needed})
                      </Text>
                    </Tooltip>
                  </Table.Td>
                )
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
