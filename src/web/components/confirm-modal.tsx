import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import { errorMessage } from '../lib/api.ts'
import { FormError } from './form-error.tsx'

type Props = {
  opened: boolean
  title: string
  message: ReactNode
  confirmLabel: string
  color?: string
  /** Ask for a reason (kept on the record): its label, and whether one must be given. */
  reason?: { label: string; required?: boolean; description?: string }
  onConfirm: (reason: string | undefined) => Promise<void> | void
  onClose: () => void
}

/**
 * The one confirmation for destructive or irreversible actions: says what will happen, asks for a
 * reason where the record keeps one, and stays open with the error when the action is refused.
 */
export function ConfirmModal({ opened, title, message, confirmLabel, color = 'red', reason, onConfirm, onClose }: Props) {
  const [busy, setBusy] = useState(false)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [reasonError, setReasonError] = useState<string | null>(null)
  const close = () => {
    setText('')
    setError(null)
    setReasonError(null)
    onClose()
  }
  const confirm = async () => {
    if (reason?.required && !text.trim()) {
      setReasonError('Required')
      return
    }
    setBusy(true)
    setError(null)
    try {
      await onConfirm(text.trim() || undefined)
      close()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened={opened} onClose={close} title={title} size="md">
      <Stack>
        <FormError error={error} />
        <Text size="sm">{message}</Text>
        {reason && (
          <Textarea
            label={reason.label}
            description={reason.description}
            required={reason.required}
            autosize
            minRows={2}
            data-autofocus
            value={text}
            error={reasonError}
            onChange={(e) => {
              setText(e.currentTarget.value)
              if (e.currentTarget.value.trim()) setReasonError(null)
            }}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus={reason ? undefined : true}>
            Go back
          </Button>
          <Button color={color} loading={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
