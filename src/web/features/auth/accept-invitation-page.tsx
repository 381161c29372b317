import { Alert, Button, PasswordInput, Stack } from '@mantine/core'
import { FormError } from '../../components/form-error.tsx'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { api, ApiError, unwrap } from '../../lib/api.ts'
import { fieldErrors } from '../../lib/form-errors.ts'
import { AuthFrame } from './auth-frame.tsx'

export function AcceptInvitationPage() {
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const navigate = useNavigate()
  const [error, setError] = useState<string | null>(null)
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= 10 ? null : 'Use at least 10 characters'),
      confirm: (v, values) => (v === values.password ? null : 'The passwords differ'),
    },
  })

  if (!token)
    return (
      <AuthFrame title="Accept invitation">
        <Alert color="red" variant="light">
          This link has no invitation token. Open the link from your invitation email again.
        </Alert>
      </AuthFrame>
    )

  const submit = form.onSubmit(async ({ password }) => {
    setError(null)
    try {
      const user = unwrap(await api.POST('/api/auth/invitations/accept', { body: { token, password } }))
      notifications.show({ color: 'green', title: 'Account activated', message: 'Sign in with your new password.' })
      navigate(`/login?email=${encodeURIComponent(user.email)}`, { replace: true })
    } catch (e) {
      const { byField, other } = fieldErrors(e, ['password'])
      if (byField.password) form.setFieldError('password', byField.password)
      else setError(other.join('; ') || (e instanceof ApiError ? e.message : 'The invitation could not be accepted'))
    }
  })

  return (
    <AuthFrame title="Accept invitation" subtitle="Choose a password to activate your account.">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={error} />
          <PasswordInput label="New password" autoComplete="new-password" required {...form.getInputProps('password')} />
          <PasswordInput label="Repeat password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
          <Button type="submit" loading={form.submitting} fullWidth>
            Activate account
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  )
}
