import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from '../../lib/api.ts'

export function usePartnerFunds(partnerId: string | null) {
  return useQuery({
    queryKey: ['funds', partnerId, 'balances'],
    enabled: !!partnerId,
    queryFn: async () => unwrap(await api.GET('/api/partners/{id}/funds', { params: { path: { id: partnerId! } } })),
  })
}

export function useRequests(query: { partnerId?: string; queue?: 'true' }) {
  return useQuery({
    queryKey: ['funds', query.partnerId ?? 'all', 'requests', query.queue ?? 'all'],
    queryFn: async () => unwrap(await api.GET('/api/funds/requests', { params: { query } })).items,
  })
}

export function useLedger(partnerId?: string) {
  return useQuery({
    queryKey: ['funds', partnerId ?? 'all', 'ledger'],
    queryFn: async () => unwrap(await api.GET('/api/funds/ledger', { params: { query: { partnerId, limit: 50 } } })).items,
  })
}

/** After any funds write: balances, requests and the ledger reload together. */
export function useRefreshFunds() {
  const qc = useQueryClient()
  return () => qc.invalidateQueries({ queryKey: ['funds'] })
}
