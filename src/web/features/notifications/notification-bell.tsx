import { ActionIcon, Anchor, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { BellIcon } from '../../components/icons.tsx'
import type { Schemas } from '../../lib/api.ts'
import { useMarkRead, useNotifications } from './notifications.queries.ts'

/** The header's bell: the unread count, and the latest notifications with links to their records. */
export function NotificationBell() {
  const [opened, setOpened] = useState(false)
  const list = useNotifications()
  const markRead = useMarkRead()
  const navigate = useNavigate()
  const unread = list.data?.unread ?? 0
  const open = (n: Schemas['Notification']) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] })
    setOpened(false)
    if (n.link) void navigate(n.link)
  }
  return (
    // The button itself is the popover's target: it carries aria-expanded, which a plain wrapper may not.
    <Indicator label={unread} size={16} disabled={!unread} color="red" offset={4}>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} withinPortal shadow="md">
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
            onClick={() => setOpened((o) => !o)}
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p="xs" aria-label="Notifications">
          <Group justify="space-between" mb="xs">
            <Text fw={600} size="sm">
              Notifications
            </Text>
            <Button size="compact-xs" variant="subtle" disabled={!unread} onClick={() => markRead.mutate({ all: true })}>
              Mark all read
            </Button>
          </Group>
          <ScrollArea.Autosize mah={400}>
            <Stack gap={4}>
              {list.data?.items.length === 0 && (
                <Text size="sm" c="dimmed" p="xs">
                  Nothing yet.
                </Text>
              )}
              {list.data?.items.map((n) => (
                <UnstyledButton
                  key={n.id}
                  onClick={() => open(n)}
                  p="xs"
                  style={{ borderRadius: 4, background: n.readAt ? undefined : 'var(--mantine-color-indigo-0)' }}
                >
                  <Text size="sm" fw={n.readAt ? 400 : 600}>
                    {n.title}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {n.body}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {new Date(n.createdAt).toLocaleString()}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
          <Anchor component={Link} to="/notifications/preferences" size="xs" onClick={() => setOpened(false)}>
            Notification preferences
          </Anchor>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  )
}
