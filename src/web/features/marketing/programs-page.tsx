import { Badge, Button, Card, Group, Modal, Select, Stack, Table, Text, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { DateField } from '../../components/date-field.tsx'
import { FormError } from '../../components/form-error.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, unwrap } from '../../lib/api.ts'
import { formatDate } from '../../lib/format.ts'
import { can, useCurrentUser } from '../../lib/session.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import { PartnerPicker } from '../../components/partner-picker.tsx'
import {
  programLabels,
  statusColors,
  useMemberships,
  usePartnerMarketing,
  useRefreshMarketing,
  type Membership,
} from './marketing.queries.ts'

/**
 * JAM and JEM: marketing invites partners whose tier offers the program and ends memberships; a partner
 * sees its own invitations and memberships, and its admin accepts or declines.
 */
export function ProgramsPage() {
  const user = useCurrentUser()
  const memberships = useMemberships()
  const standing = usePartnerMarketing(user.partnerId ?? null)
  const [inviting, setInviting] = useState(false)
  const [ending, setEnding] = useState<Membership | null>(null)
  const [declining, setDeclining] = useState<Membership | null>(null)
  const refresh = useRefreshMarketing()
  const manages = can(user, 'programs:manage')
  const responds = can(user, 'programs:respond')

  const accept = async (m: Membership) => {
    try {
      unwrap(await api.POST('/api/programs/memberships/{id}/accept', { params: { path: { id: m.id } } }))
      notifications.show({ color: 'green', title: 'Invitation accepted', message: `Welcome to ${programLabels[m.program]}` })
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not accepted', message: (e as Error).message })
    }
    await refresh()
  }

  return (
    <>
      <PageHeader
        title="Marketing programs"
        description={
          user.partnerId
            ? 'JAM (joint advertising & marketing) and JEM (joint event marketing) are by invitation, for the tiers whose benefits include them.'
            : 'Invite Strategic, Advantage and Select partners to JAM and JEM; the partner admin accepts or declines.'
        }
        actions={manages && <Button onClick={() => setInviting(true)}>Invite a partner</Button>}
      />
      {standing.data && (
        <Card withBorder mb="md">
          <Group gap="lg">
            <Text size="sm">
              Partner page: <Badge color={standing.data.pageLevel === 'enhanced' ? 'green' : 'gray'}>{standing.data.pageLevel}</Badge>
            </Text>
            <Text size="sm">
              JAM offered by your tier: {standing.data.eligible.jam ? 'yes, by invitation' : 'no'} · JEM:{' '}
              {standing.data.eligible.jem ? 'yes, by invitation' : 'no'}
            </Text>
          </Group>
        </Card>
      )}
      {memberships.isPending ? (
        <PageLoader label="Loading memberships" />
      ) : memberships.isError ? (
        <ErrorState error={memberships.error} onRetry={() => void memberships.refetch()} />
      ) : memberships.data.length === 0 ? (
        <EmptyState title="No invitations yet">{manages ? 'Invite a partner to start.' : 'Your company has no invitation.'}</EmptyState>
      ) : (
        <Card withBorder>
          <Table.ScrollContainer minWidth={800}>
            <Table aria-label="Program memberships" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Program</Table.Th>
                  {!user.partnerId && <Table.Th>Partner</Table.Th>}
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Period</Table.Th>
                  <Table.Th>Note</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {memberships.data.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{programLabels[m.program]}</Table.Td>
                    {!user.partnerId && (
                      <Table.Td>
                        {m.partner.name}
                        {m.partner.tier && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            ({m.partner.tier})
                          </Text>
                        )}
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Badge color={statusColors[m.status]}>{m.status}</Badge>
                    </Table.Td>
                    <Table.Td>
                      {formatDate(m.startsOn)} – {formatDate(m.endsOn)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{m.declineReason ?? m.endReason ?? m.message ?? ''}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        {responds && m.status === 'invited' && (
                          <>
                            <Button size="xs" onClick={() => void accept(m)}>
                              Accept {m.program.toUpperCase()}
                            </Button>
                            <Button size="xs" variant="default" onClick={() => setDeclining(m)}>
                              Decline
                            </Button>
                          </>
                        )}
                        {manages && (m.status === 'invited' || m.status === 'active') && (
                          <Button size="xs" variant="default" color="red" onClick={() => setEnding(m)}>
                            {m.status === 'invited' ? 'Withdraw' : 'End membership'}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <Modal opened={inviting} onClose={() => setInviting(false)} title="Invite a partner" size="lg">
        <InviteForm onDone={() => setInviting(false)} />
      </Modal>
      <ConfirmModal
        opened={!!ending}
        title={ending?.status === 'invited' ? 'Withdraw the invitation' : 'End the membership'}
        message={ending ? `${ending.partner.name} leaves ${programLabels[ending.program]}; its admins are told.` : ''}
        confirmLabel={ending?.status === 'invited' ? 'Withdraw' : 'End membership'}
        reason={{ label: 'Reason', required: true }}
        onConfirm={async (reason) => {
          unwrap(
            await api.POST('/api/programs/memberships/{id}/end', { params: { path: { id: ending!.id } }, body: { reason: reason ?? '' } }),
          )
          await refresh()
        }}
        onClose={() => setEnding(null)}
      />
      <ConfirmModal
        opened={!!declining}
        title="Decline the invitation"
        message={declining ? `Your company will not join ${programLabels[declining.program]} now; marketing is told.` : ''}
        confirmLabel="Decline"
        reason={{ label: 'Reason (optional)' }}
        onConfirm={async (reason) => {
          unwrap(
            await api.POST('/api/programs/memberships/{id}/decline', {
              params: { path: { id: declining!.id } },
              body: reason ? { reason } : {},
            }),
          )
          await refresh()
        }}
        onClose={() => setDeclining(null)}
      />
    </>
  )
}

function InviteForm({ onDone }: { onDone: () => void }) {
  const refresh = useRefreshMarketing()
  const [partner, setPartner] = useState<{ id: string; legalName: string } | null>(null)
  const form = useContractForm({
    initialValues: { program: 'jam' as 'jam' | 'jem', partnerId: '', startsOn: '', endsOn: '', message: '' },
    schema: (c) => c.InviteInput,
    toBody: (v) => ({
      program: v.program,
      partnerId: v.partnerId,
      startsOn: v.startsOn,
      endsOn: v.endsOn,
      ...(v.message.trim() ? { message: v.message } : {}),
    }),
    onSubmit: async (body) => {
      unwrap(await api.POST('/api/programs/memberships', { body }))
      notifications.show({ color: 'green', title: 'Invitation sent', message: 'The partner admins are told.' })
      await refresh()
      onDone()
    },
  })
  return (
    <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="Invite a partner">
      <Stack>
        <FormError error={form.message} />
        <Select
          label="Program"
          required
          data={[
            { value: 'jam', label: programLabels.jam },
            { value: 'jem', label: programLabels.jem },
          ]}
          {...form.getInputProps('program')}
        />
        <PartnerPicker
          value={partner as never}
          onChange={(p) => {
            setPartner(p)
            form.setFieldValue('partnerId', p?.id ?? '')
          }}
          error={form.errors.partnerId as string | undefined}
        />
        <Group grow>
          <DateField label="Starts on" required {...form.getInputProps('startsOn')} />
          <DateField label="Ends on" required {...form.getInputProps('endsOn')} />
        </Group>
        <Textarea label="Message to the partner" autosize minRows={2} {...form.getInputProps('message')} />
        <Group justify="flex-end">
          <Button type="submit" loading={form.busy}>
            Send invitation
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
