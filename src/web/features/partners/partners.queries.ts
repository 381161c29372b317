import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../../lib/api.ts'
import type { Partner, PartnerSort, PartnerStatus, PartnerType, ProgramStatus, RiskLevel } from './partners.model.ts'
import type { Tier } from '../../lib/tiers.ts'

export type PartnerFilters = {
  q: string
  type: PartnerType | null
  status: PartnerStatus | null
  tier: Tier | null
  country: string | null
  riskLevel?: RiskLevel | null
  programStatus?: ProgramStatus | null
  sort: PartnerSort
}

/** The filters as query parameters, without empty ones (shared by the list and the export links). */
export function filterParams(f: PartnerFilters) {
  return {
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.tier ? { tier: f.tier } : {}),
    ...(f.country ? { country: f.country } : {}),
    ...(f.riskLevel ? { riskLevel: f.riskLevel } : {}),
    ...(f.programStatus ? { programStatus: f.programStatus } : {}),
    sort: f.sort,
  }
}

export function usePartnerList(filters: PartnerFilters) {
  const query = filterParams(filters)
  return useInfiniteQuery({
    queryKey: ['partners', 'list', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/partners', { params: { query: { ...query, limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export type PartnerWithEtag = { partner: Partner; etag: string }

export function usePartner(id: string | undefined) {
  return useQuery({
    queryKey: ['partners', 'one', id],
    enabled: !!id,
    queryFn: async (): Promise<PartnerWithEtag> => {
      const res = await api.GET('/api/partners/{id}', { params: { path: { id: id! } } })
      const partner = unwrap(res)
      return { partner, etag: res.response.headers.get('ETag') ?? `"${partner.version}"` }
    },
  })
}

/** Internal staff for the manager / ops / sponsor pickers. */
export function useStaff(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'staff'],
    enabled,
    staleTime: 60_000,
    queryFn: async () => unwrap(await api.GET('/api/users', { params: { query: { status: 'active' } } })).items.filter((u) => !u.partnerId),
  })
}
