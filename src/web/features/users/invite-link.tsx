import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core'

/** Shows the invitation link once, right after the user is created. */
export function InviteLinkModal({ url, email, onClose }: { url: string | null; email: string; onClose: () => void }) {
  return (
    <Modal opened={!!url} onClose={onClose} title="Invitation created" size="lg">
      <Stack>
        <Text size="sm">
          We are emailing this link to <b>{email}</b>; you can also pass it on yourself. Opening it lets them choose a password. It is shown
          here only this once.
        </Text>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput label="Invitation link" value={url ?? ''} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={url ?? ''}>
            {({ copied, copy }) => (
              <Button color={copied ? 'teal' : 'indigo'} onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Alert variant="light" color="yellow">
          The link expires; if it does, create the user again or ask an administrator.
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  )
}
