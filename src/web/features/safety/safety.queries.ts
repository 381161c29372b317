import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from '../../lib/api.ts'

const path = (id: string) => ({ params: { path: { id } } })

export function useClearance(partnerId: string) {
  return useQuery({
    queryKey: ['safety', partnerId, 'clearance'],
    queryFn: async () => unwrap(await api.GET('/api/partners/{id}/safety/clearance', path(partnerId))),
  })
}

export function useRisk(partnerId: string) {
  return useQuery({
    queryKey: ['safety', partnerId, 'risk'],
    queryFn: async () => unwrap(await api.GET('/api/partners/{id}/safety/risk', path(partnerId))),
  })
}

export function useSubscription(partnerId: string) {
  return useQuery({
    queryKey: ['safety', partnerId, 'subscription'],
    queryFn: async () => unwrap(await api.GET('/api/partners/{id}/safety/subscription', path(partnerId))),
  })
}

export function useEvidence(partnerId: string) {
  return useQuery({
    queryKey: ['safety', partnerId, 'evidence'],
    queryFn: async () => unwrap(await api.GET('/api/partners/{id}/safety/evidence', path(partnerId))).items,
  })
}

export function useGaps(partnerId: string) {
  return useQuery({
    queryKey: ['safety', partnerId, 'gaps'],
    queryFn: async () => unwrap(await api.GET('/api/safety/gaps', { params: { query: { partnerId } } })).items,
  })
}

/** After any safety write: everything about safety reloads (clearance, gaps and evidence move together). */
export function useRefreshSafety() {
  const qc = useQueryClient()
  return () => qc.invalidateQueries({ queryKey: ['safety'] })
}
