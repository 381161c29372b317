import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from '../../lib/api.ts'
import type { AgreementStatus, AgreementType } from './agreements.model.ts'

export type AgreementFilters = {
  partnerId?: string
  type?: AgreementType | null
  status?: AgreementStatus | null
  expiringWithinDays?: number | null
  q?: string
}

export function useAgreements(f: AgreementFilters) {
  const query = {
    ...(f.partnerId ? { partnerId: f.partnerId } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.expiringWithinDays ? { expiringWithinDays: f.expiringWithinDays } : {}),
    ...(f.q?.trim() ? { q: f.q.trim() } : {}),
  }
  return useQuery({
    queryKey: ['agreements', 'list', query],
    queryFn: async () => unwrap(await api.GET('/api/agreements', { params: { query } })).items,
  })
}

export function useAgreement(id: string) {
  return useQuery({
    queryKey: ['agreements', 'detail', id],
    queryFn: async () => unwrap(await api.GET('/api/agreements/{id}', { params: { path: { id } } })),
  })
}

/** After any agreement write: agreements and partners (countries and status may follow) reload. */
export function useRefreshAgreements() {
  const qc = useQueryClient()
  return () => Promise.all([qc.invalidateQueries({ queryKey: ['agreements'] }), qc.invalidateQueries({ queryKey: ['partners'] })])
}
