import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { ConfirmModal } from '../../components/confirm-modal.tsx'
import { FormError } from '../../components/form-error.tsx'
import { MoneyInput } from '../../components/money-input.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { EmptyState, ErrorState, PageLoader } from '../../components/page-states.tsx'
import { api, errorMessage, rawFetch, unwrap } from '../../lib/api.ts'
import { formatDate, formatDateTime } from '../../lib/format.ts'
import { formatMoney, parseAmount } from '../../lib/money.ts'
import { can, useCurrentUser } from '../../lib/session.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import { useLedger, usePartnerFunds, useRefreshFunds, useRequests } from './funds.queries.ts'

type MdfRequest = NonNullable<ReturnType<typeof useRequests>['data']>[number]
type Claim = MdfRequest['claims'][number]
const statusColor: Record<string, string> = {
  submitted: 'blue',
  awaiting_second_approval: 'yellow',
  approved: 'green',
  rejected: 'red',
  closed: 'gray',
  more_proof_requested: 'orange',
  paid: 'teal',
}
const label = (s: string) => s.replace(/_/g, ' ')
const activityTypes = ['event', 'campaign', 'content', 'training', 'other'].map((v) => ({
  value: v,
  label: v[0]!.toUpperCase() + v.slice(1),
}))

/** Marketing funds: a partner's balances, requests and claims; for Marketing and Partner Incentives, the approval queue and the ledger. */
export function FundsPage() {
  const user = useCurrentUser()
  return (
    <>
      <PageHeader
        title="Marketing funds"
        description={
          user.partnerId
            ? 'Your MDF balance, your requests for pre-approval and your claims, with the date of each step.'
            : 'Requests and claims waiting for a decision, within your approval limit, and the ledger behind every balance.'
        }
      />
      {user.partnerId ? <PartnerFunds partnerId={user.partnerId} /> : <StaffFunds />}
    </>
  )
}

