import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useState, type ReactNode } from 'react'

type Props = {
  opened: boolean
  title: string
  message: ReactNode
  confirmLabel: string
  color?: string
  onConfirm: () => Promise<void> | void
  onClose: () => void
}

export function ConfirmModal({ opened, title, message, confirmLabel, color = 'red', onConfirm, onClose }: Props) {
  const [busy, setBusy] = useState(false)
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="sm">
      <Stack>
        <Text size="sm">{message}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color={color}
            loading={busy}
            onClick={async () => {
              setBusy(true)
              try {
                await onConfirm()
              } finally {
                setBusy(false)
                onClose()
              }
            }}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
