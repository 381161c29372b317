import { Navigate } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { useCurrentUser } from '../../lib/session.ts'
import { SafetyPanel } from './safety-panel.tsx'

/** A partner's own "Safety compliance" page: its status, what to upload, its evidence and gaps. */
export function SafetyCompliancePage() {
  const user = useCurrentUser()
  if (!user.partnerId) return <Navigate to="/partners" replace />
  return (
    <>
      <PageHeader title="Safety compliance" />
      <SafetyPanel partnerId={user.partnerId} />
    </>
  )
}
