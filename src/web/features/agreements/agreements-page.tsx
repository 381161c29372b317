import { Button, Card, Group, Select, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { useCurrentUser, can } from '../../lib/session.ts'
import { AgreementFormModal } from './agreement-form-modal.tsx'
import { statusLabels, typeLabels, type AgreementStatus, type AgreementType } from './agreements.model.ts'
import { useAgreements } from './agreements.queries.ts'
import { AgreementsTable } from './agreements-table.tsx'

const windows = ['30', '90', '180']

/** Every agreement the user may see, filtered by type, status or expiring within a window (kept in the URL). */
export function AgreementsPage() {
  const user = useCurrentUser()
  const [params, setParams] = useSearchParams()
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    setParams(next, { replace: true })
  }
  const [creating, setCreating] = useState(false)
  const [q] = useDebouncedValue(params.get('q') ?? '', 250)
  const expiring = params.get('expiring')
  const list = useAgreements({
    type: (params.get('type') as AgreementType | null) ?? null,
    status: (params.get('status') as AgreementStatus | null) ?? null,
    expiringWithinDays: expiring ? Number(expiring) : null,
    q,
  })
  return (
    <>
      <PageHeader
        title="Agreements"
        description={
          user.partnerId
            ? "Your company's agreements with the integrator."
            : 'POTC, reseller agreements, MOUs, NDAs and client flow-down terms of every partner.'
        }
        actions={can(user, 'agreements:manage') && <Button onClick={() => setCreating(true)}>New agreement</Button>}
      />
      {creating && <AgreementFormModal opened onClose={() => setCreating(false)} />}
      <Group mb="md" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Title, client or partner"
          value={params.get('q') ?? ''}
          onChange={(e) => set('q', e.currentTarget.value)}
        />
        <Select
          label="Type"
          clearable
          data={Object.entries(typeLabels).map(([value, label]) => ({ value, label }))}
          value={params.get('type')}
          onChange={(v) => set('type', v)}
        />
        <Select
          label="Status"
          clearable
          data={Object.entries(statusLabels).map(([value, label]) => ({ value, label }))}
          value={params.get('status')}
          onChange={(v) => set('status', v)}
        />
        <Select
          label="Expiring"
          clearable
          placeholder="Any time"
          data={windows.map((d) => ({ value: d, label: `Within ${d} days` }))}
          value={expiring}
          onChange={(v) => set('expiring', v)}
        />
      </Group>
      {list.isPending ? (
        <PageLoader label="Loading agreements" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title="No agreement here">
          {expiring ? `No signed agreement expires within ${expiring} days.` : 'No agreement matches these filters.'}
        </EmptyState>
      ) : (
        <Card withBorder>
          <AgreementsTable items={list.data} showPartner={!user.partnerId} />
        </Card>
      )}
    </>
  )
}
