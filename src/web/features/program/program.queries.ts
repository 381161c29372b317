import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from '../../lib/api.ts'
import type { CriterionKey, Entitlement, Rule, YearMetrics } from './program.model.ts'

export const programKeys = {
  all: ['program'] as const,
  years: ['program', 'years'] as const,
  year: (year: number) => ['program', 'years', year] as const,
  partner: (id: string) => ['program', 'partner', id] as const,
}

export function useProgramYears() {
  return useQuery({
    queryKey: programKeys.years,
    staleTime: 60_000,
    queryFn: async () => unwrap(await api.GET('/api/program/years')).items,
  })
}

export function useProgramYear(year: number | null) {
  return useQuery({
    queryKey: programKeys.year(year ?? 0),
    enabled: year !== null,
    queryFn: async () => unwrap(await api.GET('/api/program/years/{year}', { params: { path: { year: year! } } })),
  })
}

/** The year in force: the latest active year, else the latest locked one, else the latest. */
export function yearInForce(years: { year: number; status: string }[]): number | null {
  const by = (s: string) => years.filter((y) => y.status === s).map((y) => y.year)
  const pick = by('active').length ? by('active') : by('locked').length ? by('locked') : years.map((y) => y.year)
  return pick.length ? Math.max(...pick) : null
}

export function useTierEvaluation(partnerId: string, rule: Rule, year?: number) {
  return useQuery({
    queryKey: [...programKeys.partner(partnerId), 'evaluation', rule, year ?? 'current'],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/partners/{id}/tier-evaluation', {
          params: { path: { id: partnerId }, query: { rule, ...(year ? { year } : {}) } },
        }),
      ),
  })
}

export function useBenefits(partnerId: string | null) {
  return useQuery({
    queryKey: [...programKeys.partner(partnerId ?? ''), 'benefits'],
    enabled: partnerId !== null,
    queryFn: async () => unwrap(await api.GET('/api/partners/{id}/benefits', { params: { path: { id: partnerId! } } })),
  })
}

/**
 * Whether the signed-in user's company is offered a benefit, so screens leave out what its tier does not
 * include (the API refuses it regardless). Internal staff are not gated. A partner user is offered what its
 * tier grants (or what `includes` accepts of the entitlement); undefined while its benefits load. Should
 * they fail to load, the screen shows the capability and leaves the refusal to the API.
 */
export function useOffered(user: { partnerId?: string | null }) {
  const q = useBenefits(user.partnerId ?? null)
  return (key: string, includes: (e: Entitlement) => boolean = (e) => e.granted): boolean | undefined => {
    if (!user.partnerId || q.isError) return true
    if (!q.data) return undefined
    const e = q.data.items.find((i) => i.key === key)
    return !!e && includes(e)
  }
}

export function useQuarterMetrics(partnerId: string, year: number) {
  return useQuery({
    queryKey: [...programKeys.partner(partnerId), 'metrics', year],
    queryFn: async () =>
      unwrap(await api.GET('/api/partners/{id}/metrics', { params: { path: { id: partnerId }, query: { year } } })).items,
  })
}

export function useWaivers(partnerId: string, year: number, enabled = true) {
  return useQuery({
    queryKey: [...programKeys.partner(partnerId), 'waivers', year],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/partners/{id}/waivers', { params: { path: { id: partnerId }, query: { year } } })).items,
  })
}

/** What-if: evaluates the figures given; the key holds them, so a late answer never overwrites a newer one. */
export function useWhatIf(metrics: YearMetrics | null, rule: Rule, year?: number, waived: CriterionKey[] = []) {
  return useQuery({
    queryKey: ['program', 'what-if', rule, year ?? 'current', metrics, waived],
    enabled: metrics !== null,
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async () =>
      unwrap(
        await api.POST('/api/program/evaluate', {
          body: { rule, ...(year ? { year } : {}), metrics: metrics!, ...(waived.length ? { waived } : {}) },
        }),
      ),
  })
}

/** After a write on a partner's program data: its evaluation, metrics, waivers and benefits reload. */
export function useRefreshPartnerProgram(partnerId: string) {
  const qc = useQueryClient()
  return () => qc.invalidateQueries({ queryKey: programKeys.partner(partnerId) })
}
