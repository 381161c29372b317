import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api, ApiError, setCsrfToken, unwrap, type Schemas } from './api.ts'

export type Me = Schemas['User']
export const meKey = ['auth', 'me'] as const

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = unwrap(await api.GET('/api/auth/me'))
        setCsrfToken(me.csrfToken)
        return me.user
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null
        throw e
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  })
}

/** The signed-in user inside the authenticated layout (which guarantees one). */
export function useCurrentUser(): Me {
  const { data } = useMe()
  if (!data) throw new Error('useCurrentUser outside the authenticated layout')
  return data
}

export function useLogout() {
  const qc = useQueryClient()
  return async () => {
    try {
      await api.POST('/api/auth/logout')
    } finally {
      setCsrfToken(null)
      qc.clear()
      qc.setQueryData(meKey, null)
    }
  }
}
