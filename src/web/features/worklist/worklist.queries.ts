import { useQuery } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from '../../lib/api.ts'

export type WorklistGroup = Schemas['WorklistGroup']
export const worklistKey = ['worklist'] as const

/** What waits for the signed-in user; the home page and the navigation's counts share it. */
export function useWorklist() {
  return useQuery({
    queryKey: worklistKey,
    queryFn: async () => unwrap(await api.GET('/api/worklist')).groups,
    staleTime: 60_000,
  })
}

/** "3", or "200+" when the count stopped at its limit. */
export const countLabel = (g: Pick<WorklistGroup, 'count' | 'more'>) => `${g.count}${g.more ? '+' : ''}`
