import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from '../../lib/api.ts'
import type { CaseStatus } from './onboarding.model.ts'

export function useCases(f: { status: CaseStatus | null; mine: boolean }) {
  const query = { ...(f.status ? { status: f.status } : {}), ...(f.mine ? { mine: 'true' as const } : {}) }
  return useQuery({
    queryKey: ['onboarding', 'list', query],
    queryFn: async () => unwrap(await api.GET('/api/onboarding/cases', { params: { query } })).items,
  })
}

export function useCase(id: string) {
  return useQuery({
    queryKey: ['onboarding', 'case', id],
    queryFn: async () => unwrap(await api.GET('/api/onboarding/cases/{id}', { params: { path: { id } } })),
  })
}

/** GPA users, who own cases. */
export function useGpaUsers(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'gps'],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/users', { params: { query: { role: 'gps', status: 'active' } } })).items,
  })
}

export function useRefreshOnboarding() {
  const qc = useQueryClient()
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['onboarding'] }),
      qc.invalidateQueries({ queryKey: ['partners'] }),
      qc.invalidateQueries({ queryKey: ['agreements'] }),
    ])
}
