import { Button, Card, Group, Text } from '@mantine/core'
import { useState } from 'react'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { useCurrentUser, can } from '../../lib/session.ts'
import type { PartnerChoice } from '../../components/partner-picker.tsx'
import { AgreementFormModal } from './agreement-form-modal.tsx'
import { useAgreements } from './agreements.queries.ts'
import { AgreementsTable } from './agreements-table.tsx'

/** A partner's agreements, on its page; managers start a new one here. */
export function AgreementsTab({ partner }: { partner: PartnerChoice }) {
  const user = useCurrentUser()
  const list = useAgreements({ partnerId: partner.id })
  const [creating, setCreating] = useState(false)
  const canManage = can(user, 'agreements:manage')
  if (list.isPending) return <PageLoader label="Loading agreements" />
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Text fw={600}>Agreements</Text>
        {canManage && (
          <Button size="xs" onClick={() => setCreating(true)}>
            New agreement
          </Button>
        )}
      </Group>
      {list.data.length === 0 ? (
        <EmptyState title="No agreement yet">
          {canManage ? 'Create the first agreement of this partner.' : 'No agreement is recorded.'}
        </EmptyState>
      ) : (
        <AgreementsTable items={list.data} showPartner={false} />
      )}
      {creating && <AgreementFormModal partner={partner} opened onClose={() => setCreating(false)} />}
    </Card>
  )
}
