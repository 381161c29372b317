import { Navigate } from 'react-router'
import { Title } from '@mantine/core'
import { useCurrentUser } from '../../lib/session.ts'
import { SafetyPanel } from './safety-panel.tsx'

/** A partner's own "Safety compliance" page: its status, what to upload, its evidence and gaps. */
export function SafetyCompliancePage() {
  const user = useCurrentUser()
  if (!user.partnerId) return <Navigate to="/partners" replace />
  return (
    <>
      <Title order={2} mb="md">
        Safety compliance
      </Title>
      <SafetyPanel partnerId={user.partnerId} />
    </>
  )
}