function Balances({ partnerId }: { partnerId: string }) {
  const funds = usePartnerFunds(partnerId)
  if (funds.isPending) return <PageLoader label="Loading balances" />
  if (funds.isError) return <ErrorState error={funds.error} onRetry={() => void funds.refetch()} />
  const items = funds.data.items
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Balances
      </Title>
      {funds.data.benefit.level === 'limited' && (
        <Text size="sm" c="dimmed" mb="xs">
          {funds.data.benefit.meaning}
        </Text>
      )}
      {!items.length ? (
        <Text c="dimmed">No MDF allocation yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table data-testid="fund-balances">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Program year</Table.Th>
                <Table.Th>Allocated</Table.Th>
                <Table.Th>Available</Table.Th>
                <Table.Th>Committed</Table.Th>
                <Table.Th>Approved, unpaid</Table.Th>
                <Table.Th>Paid</Table.Th>
                <Table.Th>Expired</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((b) => (
                <Table.Tr key={`${b.programYear}-${b.currency}`}>
                  <Table.Td>{b.programYear}</Table.Td>
                  <Table.Td>{formatMoney(b.allocated)}</Table.Td>
                  <Table.Td data-testid="available">{formatMoney(b.available)}</Table.Td>
                  <Table.Td data-testid="committed">{formatMoney(b.committed)}</Table.Td>
                  <Table.Td data-testid="payable">{formatMoney(b.payable)}</Table.Td>
                  <Table.Td data-testid="paid">{formatMoney(b.paid)}</Table.Td>
                  <Table.Td>{formatMoney(b.expired)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  )
}

function PartnerFunds({ partnerId }: { partnerId: string }) {
  const requests = useRequests({ partnerId })
  const user = useCurrentUser()
  return (
    <Stack>
      <Balances partnerId={partnerId} />
      {can(user, 'funds:request') && <RequestForm partnerId={partnerId} />}
      <Title order={2} size="h4">
        Requests and claims
      </Title>
      {requests.isPending ? (
        <PageLoader label="Loading requests" />
      ) : requests.isError ? (
        <ErrorState error={requests.error} onRetry={() => void requests.refetch()} />
      ) : !requests.data.length ? (
        <EmptyState title="No requests yet">Ask for pre-approval of an activity above.</EmptyState>
      ) : (
        requests.data.map((r) => <RequestCard key={r.id} request={r} />)
      )}
    </Stack>
  )
}

function RequestForm({ partnerId }: { partnerId: string }) {
  const refresh = useRefreshFunds()
  const funds = usePartnerFunds(partnerId)
  const currency = funds.data?.items.at(-1)?.currency ?? 'USD'
  const form = useContractForm({
    initialValues: { activityType: 'event', title: '', plan: '', expectedOutcomes: '', startsOn: '', endsOn: '', amount: '' },
    schema: (c) => c.MdfRequestInput,
    toBody: (v) => ({ ...v, partnerId, amount: { amount: parseAmount(v.amount), currency } }),
    fieldOf: (p) => (p.startsWith('amount') ? 'amount' : p),
    onSubmit: async (body) => {
      const r = unwrap(await api.POST('/api/funds/requests', { body }))
      notifications.show({ color: 'green', message: `Requested ${formatMoney(r.amount)} for ${r.title}` })
      form.reset()
      await refresh()
    },
  })
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Ask for pre-approval
      </Title>
      <form ref={form.ref} onSubmit={form.submit} noValidate>
        <FormError error={form.message} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect label="Activity type" data={activityTypes} {...form.getInputProps('activityType')} />
          <TextInput label="Title" required {...form.getInputProps('title')} />
          <TextInput label="Starts on" type="date" required {...form.getInputProps('startsOn')} />
          <TextInput label="Ends on" type="date" required {...form.getInputProps('endsOn')} />
          <MoneyInput label="Amount" required currency={currency} {...form.getInputProps('amount')} />
        </SimpleGrid>
        <Textarea mt="sm" label="Plan" required autosize minRows={2} {...form.getInputProps('plan')} />
        <Textarea mt="sm" label="Expected outcomes" required autosize minRows={2} {...form.getInputProps('expectedOutcomes')} />
        <Button mt="sm" type="submit" loading={form.busy}>
          Submit request
        </Button>
      </form>
    </Card>
  )
}

function Steps({ steps }: { steps: MdfRequest['steps'] }) {
  return (
    <Text size="xs" c="dimmed">
      {steps
        .map((s) => `${s.step} ${formatDateTime(s.at)}${s.by?.name ? ` by ${s.by.name}` : ''}${s.note ? ` (${s.note})` : ''}`)
        .join(' · ')}
    </Text>
  )
}

type Pending = { kind: 'reject' | 'claim-reject' | 'proof' | 'pay'; id: string } | null

function RequestCard({ request: r }: { request: MdfRequest }) {
  const user = useCurrentUser()
  const refresh = useRefreshFunds()
  const [pending, setPending] = useState<Pending>(null)
  const [error, setError] = useState<string | null>(null)
  const act = async (path: string, body?: object, done?: string) => {
    setError(null)
    try {
      await rawFetch(path, {
        method: 'POST',
        ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      })
      if (done) notifications.show({ color: 'green', message: done })
      await refresh()
    } catch (e) {
      setError(errorMessage(e))
      throw e
    }
  }
  const approver = can(user, 'funds:approve')
  const payer = can(user, 'funds:pay')
  const requester = !!user.partnerId && can(user, 'funds:request')
  return (
    <Card withBorder data-testid={`request-${r.title}`}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fw={600}>
            {r.title}{' '}
            {!user.partnerId && (
              <Text span c="dimmed">
                — {r.partnerName}
              </Text>
            )}
          </Text>
          <Text size="sm">
            {label(r.activityType)} · {formatDate(r.startsOn)}–{formatDate(r.endsOn)} · {formatMoney(r.amount)} · claim by{' '}
            {formatDate(r.claimDeadline)}
          </Text>
          <Steps steps={r.steps} />
        </div>
        <Badge color={statusColor[r.status]} data-testid="request-status">
          {label(r.status)}
        </Badge>
      </Group>
      {error && (
        <Alert mt="xs" color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      {approver && (r.status === 'submitted' || r.status === 'awaiting_second_approval') && (
        <Group mt="xs">
          <Button
            size="xs"
            onClick={() => void act(`/api/funds/requests/${r.id}/approve`, undefined, `Approved ${r.title}`).catch(() => {})}
          >
            Approve request
          </Button>
          <Button size="xs" color="red" variant="light" onClick={() => setPending({ kind: 'reject', id: r.id })}>
            Reject request
          </Button>
        </Group>
      )}
      {r.claims.map((c) => (
        <ClaimRow
          key={c.id}
          claim={c}
          approver={approver}
          payer={payer}
          requester={requester}
          onAct={act}
          onAsk={(kind) => setPending({ kind, id: c.id })}
        />
      ))}
      {requester && r.status === 'approved' && <ClaimForm request={r} />}
      <ConfirmModal
        opened={!!pending}
        title={
          pending?.kind === 'pay'
            ? 'Record the payment'
            : pending?.kind === 'proof'
              ? 'Ask for more proof'
              : pending?.kind === 'reject'
                ? 'Reject the request'
                : 'Reject the claim'
        }
        message={pending?.kind === 'pay' ? 'The approved claim is marked paid with this reference.' : 'The partner sees your words.'}
        confirmLabel={pending?.kind === 'pay' ? 'Record payment' : pending?.kind === 'proof' ? 'Ask for proof' : 'Reject'}
        color={pending?.kind === 'pay' ? 'green' : pending?.kind === 'proof' ? 'blue' : 'red'}
        reason={{
          label: pending?.kind === 'pay' ? 'Payment reference' : pending?.kind === 'proof' ? 'What is missing' : 'Reason',
          required: true,
        }}
        onClose={() => setPending(null)}
        onConfirm={async (text) => {
          if (!pending) return
          const t = text ?? ''
          if (pending.kind === 'reject') await act(`/api/funds/requests/${pending.id}/reject`, { reason: t }, 'Request rejected')
          if (pending.kind === 'claim-reject') await act(`/api/funds/claims/${pending.id}/reject`, { reason: t }, 'Claim rejected')
          if (pending.kind === 'proof') await act(`/api/funds/claims/${pending.id}/request-proof`, { note: t }, 'More proof requested')
          if (pending.kind === 'pay') await act(`/api/funds/claims/${pending.id}/pay`, { reference: t }, 'Payment recorded')
          setPending(null)
        }}
      />
    </Card>
  )
}

function ClaimRow({
  claim: c,
  approver,
  payer,
  requester,
  onAct,
  onAsk,
}: {
  claim: Claim
  approver: boolean
  payer: boolean
  requester: boolean
  onAct: (path: string, body?: object, done?: string) => Promise<void>
  onAsk: (kind: 'claim-reject' | 'proof' | 'pay') => void
}) {
  return (
    <Card withBorder mt="xs" p="xs" data-testid="claim">
      <Group justify="space-between">
        <Text size="sm">
          Claim {formatMoney(c.amount)} — {c.description}
          {c.files.map((f) => (
            <Text span key={f.id} ml="xs">
              <a href={`/api/funds/claims/${c.id}/files/${f.id}`}>{f.filename}</a>
            </Text>
          ))}
        </Text>
        <Badge color={statusColor[c.status]} data-testid="claim-status">
          {label(c.status)}
        </Badge>
      </Group>
      <Steps steps={c.steps} />
      <Group mt={4}>
        {approver && c.status === 'submitted' && (
          <>
            <Button size="xs" onClick={() => void onAct(`/api/funds/claims/${c.id}/approve`, undefined, 'Claim approved').catch(() => {})}>
              Approve claim
            </Button>
            <Button size="xs" variant="light" onClick={() => onAsk('proof')}>
              Ask for more proof
            </Button>
          </>
        )}
        {approver && (c.status === 'submitted' || c.status === 'more_proof_requested') && (
          <Button size="xs" color="red" variant="light" onClick={() => onAsk('claim-reject')}>
            Reject claim
          </Button>
        )}
        {payer && c.status === 'approved' && (
          <Button size="xs" color="teal" onClick={() => onAsk('pay')}>
            Record payment
          </Button>
        )}
        {requester && c.status === 'more_proof_requested' && <ProofUpload claimId={c.id} />}
      </Group>
    </Card>
  )
}

function ProofUpload({ claimId }: { claimId: string }) {
  const refresh = useRefreshFunds()
  const [file, setFile] = useState<File | null>(null)
  const [error, setError] = useState<string | null>(null)
  const send = async () => {
    if (!file) return setError('Choose a file (PDF or image)')
    const form = new FormData()
    form.append('file', file)
    try {
      await rawFetch(`/api/funds/claims/${claimId}/files`, { method: 'POST', body: form })
      setFile(null)
      await refresh()
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  return (
    <Group align="flex-end">
      <FileInput label="More proof" placeholder="Choose a file" value={file} onChange={setFile} error={error} />
      <Button size="xs" onClick={() => void send()}>
        Send proof
      </Button>
    </Group>
  )
}

function ClaimForm({ request: r }: { request: MdfRequest }) {
  const refresh = useRefreshFunds()
  const [amount, setAmount] = useState('')
  const [description, setDescription] = useState('')
  const [file, setFile] = useState<File | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const send = async () => {
    if (!file) return setError('Attach proof of performance (PDF or image)')
    setBusy(true)
    setError(null)
    try {
      const form = new FormData()
      form.append('file', file)
      form.append('details', JSON.stringify({ amount: { amount: parseAmount(amount), currency: r.amount.currency }, description }))
      await rawFetch(`/api/funds/requests/${r.id}/claims`, { method: 'POST', body: form })
      notifications.show({ color: 'green', message: 'Claim submitted' })
      setAmount('')
      setDescription('')
      setFile(null)
      await refresh()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card withBorder mt="xs" p="xs">
      <Text size="sm" fw={600}>
        Claim against this request (by {formatDate(r.claimDeadline)})
      </Text>
      {error && (
        <Alert mt="xs" color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
        <MoneyInput label="Claim amount" currency={r.amount.currency} value={amount} onChange={setAmount} />
        <TextInput label="What was done" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <FileInput
          label="Proof of performance"
          description="Invoice, photos, attendee list (PDF or image)"
          placeholder="Choose a file"
          value={file}
          onChange={setFile}
        />
      </SimpleGrid>
      <Button mt="xs" size="xs" onClick={() => void send()} loading={busy}>
        Submit claim
      </Button>
    </Card>
  )
}

function StaffFunds() {
  const queue = useRequests({ queue: 'true' })
  const ledger = useLedger()
  return (
    <Stack>
      <Title order={2} size="h4">
        Waiting for a decision
      </Title>
      {queue.isPending ? (
        <PageLoader label="Loading the queue" />
      ) : queue.isError ? (
        <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
      ) : !queue.data.length ? (
        <EmptyState title="Nothing waiting">New requests and claims appear here.</EmptyState>
      ) : (
        queue.data.map((r) => <RequestCard key={r.id} request={r} />)
      )}
      <Group justify="space-between">
        <Title order={2} size="h4">
          Ledger
        </Title>
        <Group>
          <Button component="a" href="/api/funds/ledger/export?format=csv" variant="light" size="xs">
            Export CSV
          </Button>
          <Button component="a" href="/api/funds/ledger/export?format=xlsx" variant="light" size="xs">
            Export XLSX
          </Button>
        </Group>
      </Group>
      {ledger.isPending ? (
        <PageLoader label="Loading the ledger" />
      ) : ledger.isError ? (
        <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Partner</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Entries</Table.Th>
                <Table.Th>Memo</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ledger.data.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                  <Table.Td>{t.partnerName}</Table.Td>
                  <Table.Td>{t.kind}</Table.Td>
                  <Table.Td>{t.entries.map((e) => `${e.account} ${formatMoney(e.amount)}`).join('; ')}</Table.Td>
                  <Table.Td>{t.memo}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}
