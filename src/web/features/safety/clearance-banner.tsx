import { Alert, Anchor, List, Text } from '@mantine/core'
import { Link } from 'react-router'
import { useClearance } from './safety.queries.ts'

/** The safety gate's answer where new work starts: a blocked partner's reasons, with what fixes each. */
export function ClearanceBanner({ partnerId, fixLink }: { partnerId: string; fixLink?: string }) {
  const clearance = useClearance(partnerId)
  const c = clearance.data
  if (!c || c.clear) return null
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title="Blocked from new work by the Partner Safety Program"
      mb="md"
      data-testid="safety-block"
    >
      <Text size="sm" mb="xs">
        No new purchase orders or resource assignments until this is fixed:
      </Text>
      <List size="sm">
        {c.reasons.map((r, i) => (
          <List.Item key={`${r.code}-${i}`}>{r.message}</List.Item>
        ))}
      </List>
      {fixLink && (
        <Anchor component={Link} to={fixLink} size="sm" mt="xs" display="inline-block">
          Open safety compliance
        </Anchor>
      )}
    </Alert>
  )
}
