import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from '../../lib/api.ts'

// New notifications arrive by polling: the server answers an unchanged list with 304 to the browser's
// revalidation (ETag), so a poll that finds nothing costs no body (decision 018).
const POLL_MS = 15_000

export function useNotifications() {
  return useQuery({
    queryKey: ['notifications', 'list'],
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    queryFn: async () => unwrap(await api.GET('/api/notifications', { params: { query: { limit: 20 } } })),
  })
}

export function useMarkRead() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (body: Schemas['MarkNotificationsRead']) => unwrap(await api.POST('/api/notifications/read', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications', 'list'] }),
  })
}

export function usePreferences() {
  return useQuery({
    queryKey: ['notifications', 'preferences'],
    queryFn: async () => unwrap(await api.GET('/api/notifications/preferences')),
  })
}

export function useSavePreferences() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (body: Schemas['NotificationPreferencesInput']) => unwrap(await api.PUT('/api/notifications/preferences', { body })),
    onSuccess: (data) => qc.setQueryData(['notifications', 'preferences'], data),
  })
}

export function useCompanyDefaults(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'company-defaults'],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/notifications/company-defaults')),
  })
}

export function useSaveCompanyDefaults() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (body: Schemas['NotificationPreferencesInput']) =>
      unwrap(await api.PUT('/api/notifications/company-defaults', { body })),
    onSuccess: (data) => {
      qc.setQueryData(['notifications', 'company-defaults'], data)
      void qc.invalidateQueries({ queryKey: ['notifications', 'preferences'] })
    },
  })
}
