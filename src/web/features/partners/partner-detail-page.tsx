import { Anchor } from '@mantine/core'
import { Link, useParams } from 'react-router'
import { NotFoundState } from '../../components/page-states.tsx'
import { useCurrentUser } from '../../lib/session.ts'
import { PartnerDetail } from './partner-detail.tsx'

export function PartnerDetailPage() {
  const { id } = useParams()
  const user = useCurrentUser()
  if (!id) return <NotFoundState what="partner" />
  return (
    <>
      {!user.partnerId && (
        <Anchor component={Link} to="/partners" size="sm" mb="xs" display="inline-block">
          ← All partners
        </Anchor>
      )}
      <PartnerDetail id={id} />
    </>
  )
}
