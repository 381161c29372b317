import { MultiSelect, Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { api, unwrap } from '../lib/api.ts'

/** A partner as pickers hand it back: enough to name it and to know where it operates. */
export type PartnerChoice = { id: string; legalName: string; countries: string[]; headquartersCountry: string }

/** Where a partner operates: its countries, else its headquarters' country. */
export const coverageOf = (p: Pick<PartnerChoice, 'countries' | 'headquartersCountry'>) =>
  p.countries.length ? p.countries : [p.headquartersCountry]

/** Partners whose name matches the search, 25 at a time by name (the partners list's own search). */
function usePartnerSearch(search: string) {
  const [q] = useDebouncedValue(search, 250)
  return useQuery({
    queryKey: ['partners', 'picker', q],
    queryFn: async (): Promise<PartnerChoice[]> =>
      unwrap(await api.GET('/api/partners', { params: { query: { ...(q.trim() ? { q: q.trim() } : {}), limit: 25, sort: 'legalName' } } }))
        .items,
  })
}

const noFilter = ({ options }: { options: unknown[] }) => options as never

/** Chooses several partners by searching their names (ad hoc reviews). */
export function PartnersPicker({ value, onChange, error }: { value: string[]; onChange: (v: string[]) => void; error?: string }) {
  const [search, setSearch] = useState('')
  const [known, setKnown] = useState<Record<string, string>>({})
  const found = usePartnerSearch(search)
  const names = { ...known, ...Object.fromEntries((found.data ?? []).map((p) => [p.id, p.legalName])) }
  const data = [...new Set([...value, ...(found.data ?? []).map((p) => p.id)])].map((id) => ({ value: id, label: names[id] ?? id }))
  return (
    <MultiSelect
      label="Partners"
      required
      placeholder="Search partners by name"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={noFilter}
      data={data}
      value={value}
      onChange={(ids) => {
        setKnown((k) => ({ ...k, ...Object.fromEntries(ids.map((id) => [id, names[id] ?? id])) }))
        onChange(ids)
      }}
      error={error}
      nothingFoundMessage={found.isFetching ? 'Searching…' : 'No partner found'}
    />
  )
}

/** Chooses one partner by searching its name; hands back the partner (its countries included). */
export function PartnerPicker({
  value,
  onChange,
  error,
}: {
  value: PartnerChoice | null
  onChange: (p: PartnerChoice | null) => void
  error?: string
}) {
  const [search, setSearch] = useState('')
  const found = usePartnerSearch(search === value?.legalName ? '' : search)
  const options = [...(value ? [value] : []), ...(found.data ?? []).filter((p) => p.id !== value?.id)]
  return (
    <Select
      label="Partner"
      placeholder="Search partners by name"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={noFilter}
      data={options.map((p) => ({ value: p.id, label: p.legalName }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(options.find((p) => p.id === id) ?? null)}
      error={error}
      nothingFoundMessage={found.isFetching ? 'Searching…' : 'No partner found'}
    />
  )
}
