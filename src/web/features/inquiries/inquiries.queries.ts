import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from '../../lib/api.ts'
import type { InquiryStatus } from './inquiries.model.ts'

export type InquiryFilters = { status: InquiryStatus | 'open' | null; q: string; mine: string | null }

export function useInquiries(f: InquiryFilters) {
  const query = {
    ...(f.status === 'open' ? { open: 'true' as const } : f.status ? { status: f.status } : {}),
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
    ...(f.mine ? { ownerId: f.mine } : {}),
  }
  return useInfiniteQuery({
    queryKey: ['inquiries', 'list', query],
    initialPageParam: undefined as string | undefined,
    placeholderData: keepPreviousData,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/inquiries', { params: { query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function useInquiry(id: string) {
  return useQuery({
    queryKey: ['inquiries', 'detail', id],
    queryFn: async () => unwrap(await api.GET('/api/inquiries/{id}', { params: { path: { id } } })),
  })
}

/** Internal users who may own inquiries: active administrators, GPS and Alliances. */
export function useInquiryOwners() {
  return useQuery({
    queryKey: ['users', 'inquiry-owners'],
    queryFn: async () =>
      unwrap(await api.GET('/api/users', { params: { query: { status: 'active' } } })).items.filter((u) =>
        ['admin', 'gps', 'alliances'].includes(u.role),
      ),
  })
}

/** The three actions on an inquiry; each answers the updated inquiry, which replaces the cached one. */
export function useInquiryActions(id: string) {
  const qc = useQueryClient()
  const done = async (data: unknown) => {
    qc.setQueryData(['inquiries', 'detail', id], data)
    await qc.invalidateQueries({ queryKey: ['inquiries', 'list'] })
  }
  const path = { params: { path: { id } } }
  return {
    assign: useMutation({
      mutationFn: async (ownerId: string | null) => unwrap(await api.POST('/api/inquiries/{id}/assign', { ...path, body: { ownerId } })),
      onSuccess: done,
    }),
    comment: useMutation({
      mutationFn: async (body: string) => unwrap(await api.POST('/api/inquiries/{id}/comments', { ...path, body: { body } })),
      onSuccess: done,
    }),
    status: useMutation({
      mutationFn: async (body: { status: InquiryStatus; reason?: string; note?: string }) =>
        unwrap(await api.POST('/api/inquiries/{id}/status', { ...path, body })),
      onSuccess: done,
    }),
    convert: useMutation({
      mutationFn: async (body: Schemas['InquiryConvertInput']) => unwrap(await api.POST('/api/inquiries/{id}/convert', { ...path, body })),
      onSuccess: async (r) => {
        await done(r.inquiry)
        await qc.invalidateQueries({ queryKey: ['onboarding'] })
      },
    }),
  }
}
