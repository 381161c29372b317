import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { countryName } from '../../lib/countries.ts'
import { formatDateTime } from '../../lib/format.ts'
import type { Schemas } from '../../lib/api.ts'
import { StatusBadge } from './partner-badges.tsx'
import { typeLabels, type Partner } from './partners.model.ts'
import { TierBadge } from '../../components/tier-badge.tsx'

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  )
}

const none = (
  <Text c="dimmed" size="sm">
    —
  </Text>
)

function Chips({ values, render = (v) => v }: { values: string[]; render?: (v: string) => string }) {
  if (!values.length) return none
  return (
    <Group gap={6}>
      {values.map((v) => (
        <Badge key={v} variant="default" tt="none" fw={500}>
          {render(v)}
        </Badge>
      ))}
    </Group>
  )
}

function Person({ who }: { who: Schemas['StaffRef'] }) {
  if (!who)
    return (
      <Text c="dimmed" size="sm">
        Unassigned
      </Text>
    )
  return (
    <Text size="sm">
      {who.name}{' '}
      <Anchor href={`mailto:${who.email}`} size="sm">
        {who.email}
      </Anchor>
    </Text>
  )
}

export function PartnerProfile({ partner: p }: { partner: Partner }) {
  return (
    <Stack>
      <Card withBorder>
        <Title order={2} size="h4" mb="md">
          Company
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
          <Field label="Legal name">
            <Text size="sm">{p.legalName}</Text>
          </Field>
          <Field label="Aliases">
            <Chips values={p.aliases} />
          </Field>
          <Field label="Partner type">
            <Text size="sm">{typeLabels[p.type]}</Text>
          </Field>
          <Field label="Website">
            {p.website ? (
              <Anchor href={p.website} target="_blank" rel="noreferrer" size="sm">
                {p.website}
              </Anchor>
            ) : (
              none
            )}
          </Field>
          <Field label="Domain">{p.domain ? <Text size="sm">{p.domain}</Text> : none}</Field>
          <Field label="Headquarters">
            <Text size="sm">
              {countryName(p.headquartersCountry)} ({p.headquartersCountry})
            </Text>
          </Field>
          <Field label="Countries covered">
            <Chips values={p.countries} render={(c) => countryName(c)} />
          </Field>
        </SimpleGrid>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="md">
          Program
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
          <Field label="Status">
            <StatusBadge status={p.status} />
          </Field>
          <Field label="Tier">
            <TierBadge tier={p.tier} />
          </Field>
          <Field label="Services offered">
            <Chips values={p.services} />
          </Field>
          <Field label="Go-to-market categories">
            <Chips values={p.gtmCategories} />
          </Field>
        </SimpleGrid>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="md">
          People
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
          <Field label="Partner manager">
            <Person who={p.partnerManager} />
          </Field>
          <Field label="Partner operations">
            <Person who={p.partnerOps} />
          </Field>
          <Field label="Relationship sponsor">
            <Person who={p.sponsor} />
          </Field>
        </SimpleGrid>
      </Card>
      <Text size="xs" c="dimmed">
        Created {formatDateTime(p.createdAt)} · Last updated {formatDateTime(p.updatedAt)} · Version {p.version}
      </Text>
    </Stack>
  )
}
