import { Group, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { useDocumentTitle } from '../lib/document-title.ts'

export function PageHeader({
  title,
  description,
  actions,
  pageTitle,
}: {
  title: ReactNode
  description?: ReactNode
  actions?: ReactNode
  /** The browser title when `title` is not plain text. */
  pageTitle?: string
}) {
  useDocumentTitle(typeof title === 'string' ? title : pageTitle)
  return (
    <Group justify="space-between" align="flex-start" mb="lg" wrap="wrap">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {title}
        </Title>
        {description && (
          <Text c="dimmed" size="sm" component="div">
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  )
}
