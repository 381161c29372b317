import { Badge, Button, Select, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { api, errorMessage, unwrap, type Schemas } from '../../lib/api.ts'
import { InviteLinkModal } from '../../components/invite-link.tsx'
import { internalRoles, partnerRoles, roleLabels, type Role } from '../../lib/roles.ts'

type User = Schemas['User']
const statusColors: Record<User['status'], string> = { active: 'green', invited: 'blue', deactivated: 'gray' }
const statusLabels: Record<User['status'], string> = { active: 'Active', invited: 'Invited', deactivated: 'Deactivated' }

export function UserRow({ user, isSelf, partnerName }: { user: User; isSelf: boolean; partnerName?: string }) {
  const qc = useQueryClient()
  const [busy, setBusy] = useState(false)
  // Deactivating and changing a role take effect at once (sessions end, permissions change): both ask first.
  const [confirming, setConfirming] = useState<{ kind: 'deactivate' } | { kind: 'role'; role: Role } | null>(null)
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
  const [resent, setResent] = useState<string | null>(null)
  const resend = async () => {
    setBusy(true)
    try {
      setResent(unwrap(await api.POST('/api/users/{id}/invitation', { params: { path: { id: user.id } } })).user.email)
      await qc.invalidateQueries({ queryKey: ['users'] })
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not sent', message: errorMessage(e) })
    } finally {
      setBusy(false)
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
          onChange={(r) => r && r !== user.role && setConfirming({ kind: 'role', role: r as Role })}
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
          {statusLabels[user.status]}
        </Badge>
      </Table.Td>
      <Table.Td ta="right">
        {user.status === 'invited' && (
          <Button size="xs" variant="light" loading={busy} onClick={() => void resend()} mr="xs">
            Resend invitation
          </Button>
        )}
        <InviteLinkModal email={resent} onClose={() => setResent(null)} />
        {!isSelf &&
          (user.status === 'deactivated' ? (
            <Button size="xs" variant="light" loading={busy} onClick={() => void patch({ status: 'active' }, `${user.name} reactivated`)}>
              Reactivate
            </Button>
          ) : (
            <Button size="xs" variant="subtle" color="red" loading={busy} onClick={() => setConfirming({ kind: 'deactivate' })}>
              Deactivate
            </Button>
          ))}
        <ConfirmModal
          opened={confirming?.kind === 'deactivate'}
          title={`Deactivate ${user.name}?`}
          message={`${user.name} (${user.email}) is signed out everywhere and can no longer sign in or use API tokens. You can reactivate the account later.`}
          confirmLabel="Deactivate"
          onConfirm={() => patch({ status: 'deactivated' }, `${user.name} deactivated`)}
          onClose={() => setConfirming(null)}
        />
        <ConfirmModal
          opened={confirming?.kind === 'role'}
          title={`Change the role of ${user.name}?`}
          message={
            confirming?.kind === 'role'
              ? `${user.name} changes from ${roleLabels[user.role]} to ${roleLabels[confirming.role]}: what they can see and do changes at once.`
              : ''
          }
          confirmLabel="Change role"
          color="blue"
          onConfirm={() =>
            confirming?.kind === 'role' ? patch({ role: confirming.role }, `${user.name} is now ${roleLabels[confirming.role]}`) : undefined
          }
          onClose={() => setConfirming(null)}
        />
      </Table.Td>
    </Table.Tr>
  )
}
