import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { FormError } from '../../components/form-error.tsx'
import { useForm } from '@mantine/form'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router'
import { api } from '../../lib/api.ts'
import { meKey, startSession, type Me } from '../../lib/session.ts'
import { AuthFrame } from '../../components/auth-frame.tsx'

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/'
}

export function LoginPage() {
  const qc = useQueryClient()
  // A public page: it does not ask the server for the session, but skips the form when this tab already knows one.
  const known = qc.getQueryData<Me | null>(meKey)
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const form = useForm({
    initialValues: { email: params.get('email') ?? '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter your email address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  })

  if (known) return <Navigate to={safeNext(params.get('next'))} replace />

  const submit = form.onSubmit(async (values) => {
    setBusy(true)
    setError(null)
    try {
      const { data, error: problem, response } = await api.POST('/api/auth/login', { body: values })
      if (data) {
        startSession(qc, data)
        void navigate(safeNext(params.get('next')), { replace: true })
        return
      }
      if (response.status === 401) setError('Invalid email or password')
      else if (response.status === 429) {
        const retry = response.headers.get('Retry-After')
        setError(`Too many sign-in attempts. Try again${retry ? ` in ${retry} seconds` : ' later'}.`)
      } else {
        const p = problem as { detail?: string; title?: string } | undefined
        setError(p?.detail || p?.title || `Sign-in failed (${response.status})`)
      }
    } catch {
      setError('The server cannot be reached. Check your connection and try again.')
    } finally {
      setBusy(false)
    }
  })

  return (
    <AuthFrame title="Sign in" subtitle="Use your Alliance account.">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={error} />
          <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
          <Button type="submit" loading={busy} fullWidth>
            Sign in
          </Button>
          <Text size="sm" c="dimmed" ta="center">
            Not a partner yet?{' '}
            <Anchor component={Link} to="/contact">
              Contact us about partnering
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  )
}
