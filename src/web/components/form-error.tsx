import { Alert } from '@mantine/core'

/** A form's message for errors that name no field (or the whole request). */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null
  return (
    <Alert color="red" variant="light" role="alert">
      {error}
    </Alert>
  )
}
