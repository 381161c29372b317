import { Badge, Button, Select, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api, errorMessage, unwrap, type Schemas } from '../../lib/api.ts'
import { internalRoles, partnerRoles, roleLabels, type Role } from '../../lib/permissions.ts'

type User = Schemas['User']
const statusColors: Record<User['status'], string> = { active: 'green', invited: 'blue', deactivated: 'gray' }

export function UserRow({ user, isSelf, partnerName }: { user: User; isSelf: boolean; partnerName?: string }) {
  const qc = useQueryClient()
  const [busy, setBusy] = useState(false)
  const roles = user.partnerId ? partnerRoles : internalRoles
  const patch = async (body: Schemas['UserPatchInput'], done: string) => {
    setBusy(true)
    try {
      unwrap(await api.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body }))
      notifications.show({ color: 'green', message: done })
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(e) })
    } finally {
      setBusy(false)
      await qc.invalidateQueries({ queryKey: ['users'] })
    }
  }
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {user.name}{' '}
          {isSelf && (
            <Badge size="xs" variant="light">
              you
            </Badge>
          )}
        </Text>
        <Text size="xs" c="dimmed">
          {user.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`Role of ${user.email}`}
          size="xs"
          w={200}
          data={roles.map((r) => ({ value: r, label: roleLabels[r] }))}
          value={user.role}
          allowDeselect={false}
          disabled={isSelf || busy || user.status === 'deactivated'}
          onChange={(r) => r && r !== user.role && patch({ role: r as Role }, `${user.name} is now ${roleLabels[r as Role]}`)}
        />
      </Table.Td>
      <Table.Td>
        {user.partnerId ? (
          (partnerName ?? '…')
        ) : (
          <Text size="sm" c="dimmed">
            Internal
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={statusColors[user.status]} variant="light">
          {user.status}
        </Badge>
      </Table.Td>
      <Table.Td ta="right">
        {!isSelf &&
          (user.status === 'deactivated' ? (
            <Button size="xs" variant="light" loading={busy} onClick={() => patch({ status: 'active' }, `${user.name} reactivated`)}>
              Reactivate
            </Button>
          ) : (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={busy}
              onClick={() => patch({ status: 'deactivated' }, `${user.name} deactivated`)}
            >
              Deactivate
            </Button>
          ))}
      </Table.Td>
    </Table.Tr>
  )
}
