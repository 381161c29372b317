import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from '../../lib/api.ts'

export type Membership = Schemas['ProgramMembership']
export type CommunityEvent = Schemas['CommunityEvent']

export const programLabels: Record<Membership['program'], string> = {
  jam: 'JAM — Joint Advertising & Marketing',
  jem: 'JEM — Joint Event Marketing',
}
export const statusColors: Record<Membership['status'], string> = {
  invited: 'blue',
  active: 'green',
  declined: 'gray',
  withdrawn: 'gray',
  ended: 'gray',
  expired: 'orange',
}

export function useMemberships() {
  return useQuery({
    queryKey: ['marketing', 'memberships'],
    queryFn: async () => unwrap(await api.GET('/api/programs/memberships', {})).items,
  })
}

export function usePartnerMarketing(partnerId: string | null) {
  return useQuery({
    queryKey: ['marketing', 'partner', partnerId],
    enabled: !!partnerId,
    queryFn: async () => unwrap(await api.GET('/api/programs/partners/{id}', { params: { path: { id: partnerId! } } })),
  })
}

export function useEvents() {
  return useQuery({
    queryKey: ['marketing', 'events'],
    queryFn: async () => unwrap(await api.GET('/api/events', { params: { query: {} } })).items,
  })
}

export function useEvent(id: string) {
  return useQuery({
    queryKey: ['marketing', 'event', id],
    queryFn: async () => unwrap(await api.GET('/api/events/{id}', { params: { path: { id } } })),
  })
}

const path = (id: string) => ({ params: { path: { id } } })

export function useRegistrations(id: string) {
  return useQuery({
    queryKey: ['marketing', 'event', id, 'registrations'],
    queryFn: async () => unwrap(await api.GET('/api/events/{id}/registrations', path(id))).items,
  })
}

export function useAttendance(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['marketing', 'event', id, 'attendance'],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/events/{id}/attendance', path(id))),
  })
}

export function useMaterials(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['marketing', 'event', id, 'materials'],
    enabled,
    retry: false,
    queryFn: async () => unwrap(await api.GET('/api/events/{id}/materials', path(id))).items,
  })
}

export function useFeedback(id: string) {
  return useQuery({
    queryKey: ['marketing', 'event', id, 'feedback'],
    queryFn: async () => unwrap(await api.GET('/api/events/{id}/feedback', path(id))),
  })
}

/** After any marketing write: its lists and pages reload. */
export function useRefreshMarketing() {
  const qc = useQueryClient()
  return () => qc.invalidateQueries({ queryKey: ['marketing'] })
}
