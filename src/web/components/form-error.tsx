import { Alert } from '@mantine/core'
import type { ReactNode } from 'react'

/** A form's message for errors that name no field (or the whole request); focusable so focus can move to it. */
export function FormError({ error, title }: { error: ReactNode | null; title?: string }) {
  if (!error) return null
  return (
    <Alert color="red" variant="light" role="alert" title={title} tabIndex={-1} data-form-message>
      {error}
    </Alert>
  )
}
