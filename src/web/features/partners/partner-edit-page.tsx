import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useNavigate, useParams } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { api, ApiError, unwrap } from '../../lib/api.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { PartnerForm, toPartnerBody, valuesFromPartner } from './partner-form.tsx'
import { usePartner } from './partners.queries.ts'

export function PartnerEditPage() {
  const { id } = useParams()
  const user = useCurrentUser()
  const navigate = useNavigate()
  const qc = useQueryClient()
  // Load once: the ETag of what the user started editing is what If-Match must carry.
  const query = usePartner(id)
  if (!can(user, 'partners:update')) return <NotFoundState />
  if (query.isPending) return <PageLoader />
  if (query.isError)
    return query.error instanceof ApiError && query.error.status === 404 ? (
      <NotFoundState what="partner" />
    ) : (
      <ErrorState error={query.error} />
    )
  const { partner, etag } = query.data
  return (
    <>
      <PageHeader title={`Edit ${partner.legalName}`} />
      <PartnerForm
        key={partner.version}
        mode="edit"
        initialValues={valuesFromPartner(partner)}
        onCancel={() => void navigate(`/partners/${partner.id}`)}
        onSubmit={async (values) => {
          const updated = unwrap(
            await api.PATCH('/api/partners/{id}', {
              params: { path: { id: partner.id }, header: { 'if-match': etag } },
              body: toPartnerBody(values),
            }),
          )
          await qc.invalidateQueries({ queryKey: ['partners'] })
          notifications.show({ color: 'green', title: 'Partner saved', message: updated.legalName })
          void navigate(`/partners/${partner.id}`)
        }}
      />
    </>
  )
}
