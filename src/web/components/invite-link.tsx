import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'

/** Says that the invitation went out: the link itself goes to the invited person only, by email. */
export function InviteLinkModal({ email, onClose }: { email: string | null; onClose: () => void }) {
  return (
    <Modal opened={!!email} onClose={onClose} title="Invitation created" size="lg">
      <Stack>
        <Text size="sm">
          We are emailing an invitation link to <b>{email}</b>. Only they receive it: opening it lets them choose their own password.
        </Text>
        <Alert variant="light" color="yellow">
          The link expires after a week; if it does, they can ask for a new one from the link, or you can use Resend invitation.
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  )
}
