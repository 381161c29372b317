import { useDocumentTitle } from '../lib/document-title.ts'
import { Center, Paper, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

export function AuthFrame({
  title,
  subtitle,
  children,
  width = 400,
}: {
  title: string
  subtitle?: string
  children: ReactNode
  width?: number
}) {
  useDocumentTitle(title)
  return (
    <Center component="main" mih="100vh" bg="gray.0" p="md">
      <Stack w={width} maw="100%" gap="lg">
        <Stack gap={2} align="center">
          <Text fw={800} size="xl" c="indigo">
            Alliance
          </Text>
          <Text size="sm" c="dimmed">
            Partner relationship management
          </Text>
        </Stack>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Title order={1} size="h3" mb={4}>
            {title}
          </Title>
          {subtitle && (
            <Text size="sm" c="dimmed" mb="md">
              {subtitle}
            </Text>
          )}
          {children}
        </Paper>
      </Stack>
    </Center>
  )
}
