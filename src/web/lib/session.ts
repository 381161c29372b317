import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { api, ApiError, setCsrfToken, unwrap, type Schemas } from './api.ts'

export type Permission = Schemas['Permission']
/** The signed-in user with what the role may do, as the server's permission table says. */
export type Me = Schemas['User'] & { permissions: Permission[] }
export const meKey = ['auth', 'me'] as const

const meOf = (answer: Schemas['Me']): Me => ({ ...answer.user, permissions: answer.permissions })

/** Keeps the answer of a sign-in (or an accepted invitation) as the session: no second request for /me. */
export function startSession(qc: QueryClient, answer: Schemas['Me']): Me {
  setCsrfToken(answer.csrfToken)
  const me = meOf(answer)
  qc.setQueryData(meKey, me)
  return me
}

/**
 * Whether the signed-in user's role may do something, only to hide what it cannot use; the server decides.
 * The permissions come from the server with the user (`GET /api/auth/me` and the sign-in answer).
 */
export const can = (user: Pick<Me, 'permissions'> | null | undefined, permission: Permission): boolean =>
  !!user && user.permissions.includes(permission)

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = unwrap(await api.GET('/api/auth/me'))
        setCsrfToken(me.csrfToken)
        return meOf(me)
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
