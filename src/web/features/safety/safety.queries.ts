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

export function useMatrix() {
  return useQuery({ queryKey: ['safety', 'matrix'], queryFn: async () => unwrap(await api.GET('/api/safety/matrix')) })
}

export function useRequirements() {
  return useQuery({ queryKey: ['safety', 'requirements'], queryFn: async () => unwrap(await api.GET('/api/safety/requirements')) })
}

export function useProviders() {
  return useQuery({
    queryKey: ['safety', 'providers'],
    staleTime: 60_000,
    queryFn: async () => unwrap(await api.GET('/api/safety/providers')).items,
  })
}

export function useDashboard() {
  return useQuery({ queryKey: ['safety', 'dashboard'], queryFn: async () => unwrap(await api.GET('/api/safety/dashboard')) })
}

export function useClearanceOverride(partnerId: string) {
  return useQuery({
    queryKey: ['safety', partnerId, 'clearance-override'],
    queryFn: async () => unwrap(await api.GET('/api/partners/{id}/safety/clearance-override', path(partnerId))),
  })
}

export type GapFilters = {
  open: 'true' | 'false' | null
  source: 'computed' | 'red_flag' | null
  kind: string | null
  ownerId: string | null
  minAgeDays: number | null
}

/** The gap queue with its filters (owner, kind, age) applied by the server. */
export function useGapQueue(f: GapFilters) {
  const query = {
    ...(f.open ? { open: f.open } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.ownerId ? { ownerId: f.ownerId } : {}),
    ...(f.minAgeDays !== null ? { minAgeDays: f.minAgeDays } : {}),
  }
  return useQuery({
    queryKey: ['safety', 'gaps', query],
    queryFn: async () => unwrap(await api.GET('/api/safety/gaps', { params: { query } })).items,
  })
}
