import { Navigate } from 'react-router'
import { useCurrentUser } from '../../lib/session.ts'
import { PartnerDetail } from './partner-detail.tsx'

/** Partner users land here: their own company's record. */
export function MyCompanyPage() {
  const user = useCurrentUser()
  if (!user.partnerId) return <Navigate to="/partners" replace />
  return <PartnerDetail id={user.partnerId} eyebrow="My company" />
}
