import { Anchor, Button, Card, Grid, Group, Stack, Table, Text, Timeline } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState, type ReactNode } from 'react'
import { Link, useParams } from 'react-router'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { api, ApiError, errorMessage, unwrap } from '../../lib/api.ts'
import { countryName } from '../../lib/countries.ts'
import { formatDate, formatDateTime } from '../../lib/format.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { DocumentsSection } from './documents-section.tsx'
import { ExtensionsSection } from './extensions-section.tsx'
import { actionLabels, expiryHint, typeLabels, type AgreementDetail } from './agreements.model.ts'
import { useAgreement, useRefreshAgreements } from './agreements.queries.ts'
import { AgreementStatusBadge } from './agreements-table.tsx'
import { SignPanel } from './sign-panel.tsx'

/** One agreement: terms, documents, signatures, country extensions and history; actions by role. */
export function AgreementDetailPage() {
  const { id = '' } = useParams()
  const user = useCurrentUser()
  const q = useAgreement(id)
  const refresh = useRefreshAgreements()
  const [terminating, setTerminating] = useState(false)
  if (q.isPending) return <PageLoader label="Loading agreement" />
  if (q.isError)
    return q.error instanceof ApiError && q.error.status === 404 ? (
      <NotFoundState what="agreement" />
    ) : (
      <ErrorState error={q.error} onRetry={() => void q.refetch()} />
    )
  const a = q.data
  const canManage = can(user, 'agreements:manage')
  const act = async (what: 'send' | 'terminate') => {
    try {
      const path = what === 'send' ? '/api/agreements/{id}/send' : '/api/agreements/{id}/terminate'
      unwrap(await api.POST(path, { params: { path: { id } } }))
      notifications.show({ color: 'green', message: what === 'send' ? 'Sent for signature' : 'Agreement terminated' })
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not done', message: errorMessage(e) })
    }
    await refresh()
  }
  return (
    <>
      <PageHeader
        title={a.title}
        description={
          <Group gap="xs">
            <AgreementStatusBadge status={a.status} testId="agreement-status" />
            <Text size="sm" c="dimmed">
              {typeLabels[a.type]} ·{' '}
              {user.partnerId ? (
                a.partnerName
              ) : (
                <Anchor component={Link} to={`/partners/${a.partnerId}`} size="sm">
                  {a.partnerName}
                </Anchor>
              )}
            </Text>
          </Group>
        }
        actions={
          canManage && (
            <>
              {a.status === 'draft' && <Button onClick={() => void act('send')}>Send for signature</Button>}
              {a.status !== 'terminated' && (
                <Button color="red" variant="light" onClick={() => setTerminating(true)}>
                  Terminate
                </Button>
              )}
            </>
          )
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Terms a={a} />
            {a.status === 'out_for_signature' && can(user, 'agreements:sign') && <SignPanel agreement={a} />}
            <Signatures a={a} />
            <DocumentsSection agreement={a} canUpload={canManage && a.status !== 'terminated'} />
            <ExtensionsSection agreement={a} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <History a={a} />
        </Grid.Col>
      </Grid>
      <ConfirmModal
        opened={terminating}
        title="Terminate this agreement?"
        confirmLabel="Terminate"
        onClose={() => setTerminating(false)}
        message={`${a.title} of ${a.partnerName} ends now; it cannot be changed afterwards.`}
        onConfirm={async () => {
          setTerminating(false)
          await act('terminate')
        }}
      />
    </>
  )
}

function Terms({ a }: { a: AgreementDetail }) {
  const row = (label: string, value: ReactNode) => (
    <Table.Tr>
      <Table.Th w={180}>{label}</Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  )
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Terms
      </Text>
      <Table aria-label="Agreement terms">
        <Table.Tbody>
          {row('Effective', formatDate(a.effectiveDate))}
          {row('Expires', a.expiryDate ? `${formatDate(a.expiryDate)} (${expiryHint(a)})` : 'No expiry')}
          {row('Countries covered', a.countries.map((c) => `${countryName(c)} (${c})`).join(', ') || '—')}
          {a.clientName && row('Client', a.clientName)}
          {a.potcVersion && row('POTC version', `${a.potcVersion} (non-modifiable)`)}
          {row('Renewal terms', a.renewalTerms ?? '—')}
        </Table.Tbody>
      </Table>
    </Card>
  )
}

function Signatures({ a }: { a: AgreementDetail }) {
  if (!a.signatures.length) return null
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Signatures
      </Text>
      <Table aria-label="Signatures">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Signed as</Table.Th>
            <Table.Th>User</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>What was signed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {a.signatures.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{s.typedName}</Table.Td>
              <Table.Td>{s.userName}</Table.Td>
              <Table.Td>{formatDateTime(s.signedAt)}</Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" title={s.documentSha256 ?? ''}>
                  {s.potcVersion ? `POTC ${s.potcVersion} · ` : ''}SHA-256 {s.documentSha256?.slice(0, 12)}…
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  )
}

function History({ a }: { a: AgreementDetail }) {
  return (
    <Card withBorder>
      <Text fw={600} mb="sm">
        History
      </Text>
      <Timeline bulletSize={12} lineWidth={2} aria-label="Agreement history">
        {a.history.map((h) => (
          <Timeline.Item key={h.id} title={actionLabels[h.action] ?? h.action}>
            <Text size="xs" c="dimmed">
              {formatDateTime(h.at)} · {h.actor}
            </Text>
            {h.action === 'notify' && h.detail && (
              <Text size="xs">
                {String(h.detail.subject)} → {(h.detail.to as string[]).join(', ')}
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  )
}
