import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { NotFoundState } from '../../components/page-states.tsx'
import { api, unwrap } from '../../lib/api.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { emptyPartnerValues, PartnerForm, toPartnerBody } from './partner-form.tsx'

export function PartnerCreatePage() {
  const user = useCurrentUser()
  const navigate = useNavigate()
  const qc = useQueryClient()
  if (!can(user, 'partners:create')) return <NotFoundState />
  return (
    <>
      <PageHeader title="New partner" description="Add a company to the partner program." />
      <PartnerForm
        mode="create"
        initialValues={emptyPartnerValues}
        onCancel={() => void navigate('/partners')}
        onSubmit={async (values) => {
          const partner = unwrap(await api.POST('/api/partners', { body: { ...toPartnerBody(values), status: values.status } }))
          await qc.invalidateQueries({ queryKey: ['partners'] })
          notifications.show({ color: 'green', title: 'Partner created', message: partner.legalName })
          void navigate(`/partners/${partner.id}`)
        }}
      />
    </>
  )
}
