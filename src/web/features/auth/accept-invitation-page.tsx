import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { FormError } from '../../components/form-error.tsx'
import { api, ApiError, errorMessage, unwrap } from '../../lib/api.ts'
import { fieldErrors } from '../../lib/form-errors.ts'
import { startSession } from '../../lib/session.ts'
import { AuthFrame } from '../../components/auth-frame.tsx'

export function AcceptInvitationPage() {
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const navigate = useNavigate()
  const qc = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  const [expired, setExpired] = useState(false)
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= 10 ? null : 'Use at least 10 characters'),
      confirm: (v, values) => (v === values.password ? null : 'The passwords differ'),
    },
  })

  if (!token || expired)
    return (
      <AuthFrame title="Ask for a new invitation link">
        <RenewInvitation reason={token ? 'This invitation link has expired or was already used.' : 'This link has no invitation in it.'} />
      </AuthFrame>
    )

  const submit = form.onSubmit(async ({ password }) => {
    setError(null)
    try {
      // Accepting signs the person in: straight on to their work.
      const me = unwrap(await api.POST('/api/auth/invitations/accept', { body: { token, password } }))
      startSession(qc, me)
      notifications.show({ color: 'green', title: 'Welcome to Alliance', message: `Your account is active, ${me.user.name}.` })
      void navigate('/', { replace: true })
    } catch (e) {
      const { byField, other } = fieldErrors(e, ['password'])
      if (byField.password) form.setFieldError('password', byField.password)
      else if (e instanceof ApiError && e.status === 404) setExpired(true)
      else setError(other.join('; ') || errorMessage(e))
    }
  })

  return (
    <AuthFrame title="Accept invitation" subtitle="Choose a password to activate your account.">
      <form onSubmit={submit} noValidate aria-label="Accept invitation">
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

/** The invited person asks for a new link; it goes to the invited address (the answer is the same for any address). */
function RenewInvitation({ reason }: { reason: string }) {
  const [email, setEmail] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [sent, setSent] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const renew = async () => {
    setBusy(true)
    setError(null)
    try {
      setSent(unwrap(await api.POST('/api/auth/invitations/renew', { body: { email } })).message)
    } catch (err) {
      setError(fieldErrors(err, ['email']).byField.email ?? errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  if (sent)
    return (
      <Alert color="green" variant="light" role="status">
        {sent}
      </Alert>
    )
  return (
    <form
      aria-label="Ask for a new invitation link"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void renew()
      }}
    >
      <Stack>
        <Text size="sm">{reason} Enter the email address you were invited at and we will send you a new link.</Text>
        <TextInput
          label="Email"
          type="email"
          required
          autoComplete="email"
          value={email}
          error={error}
          onChange={(e) => {
            setEmail(e.currentTarget.value)
            setError(null)
          }}
        />
        <Button type="submit" loading={busy} fullWidth>
          Send me a new link
        </Button>
      </Stack>
    </form>
  )
}
