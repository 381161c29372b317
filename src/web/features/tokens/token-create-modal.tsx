import { Alert, Button, Code, CopyButton, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core'
import { FormError } from '../../components/form-error.tsx'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { api, unwrap, type Schemas } from '../../lib/api.ts'
import { showErrors } from '../../lib/form-errors.ts'

type Props = { opened: boolean; onClose: () => void; onCreated: () => void }

export function TokenCreateModal({ opened, onClose, onCreated }: Props) {
  const [created, setCreated] = useState<Schemas['ApiTokenCreated'] | null>(null)
  const close = () => {
    setCreated(null)
    onClose()
  }
  return (
    <Modal opened={opened} onClose={close} title={created ? 'Token created' : 'New API token'} size="lg" closeOnClickOutside={!created}>
      {opened && !created && (
        <TokenForm
          onCancel={close}
          onCreated={(t) => {
            setCreated(t)
            onCreated()
          }}
        />
      )}
      {created && <TokenSecret token={created} onDone={close} />}
    </Modal>
  )
}

function TokenForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (t: Schemas['ApiTokenCreated']) => void }) {
  const [error, setError] = useState<string | null>(null)
  const form = useForm<{ name: string; expiresInDays: number | string }>({
    initialValues: { name: '', expiresInDays: 90 },
    validate: { name: (v) => (v.trim() ? null : 'Name the token after what will use it') },
  })
  const submit = form.onSubmit(async (v) => {
    setError(null)
    try {
      const days = typeof v.expiresInDays === 'number' ? v.expiresInDays : undefined
      onCreated(unwrap(await api.POST('/api/tokens', { body: { name: v.name.trim(), ...(days ? { expiresInDays: days } : {}) } })))
    } catch (e) {
      showErrors(e, ['name', 'expiresInDays'], form.setErrors, setError)
    }
  })
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={error} />
        <TextInput label="Name" placeholder="e.g. CRM sync" required {...form.getInputProps('name')} />
        <NumberInput
          label="Expires after (days)"
          description="Leave empty for a token that does not expire"
          min={1}
          max={3650}
          {...form.getInputProps('expiresInDays')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={form.submitting}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function TokenSecret({ token, onDone }: { token: Schemas['ApiTokenCreated']; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" variant="light" title="Copy the secret now">
        This is the only time it is shown. Use it as <Code>Authorization: Bearer &lt;token&gt;</Code>; it acts with your permissions.
      </Alert>
      <Text size="sm" fw={500}>
        {token.name}
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="token-secret">
          {token.token}
        </Code>
        <CopyButton value={token.token}>
          {({ copied, copy }) => (
            <Button color={copied ? 'teal' : 'indigo'} onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  )
}
