import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from '../../lib/api.ts'
import type { Movement } from './reviews.model.ts'

export const reviewKeys = {
  all: ['reviews'] as const,
  cycles: ['reviews', 'cycles'] as const,
  recommendations: (id: string) => ['reviews', 'recommendations', id] as const,
}

export function useReviewCycles() {
  return useQuery({
    queryKey: reviewKeys.cycles,
    queryFn: async () => unwrap(await api.GET('/api/reviews')).items,
  })
}

export function useReviewCycle(id: string) {
  return useQuery({
    queryKey: [...reviewKeys.cycles, id],
    queryFn: async () => unwrap(await api.GET('/api/reviews/{id}', { params: { path: { id } } })),
  })
}

export type RecommendationFilters = { movement: Movement | null; q: string }

export function useRecommendations(cycleId: string, f: RecommendationFilters) {
  const query = { ...(f.movement ? { movement: f.movement } : {}), ...(f.q.trim() ? { q: f.q.trim() } : {}) }
  return useInfiniteQuery({
    queryKey: [...reviewKeys.recommendations(cycleId), query],
    initialPageParam: undefined as string | undefined,
    placeholderData: keepPreviousData,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/reviews/{id}/recommendations', {
          params: { path: { id: cycleId }, query: { ...query, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function useTierHistory(partnerId: string) {
  return useQuery({
    queryKey: ['partners', 'tier-history', partnerId],
    queryFn: async () => unwrap(await api.GET('/api/partners/{id}/tier-history', { params: { path: { id: partnerId } } })).items,
  })
}

/** After any review write: cycles, recommendations, partners (their tier may have changed) and tier evaluations reload. */
export function useRefreshReviews() {
  const qc = useQueryClient()
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: reviewKeys.all }),
      qc.invalidateQueries({ queryKey: ['partners'] }),
      qc.invalidateQueries({ queryKey: ['program'] }),
    ])
}
