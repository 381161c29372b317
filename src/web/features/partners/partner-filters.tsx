import { Group, Select, TextInput } from '@mantine/core'
import { SearchIcon } from '../../components/icons.tsx'
import { countryOptions } from '../../lib/countries.ts'
import { options, programStatusLabels, riskLabels, sortOptions, statusLabels, typeLabels, type PartnerSort } from './partners.model.ts'
import type { PartnerFilters } from './partners.queries.ts'
import { tierLabels } from '../../lib/tiers.ts'

type Props = { search: string; onSearch: (q: string) => void; filters: PartnerFilters; onChange: (f: PartnerFilters) => void }

export function PartnerFilterBar({ search, onSearch, filters, onChange }: Props) {
  const set = <K extends keyof PartnerFilters>(key: K, value: PartnerFilters[K]) => onChange({ ...filters, [key]: value })
  return (
    <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
      <TextInput
        label="Search"
        placeholder="Name, alias or domain (typos are fine)"
        value={search}
        onChange={(e) => onSearch(e.currentTarget.value)}
        w={280}
        leftSection={<SearchIcon size={16} />}
      />
      <Select
        label="Type"
        placeholder="Any type"
        data={options(typeLabels)}
        value={filters.type}
        onChange={(v) => set('type', v as PartnerFilters['type'])}
        clearable
        w={160}
      />
      <Select
        label="Status"
        placeholder="Any status"
        data={options(statusLabels)}
        value={filters.status}
        onChange={(v) => set('status', v as PartnerFilters['status'])}
        clearable
        w={150}
      />
      <Select
        label="Tier"
        placeholder="Any tier"
        data={options(tierLabels)}
        value={filters.tier}
        onChange={(v) => set('tier', v as PartnerFilters['tier'])}
        clearable
        w={140}
      />
      <Select
        label="Country"
        placeholder="Any country"
        data={countryOptions}
        value={filters.country}
        onChange={(v) => set('country', v)}
        searchable
        clearable
        w={200}
      />
      <Select
        label="Safety risk"
        placeholder="Any risk"
        data={options(riskLabels)}
        value={filters.riskLevel ?? null}
        onChange={(v) => set('riskLevel', v as PartnerFilters['riskLevel'])}
        clearable
        w={140}
      />
      <Select
        label="Safety program"
        placeholder="Any program status"
        data={options(programStatusLabels)}
        value={filters.programStatus ?? null}
        onChange={(v) => set('programStatus', v as PartnerFilters['programStatus'])}
        clearable
        w={190}
      />
      <Select
        label="Sort"
        data={sortOptions.map((o) => ({ ...o }))}
        value={filters.sort}
        onChange={(v) => v && set('sort', v as PartnerSort)}
        allowDeselect={false}
        w={160}
      />
    </Group>
  )
}
