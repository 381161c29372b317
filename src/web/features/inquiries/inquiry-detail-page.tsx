import { Alert, Anchor, Badge, Button, Card, Grid, Group, Select, Stack, Text, Textarea, Timeline, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { ApiError, errorMessage } from '../../lib/api.ts'
import { countryName } from '../../lib/countries.ts'
import { formatDateTime } from '../../lib/format.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { ConvertForm } from './convert-form.tsx'
import { partnerTypeOptions, statusColors, statusLabels, type InquiryDetail, type InquiryStatus } from './inquiries.model.ts'
import { useInquiry, useInquiryActions, useInquiryOwners } from './inquiries.queries.ts'

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children || '—'}
      </Text>
    </div>
  )
}

// Converting goes through the conversion form, which opens the onboarding case.
const nextStatuses: InquiryStatus[] = ['in_review', 'needs_information', 'declined']

function StatusForm({ inquiry }: { inquiry: InquiryDetail }) {
  const { status } = useInquiryActions(inquiry.id)
  const [next, setNext] = useState<InquiryStatus | null>(null)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  if (inquiry.status === 'converted')
    return (
      <Text size="sm">
        Converted to onboarding: the inquiry no longer changes.{' '}
        {inquiry.onboardingCaseId && (
          <Anchor component={Link} to={`/onboarding/${inquiry.onboardingCaseId}`}>
            Open the onboarding case
          </Anchor>
        )}
      </Text>
    )
  const textLabel =
    next === 'declined'
      ? 'Reason (sent to the submitter)'
      : next === 'needs_information'
        ? 'What information is needed (sent to the submitter)'
        : 'Note to the submitter (optional)'
  const save = async () => {
    if (!next) return
    setError(null)
    try {
      const body = next === 'declined' ? { status: next, reason: text } : { status: next, ...(text.trim() ? { note: text } : {}) }
      await status.mutateAsync(body)
      notifications.show({ color: 'green', message: `Status: ${statusLabels[next]}. The submitter is emailed.` })
      setNext(null)
      setText('')
    } catch (e) {
      setError(e instanceof ApiError && e.problem.errors?.length ? e.problem.errors.map((x) => x.message).join('; ') : errorMessage(e))
    }
  }
  return (
    <Stack gap="xs">
      <Select
        label="Change status"
        placeholder="Choose a status"
        data={nextStatuses
          .filter((s) => s !== inquiry.status || s === 'needs_information')
          .map((s) => ({ value: s, label: statusLabels[s] }))}
        value={next}
        onChange={(v) => setNext(v as InquiryStatus | null)}
      />
      {next && (
        <Textarea label={textLabel} autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} error={error} />
      )}
      {next && (
        <Button onClick={() => void save()} loading={status.isPending}>
          Save status
        </Button>
      )}
    </Stack>
  )
}

function Actions({ inquiry }: { inquiry: InquiryDetail }) {
  const owners = useInquiryOwners()
  const { assign, comment } = useInquiryActions(inquiry.id)
  const [note, setNote] = useState('')
  return (
    <Stack>
      <Select
        label="Owner"
        placeholder="Unassigned"
        clearable
        searchable
        data={(owners.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        value={inquiry.owner?.id ?? null}
        onChange={(v) => assign.mutate(v, { onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }) })}
        disabled={assign.isPending}
      />
      <StatusForm inquiry={inquiry} />
      {inquiry.status !== 'converted' && inquiry.status !== 'declined' && <ConvertForm inquiry={inquiry} />}
      <Textarea label="Internal comment" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
      <Button
        variant="light"
        disabled={!note.trim()}
        loading={comment.isPending}
        onClick={() =>
          comment.mutate(note, {
            onSuccess: () => setNote(''),
            onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
          })
        }
      >
        Add comment
      </Button>
    </Stack>
  )
}

