import { Anchor, Button, Card, Group, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, errorMessage, unwrap, type Schemas } from '../../lib/api.ts'
import { ContactModal } from './contact-modal.tsx'
import { ActionsHeader } from '../../components/actions-header.tsx'

type Contact = Schemas['Contact']

export function ContactsTab({ partnerId, canManage }: { partnerId: string; canManage: boolean }) {
  const qc = useQueryClient()
  const [editing, setEditing] = useState<Contact | null | undefined>(undefined)
  const key = ['partners', 'contacts', partnerId]
  const q = useQuery({
    queryKey: key,
    queryFn: async () => unwrap(await api.GET('/api/partners/{id}/contacts', { params: { path: { id: partnerId } } })).items,
  })
  const refresh = () => qc.invalidateQueries({ queryKey: ['partners'] })

  const [removing, setRemoving] = useState<Contact | null>(null)
  const remove = async (c: Contact) => {
    try {
      unwrap(await api.DELETE('/api/partners/{id}/contacts/{contactId}', { params: { path: { id: partnerId, contactId: c.id } } }))
      notifications.show({ color: 'green', message: `${c.name} removed` })
    } catch (e) {
      notifications.show({ color: 'red', title: 'Contact not removed', message: errorMessage(e) })
    }
    await refresh()
  }

  if (q.isPending) return <PageLoader label="Loading contacts" />
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Text fw={600}>Contacts</Text>
        {canManage && (
          <Button size="xs" onClick={() => setEditing(null)}>
            Add contact
          </Button>
        )}
      </Group>
      {q.data.length === 0 ? (
        <EmptyState title="No contacts yet">
          {canManage ? 'Add the people you work with at this company.' : 'No one has been added yet.'}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped aria-label="Contacts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Role</Table.Th>
                {canManage && <ActionsHeader />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td fw={500}>{c.name}</Table.Td>
                  <Table.Td>{c.title ?? '—'}</Table.Td>
                  <Table.Td>{c.email ? <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor> : '—'}</Table.Td>
                  <Table.Td>{c.phone ?? '—'}</Table.Td>
                  <Table.Td>{c.role ?? '—'}</Table.Td>
                  {canManage && (
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setEditing(c)}>
                          Edit
                        </Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(c)}>
                          Remove
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmModal
        opened={!!removing}
        title="Remove contact"
        message={`Remove ${removing?.name ?? ''} from this partner's contacts?`}
        confirmLabel="Remove"
        onConfirm={() => (removing ? remove(removing) : undefined)}
        onClose={() => setRemoving(null)}
      />
      <ContactModal
        partnerId={partnerId}
        contact={editing ?? null}
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        onSaved={async () => {
          setEditing(undefined)
          notifications.show({ color: 'green', message: 'Contact saved' })
          await refresh()
        }}
      />
    </Card>
  )
}
