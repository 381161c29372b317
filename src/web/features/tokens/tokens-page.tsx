import { Badge, Button, Card, Center, Code, Table } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, errorMessage, unwrap, type Schemas } from '../../lib/api.ts'
import { formatDate } from '../../lib/format.ts'
import { TokenCreateModal } from './token-create-modal.tsx'
import { ActionsHeader } from '../../components/actions-header.tsx'

type Token = Schemas['ApiToken']

function tokenState(t: Token): { label: string; color: string } {
  if (t.revokedAt) return { label: 'Revoked', color: 'gray' }
  if (t.expiresAt && new Date(t.expiresAt) < new Date()) return { label: 'Expired', color: 'orange' }
  return { label: 'Active', color: 'green' }
}

export function TokensPage() {
  const qc = useQueryClient()
  const [createOpen, createModal] = useDisclosure()
  const [revoking, setRevoking] = useState<Token | null>(null)
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: async () => unwrap(await api.GET('/api/tokens')).items })
  const refresh = () => qc.invalidateQueries({ queryKey: ['tokens'] })
  const revoke = async (t: Token) => {
    try {
      unwrap(await api.DELETE('/api/tokens/{id}', { params: { path: { id: t.id } } }))
      notifications.show({ color: 'green', message: `Token “${t.name}” revoked` })
    } catch (e) {
      notifications.show({ color: 'red', title: 'Token not revoked', message: errorMessage(e) })
    }
    await refresh()
  }

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Personal tokens let scripts and integrations call the Alliance API as you."
        actions={<Button onClick={createModal.open}>New token</Button>}
      />
      <Card withBorder padding={0}>
        {tokens.isPending ? (
          <PageLoader label="Loading tokens" />
        ) : tokens.isError ? (
          <Center p="md">
            <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
          </Center>
        ) : tokens.data.length === 0 ? (
          <EmptyState title="No API tokens">Create a token to connect a script or another system to Alliance.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={700}>
            <Table verticalSpacing="sm" aria-label="API tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Prefix</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>State</Table.Th>
                  <ActionsHeader />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.map((t) => {
                  const state = tokenState(t)
                  return (
                    <Table.Tr key={t.id}>
                      <Table.Td fw={500}>{t.name}</Table.Td>
                      <Table.Td>
                        <Code>{t.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>{formatDate(t.createdAt)}</Table.Td>
                      <Table.Td>{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</Table.Td>
                      <Table.Td>
                        <Badge color={state.color} variant="light">
                          {state.label}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">
                        {!t.revokedAt && (
                          <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(t)}>
                            Revoke
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <TokenCreateModal opened={createOpen} onClose={createModal.close} onCreated={() => void refresh()} />
      <ConfirmModal
        opened={!!revoking}
        title="Revoke token"
        message={`Anything using “${revoking?.name ?? ''}” stops working immediately. This cannot be undone.`}
        confirmLabel="Revoke"
        onConfirm={() => (revoking ? revoke(revoking) : undefined)}
        onClose={() => setRevoking(null)}
      />
    </>
  )
}
