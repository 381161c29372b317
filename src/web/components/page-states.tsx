import { Alert, Button, Center, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { InboxIcon } from './icons.tsx'
import { errorMessage } from '../lib/api.ts'

export function PageLoader({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-label={label}>
      <Loader />
    </Center>
  )
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert color="red" title="Something went wrong" variant="light">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  )
}

export function EmptyState({ title, children, icon = <InboxIcon size={24} /> }: { title: string; children?: ReactNode; icon?: ReactNode }) {
  return (
    <Center py={48}>
      <Stack align="center" gap="xs" maw={420}>
        <ThemeIcon size={48} radius="xl" variant="light" color="gray">
          {icon}
        </ThemeIcon>
        <Title order={2} size="h4">
          {title}
        </Title>
        {children && (
          <Text c="dimmed" ta="center" size="sm" component="div">
            {children}
          </Text>
        )}
      </Stack>
    </Center>
  )
}

export function NotFoundState({ what = 'page' }: { what?: string }) {
  return (
    <EmptyState title={`${what.charAt(0).toUpperCase()}${what.slice(1)} not found`} icon="?">
      <Stack align="center" gap="sm">
        <span>It does not exist, or you do not have access to it.</span>
        <Button component={Link} to="/" variant="light">
          Go to start
        </Button>
      </Stack>
    </EmptyState>
  )
}