export function InquiryDetailPage() {
  const { id = '' } = useParams()
  const me = useCurrentUser()
  const inquiry = useInquiry(id)
  if (!can(me, 'inquiries:read')) return <NotFoundState />
  if (inquiry.isPending) return <PageLoader />
  if (inquiry.isError)
    return inquiry.error instanceof ApiError && inquiry.error.status === 404 ? (
      <NotFoundState what="inquiry" />
    ) : (
      <ErrorState error={inquiry.error} onRetry={() => void inquiry.refetch()} />
    )
  const i = inquiry.data
  return (
    <>
      <PageHeader
        title={i.company}
        description={
          <Group gap="xs">
            <Text ff="monospace" size="sm">
              {i.reference}
            </Text>
            <Badge color={statusColors[i.status]} data-testid="inquiry-status">
              {statusLabels[i.status]}
            </Badge>
            <Text size="sm">
              {i.queue.name} · {i.owner ? `owner ${i.owner.name}` : 'unassigned'}
            </Text>
          </Group>
        }
        actions={
          <Button component={Link} to="/inquiries" variant="default">
            All inquiries
          </Button>
        }
      />
      {i.matchedPartner && (
        <Alert color="orange" variant="light" mb="md" title="Existing partner">
          The domain {i.domain} belongs to{' '}
          <Anchor component={Link} to={`/partners/${i.matchedPartner.id}`}>
            {i.matchedPartner.legalName}
          </Anchor>
          : link this inquiry to that partner instead of starting a new company.
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder mb="md">
            <Grid>
              <Grid.Col span={6}>
                <Field label="Contact">{i.contactName}</Field>
              </Grid.Col>
              <Grid.Col span={6}>
                <Field label="Email">{i.email}</Field>
              </Grid.Col>
              <Grid.Col span={6}>
                <Field label="Phone">{i.phone}</Field>
              </Grid.Col>
              <Grid.Col span={6}>
                <Field label="Website">
                  <Anchor href={i.website} target="_blank" rel="noreferrer">
                    {i.website}
                  </Anchor>
                </Field>
              </Grid.Col>
              <Grid.Col span={6}>
                <Field label="Country">{countryName(i.country)}</Field>
              </Grid.Col>
              <Grid.Col span={6}>
                <Field label="Partnership sought">{partnerTypeOptions.find((o) => o.value === i.partnerType)?.label}</Field>
              </Grid.Col>
              <Grid.Col span={6}>
                <Field label="Solutions">{i.solutions.join(', ')}</Field>
              </Grid.Col>
              <Grid.Col span={6}>
                <Field label="Heard of the program">{i.heardAbout}</Field>
              </Grid.Col>
              <Grid.Col span={6}>
                <Field label="Routed by">{i.routingRule ? `Rule: ${i.routingRule.name}` : 'The default route'}</Field>
              </Grid.Col>
              <Grid.Col span={6}>
                <Field label="Related inquiry">
                  {i.relatedInquiry && (
                    <Anchor component={Link} to={`/inquiries/${i.relatedInquiry.id}`}>
                      {i.relatedInquiry.reference}
                    </Anchor>
                  )}
                </Field>
              </Grid.Col>
              <Grid.Col span={12}>
                <Field label="Message">
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {i.message}
                  </Text>
                </Field>
              </Grid.Col>
              {i.declineReason && (
                <Grid.Col span={12}>
                  <Field label="Decline reason">{i.declineReason}</Field>
                </Grid.Col>
              )}
              {i.publicNote && (
                <Grid.Col span={12}>
                  <Field label="Note to the submitter">{i.publicNote}</Field>
                </Grid.Col>
              )}
            </Grid>
          </Card>
          <Title order={2} size="h4" mb="sm">
            History and comments
          </Title>
          <Timeline bulletSize={14} lineWidth={2} aria-label="Inquiry history">
            {i.comments.map((c) => (
              <Timeline.Item
                key={c.id}
                color={c.kind === 'note' ? 'indigo' : 'gray'}
                title={
                  <Text size="sm" fw={500}>
                    {c.authorName}
                  </Text>
                }
              >
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {c.body}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(c.createdAt)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            {can(me, 'inquiries:manage') ? (
              <Actions inquiry={i} />
            ) : (
              <Text size="sm" c="dimmed">
                You can read inquiries; GPS and Alliances work them.
              </Text>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </>
  )
}
