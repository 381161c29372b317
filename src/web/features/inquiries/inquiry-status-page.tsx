import { Alert, Anchor, Badge, Button, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, ApiError, errorMessage, unwrap, type Schemas } from '../../lib/api.ts'
import { formatDate } from '../../lib/format.ts'
import { AuthFrame } from '../../components/auth-frame.tsx'
import { statusColors } from './inquiries.model.ts'

/** The public status check: the reference and the email it was sent with. */
export function InquiryStatusPage() {
  const [params] = useSearchParams()
  const [result, setResult] = useState<Schemas['PublicInquiryStatus'] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const form = useForm({
    initialValues: { reference: params.get('reference') ?? '', email: '' },
    validate: {
      reference: (v) => (v.trim() ? null : 'The reference from our email, e.g. INQ-7K4Q-M2PD'),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : 'The email you sent the inquiry with'),
    },
  })
  const submit = form.onSubmit(async ({ reference, email }) => {
    setBusy(true)
    setError(null)
    setResult(null)
    try {
      setResult(
        unwrap(await api.GET('/api/public/inquiries/{reference}', { params: { path: { reference: reference.trim() }, query: { email } } })),
      )
    } catch (e) {
      if (e instanceof ApiError && e.status === 404)
        setError('We found no inquiry with this reference and email. Check both and try again.')
      else if (e instanceof ApiError && e.status === 429) setError('Too many checks from your connection. Please try again later.')
      else setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  })
  return (
    <AuthFrame title="Inquiry status" subtitle="Enter the reference from our email and your email address." width={520}>
      <Stack>
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput label="Reference" placeholder="INQ-XXXX-XXXX" required {...form.getInputProps('reference')} />
            <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
            <Button type="submit" loading={busy}>
              Check status
            </Button>
          </Stack>
        </form>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        {result && (
          <section aria-label="Inquiry status">
            <Alert color={statusColors[result.status]} variant="light" title={`${result.reference} · ${result.company}`}>
              <Stack gap="xs">
                <Badge color={statusColors[result.status]} data-testid="inquiry-status">
                  {result.statusLabel}
                </Badge>
                <Text size="sm">{result.nextStep}</Text>
                <Text size="xs" c="dimmed">
                  What the team asks of you, or the reason for a decision, is emailed to you.
                </Text>
                <Text size="xs" c="dimmed">
                  Sent {formatDate(result.submittedAt)} · last change {formatDate(result.updatedAt)}
                </Text>
              </Stack>
            </Alert>
          </section>
        )}
        <Text size="sm" c="dimmed" ta="center">
          <Anchor component={Link} to="/contact">
            Send a new inquiry
          </Anchor>{' '}
          ·{' '}
          <Anchor component={Link} to="/login">
            Partner sign-in
          </Anchor>
        </Text>
      </Stack>
    </AuthFrame>
  )
}
