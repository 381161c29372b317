import { useQueries, useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../../lib/api.ts'

export function useUsers(q: string) {
  return useQuery({
    queryKey: ['users', 'list', q],
    queryFn: async () => unwrap(await api.GET('/api/users', { params: { query: q.trim() ? { q: q.trim() } : {} } })).items,
    placeholderData: (prev) => prev,
  })
}

/** Names of the partners some users belong to, for display. */
export function usePartnerNames(ids: string[]): Record<string, string> {
  const unique = [...new Set(ids)]
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ['partners', 'one', id],
      staleTime: 60_000,
      queryFn: async () => {
        const res = await api.GET('/api/partners/{id}', { params: { path: { id } } })
        const partner = unwrap(res)
        return { partner, etag: res.response.headers.get('ETag') ?? `"${partner.version}"` }
      },
    })),
  })
  const names: Record<string, string> = {}
  results.forEach((r, i) => {
    const id = unique[i]
    if (r.data && id) names[id] = r.data.partner.legalName
  })
  return names
}

/** Partners matching a search, for the partner picker. */
export function usePartnerSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['partners', 'pick', q],
    enabled,
    placeholderData: (prev) => prev,
    queryFn: async () =>
      unwrap(await api.GET('/api/partners', { params: { query: { ...(q.trim() ? { q: q.trim() } : {}), sort: 'legalName', limit: 20 } } }))
        .items,
  })
}
