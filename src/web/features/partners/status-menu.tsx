import { Button, Menu } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api, ApiError, errorMessage, unwrap } from '../../lib/api.ts'
import { allowedTransitions, statusLabels, type Partner, type PartnerStatus } from './partners.model.ts'

/** Offers only the lifecycle moves allowed from the current status. */
export function StatusMenu({ partner, etag }: { partner: Partner; etag: string }) {
  const qc = useQueryClient()
  const [busy, setBusy] = useState(false)
  const next = allowedTransitions[partner.status]
  const change = async (status: PartnerStatus) => {
    setBusy(true)
    try {
      unwrap(
        await api.PATCH('/api/partners/{id}', { params: { path: { id: partner.id }, header: { 'if-match': etag } }, body: { status } }),
      )
      notifications.show({
        color: 'green',
        title: 'Status changed',
        message: `${partner.legalName} is now ${statusLabels[status].toLowerCase()}`,
      })
    } catch (e) {
      const message =
        e instanceof ApiError && e.status === 412
          ? 'This partner was changed since you loaded it. The page now shows the latest version; try again.'
          : errorMessage(e)
      notifications.show({ color: 'red', title: 'Status not changed', message })
    } finally {
      setBusy(false)
      await qc.invalidateQueries({ queryKey: ['partners'] })
    }
  }
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" loading={busy} disabled={!next.length}>
          Change status
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Move from {statusLabels[partner.status]} to</Menu.Label>
        {next.map((s) => (
          <Menu.Item key={s} onClick={() => void change(s)}>
            {statusLabels[s]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
