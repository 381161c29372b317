import { Badge, Button, Divider, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { DateField } from '../../components/date-field.tsx'
import { FormError } from '../../components/form-error.tsx'
import { api, unwrap } from '../../lib/api.ts'
import { formatDate, formatDateTime } from '../../lib/format.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import { useStaff } from '../partners/index.ts'
import { gapKindLabel, severityColors, type Gap } from './safety.model.ts'
import { useRefreshSafety } from './safety.queries.ts'

/** One gap or red flag: what it is, its history of comments; safety users assign it, set its due date, comment, close a red flag. */
export function GapFollowUp({ gap, canManage, onClose }: { gap: Gap | null; canManage: boolean; onClose: () => void }) {
  return (
    <Modal opened={!!gap} onClose={onClose} title={gap ? `${gapKindLabel(gap.kind)}: ${gap.partnerName}` : ''} size="lg">
      {gap && <FollowUp gap={gap} canManage={canManage} onClose={onClose} />}
    </Modal>
  )
}

function FollowUp({ gap, canManage, onClose }: { gap: Gap; canManage: boolean; onClose: () => void }) {
  const refresh = useRefreshSafety()
  const staff = useStaff(canManage)
  const [closing, setClosing] = useState(false)
  const open = !gap.closedAt
  const assign = useContractForm({
    initialValues: { ownerId: gap.owner?.id ?? null, dueDate: gap.dueDate ?? '' },
    schema: (c) => c.GapPatchInput,
    toBody: (v) => ({ ownerId: v.ownerId, dueDate: v.dueDate || null }),
    onSubmit: async (body) => {
      unwrap(await api.PATCH('/api/safety/gaps/{gapId}', { params: { path: { gapId: gap.id } }, body }))
      notifications.show({ color: 'green', message: 'Owner and due date saved' })
      await refresh()
    },
  })
  const comment = useContractForm({
    initialValues: { body: '' },
    schema: (c) => c.GapCommentInput,
    toBody: (v) => ({ body: v.body }),
    onSubmit: async (body) => {
      unwrap(await api.POST('/api/safety/gaps/{gapId}/comments', { params: { path: { gapId: gap.id } }, body }))
      comment.reset()
      await refresh()
    },
  })
  return (
    <Stack>
      <Group gap="xs">
        <Badge color={open ? 'orange' : 'gray'}>{open ? 'Open' : 'Closed'}</Badge>
        {gap.severity && <Badge color={severityColors[gap.severity]}>{gap.severity} severity</Badge>}
        <Text size="sm" c="dimmed">
          {gap.source === 'computed' ? 'Computed gap' : `Red flag raised by ${gap.openedBy?.name ?? 'a safety user'}`} · opened{' '}
          {formatDate(gap.openedAt)}
        </Text>
      </Group>
      <Text>{gap.message}</Text>
      {gap.remedy && (
        <Text size="sm" c="dimmed">
          To close: {gap.remedy}
        </Text>
      )}
      {gap.closedAt && (
        <Text size="sm">
          Closed {formatDate(gap.closedAt)}
          {gap.closedBy?.name ? ` by ${gap.closedBy.name}` : ''}: {gap.closeNote}
        </Text>
      )}
      <Divider label="Follow-up" labelPosition="left" />
      {gap.comments.length === 0 ? (
        <Text size="sm" c="dimmed">
          No comment yet.
        </Text>
      ) : (
        <Stack gap="xs" aria-label="Comments">
          {gap.comments.map((c, i) => (
            <div key={i}>
              <Text size="xs" c="dimmed">
                {c.author?.name ?? 'Someone'} · {formatDateTime(c.createdAt)}
              </Text>
              <Text size="sm">{c.body}</Text>
            </div>
          ))}
        </Stack>
      )}
      {canManage && (
        <form ref={comment.ref} onSubmit={comment.submit} noValidate aria-label="Add a comment">
          <Stack gap="xs">
            <FormError error={comment.message} />
            <Textarea label="Comment" autosize minRows={2} {...comment.getInputProps('body')} />
            <Group justify="flex-end">
              <Button type="submit" variant="light" loading={comment.busy}>
                Add comment
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {canManage && open && (
        <form ref={assign.ref} onSubmit={assign.submit} noValidate aria-label="Owner and due date">
          <Stack gap="xs">
            <FormError error={assign.message} />
            <Group grow align="flex-start">
              <Select
                label="Owner"
                placeholder="Unassigned"
                data={(staff.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                searchable
                clearable
                {...assign.getInputProps('ownerId')}
              />
              <DateField label="Due date" {...assign.getInputProps('dueDate')} />
            </Group>
            <Group justify="flex-end">
              <Button type="submit" variant="light" loading={assign.busy}>
                Save owner and due date
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <Group justify="space-between">
        {canManage && open && gap.source === 'red_flag' ? (
          <Button color="red" variant="light" onClick={() => setClosing(true)}>
            Close red flag
          </Button>
        ) : (
          <span />
        )}
        <Button variant="default" onClick={onClose}>
          Done
        </Button>
      </Group>
      {canManage && open && gap.source === 'computed' && (
        <Text size="xs" c="dimmed">
          A computed gap closes itself when its cause is gone; a clearance override on the partner&apos;s Safety tab clears it for new work
          in the meantime.
        </Text>
      )}
      <ConfirmModal
        opened={closing}
        title="Close the red flag"
        message="The red flag closes with your note; it stays in the partner's history."
        confirmLabel="Close red flag"
        reason={{ label: 'Closing note', required: true, description: 'What was done about it' }}
        onClose={() => setClosing(false)}
        onConfirm={async (note) => {
          unwrap(await api.POST('/api/safety/gaps/{gapId}/close', { params: { path: { gapId: gap.id } }, body: { note: note ?? '' } }))
          notifications.show({ color: 'green', message: 'Red flag closed' })
          await refresh()
          onClose()
        }}
      />
    </Stack>
  )
}
