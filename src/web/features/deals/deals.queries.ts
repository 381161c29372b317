import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from '../../lib/api.ts'
import type { paths } from '../../lib/api-types.ts'

type ListQuery = paths['/api/deals']['get']['parameters']['query']

export function useDeals(query: ListQuery) {
  return useQuery({
    queryKey: ['deals', 'list', query],
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/deals', { params: { query } })),
  })
}

export function useDeal(id: string | null) {
  return useQuery({
    queryKey: ['deals', 'detail', id],
    enabled: !!id,
    queryFn: async () => unwrap(await api.GET('/api/deals/{id}', { params: { path: { id: id! } } })),
  })
}

export function usePipeline(query: { groupBy: Schemas['PipelineReport']['groupBy'] }) {
  return useQuery({
    queryKey: ['deals', 'pipeline', query],
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async () => unwrap(await api.GET('/api/deals/pipeline', { params: { query } })),
  })
}

export function usePartnerPipeline(partnerId: string, year: number) {
  return useQuery({
    queryKey: ['deals', 'partner-pipeline', partnerId, year],
    queryFn: async () => unwrap(await api.GET('/api/partners/{id}/pipeline', { params: { path: { id: partnerId }, query: { year } } })),
  })
}

export function useRefreshDeals() {
  const qc = useQueryClient()
  return () => qc.invalidateQueries({ queryKey: ['deals'] })
}
