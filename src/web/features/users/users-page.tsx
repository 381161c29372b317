import { Button, Card, Center, Table, TextInput } from '@mantine/core'
import { useDebouncedValue, useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { useCurrentUser, can } from '../../lib/session.ts'
import { InviteLinkModal } from '../../components/invite-link.tsx'
import { UserCreateModal } from './user-create-modal.tsx'
import { UserRow } from './user-row.tsx'
import { usePartnerNames, useUsers } from './users.queries.ts'
import { ActionsHeader } from '../../components/actions-header.tsx'

export function UsersPage() {
  const me = useCurrentUser()
  const qc = useQueryClient()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 250)
  const [createOpen, createModal] = useDisclosure()
  const [invite, setInvite] = useState<string | null>(null)
  const users = useUsers(q)
  const partnerNames = usePartnerNames((users.data ?? []).flatMap((u) => (u.partnerId ? [u.partnerId] : [])))
  if (!can(me, 'users:manage')) return <NotFoundState />

  return (
    <>
      <PageHeader
        title="Users"
        description={
          me.partnerId ? 'People from your company who can sign in to Alliance.' : 'Everyone who can sign in: staff and partner users.'
        }
        actions={<Button onClick={createModal.open}>Add user</Button>}
      />
      <TextInput
        placeholder="Search by name or email"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        w={320}
        mb="md"
        aria-label="Search users"
      />
      <Card withBorder padding={0}>
        {users.isPending ? (
          <PageLoader label="Loading users" />
        ) : users.isError ? (
          <Center p="md">
            <ErrorState error={users.error} onRetry={() => void users.refetch()} />
          </Center>
        ) : users.data.length === 0 ? (
          <EmptyState title={q ? 'No user matches' : 'No users yet'}>{q ? 'Try another name or email.' : 'Add the first user.'}</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table verticalSpacing="sm" aria-label="Users">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>User</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Company</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <ActionsHeader />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.map((u) => (
                  <UserRow key={u.id} user={u} isSelf={u.id === me.id} partnerName={u.partnerId ? partnerNames[u.partnerId] : undefined} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <UserCreateModal
        actor={me}
        opened={createOpen}
        onClose={createModal.close}
        onCreated={async ({ user }) => {
          createModal.close()
          notifications.show({ color: 'green', title: 'User added', message: `${user.name} (${user.email})` })
          if (user.status === 'invited') setInvite(user.email)
          await qc.invalidateQueries({ queryKey: ['users'] })
        }}
      />
      <InviteLinkModal email={invite} onClose={() => setInvite(null)} />
    </>
  )
}
