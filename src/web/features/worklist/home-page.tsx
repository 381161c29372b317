import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { useCurrentUser } from '../../lib/session.ts'
import { countLabel, useWorklist, type WorklistGroup } from './worklist.queries.ts'
import { ClearanceBanner } from '../safety/index.ts'

function GroupCard({ group }: { group: WorklistGroup }) {
  const id = `worklist-${group.kind}`
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h4" id={id}>
          {group.label}
        </Title>
        <Badge
          size="lg"
          variant={group.count ? 'filled' : 'light'}
          color={group.count ? 'indigo' : 'gray'}
          data-testid={`count-${group.kind}`}
        >
          {countLabel(group)}
        </Badge>
      </Group>
      {group.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing waits here.
        </Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {group.items.map((item) => (
            <li key={item.id}>
              <Group gap="xs" wrap="nowrap" justify="space-between">
                <div style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={item.href} size="sm" fw={500} truncate="end" display="block">
                    {item.title}
                  </Anchor>
                  <Text size="xs" c="dimmed" truncate="end">
                    {item.detail}
                  </Text>
                </div>
                {item.overdue && (
                  <Badge color="red" variant="light">
                    Overdue
                  </Badge>
                )}
              </Group>
            </li>
          ))}
        </Stack>
      )}
      {group.count > group.items.length && (
        <Anchor component={Link} to={group.href} size="sm" mt="sm">
          All {countLabel(group)}
        </Anchor>
      )}
    </Card>
  )
}

/** Each role's first page: what waits for it, kind by kind, with counts. */
export function HomePage() {
  const user = useCurrentUser()
  const worklist = useWorklist()
  return (
    <>
      <PageHeader title={`Welcome, ${user.name}`} description="What waits for you today." />
      {/* A partner blocked by the safety program sees why, and what to fix, first. */}
      {user.partnerId && <ClearanceBanner partnerId={user.partnerId} fixLink="/safety-compliance" />}
      {worklist.isPending ? (
        <PageLoader label="Loading your worklist" />
      ) : worklist.isError ? (
        <ErrorState error={worklist.error} onRetry={() => void worklist.refetch()} />
      ) : worklist.data.length === 0 ? (
        <EmptyState title="Nothing waits for you">Your role has no worklist; the navigation leads to everything you can see.</EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {worklist.data.map((g) => (
            <GroupCard key={g.kind} group={g} />
          ))}
        </SimpleGrid>
      )}
    </>
  )
}
