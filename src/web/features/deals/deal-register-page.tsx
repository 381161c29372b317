import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { api, errorMessage, unwrap } from '../../lib/api.ts'
import { countryOptions } from '../../lib/countries.ts'
import { fieldErrors } from '../../lib/form-errors.ts'
import { useCurrentUser } from '../../lib/session.ts'
import { PageLoader } from '../../components/page-states.tsx'
import { useOffered } from '../program/program.queries.ts'
import { registersDeals, stageLabels, stageOrder, type Stage } from './deals.model.ts'
import { useRefreshDeals } from './deals.queries.ts'

const FIELDS = ['partnerId', 'customer', 'products', 'value', 'expectedCloseDate', 'stage', 'description', 'contact'] as const

/** The partner's catalog (its services and go-to-market categories) as product suggestions. */
function useCatalog(partnerId: string | null) {
  return useQuery({
    queryKey: ['partners', partnerId, 'catalog'],
    enabled: !!partnerId,
    queryFn: async () => {
      const p = unwrap(await api.GET('/api/partners/{id}', { params: { path: { id: partnerId! } } }))
      return [...new Set([...p.services, ...p.gtmCategories])]
    },
  })
}

/** Registration with the conflict check running as the customer is typed. */
export function DealRegisterPage() {
  const user = useCurrentUser()
  const navigate = useNavigate()
  const refresh = useRefreshDeals()
  const [partnerId, setPartnerId] = useState<string | null>(user.partnerId ?? null)
  const [partnerSearch, setPartnerSearch] = useState('')
  const [name, setName] = useState('')
  const [domain, setDomain] = useState('')
  const [country, setCountry] = useState<string | null>(null)
  const [address, setAddress] = useState('')
  const [products, setProducts] = useState<string[]>([])
  const [amount, setAmount] = useState('')
  const [close, setClose] = useState('')
  const [stage, setStage] = useState<Stage>('registered')
  const [description, setDescription] = useState('')
  const [contactName, setContactName] = useState('')
  const [contactEmail, setContactEmail] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const catalog = useCatalog(partnerId)
  const offered = useOffered(user)
  const [debouncedSearch] = useDebouncedValue(partnerSearch, 250)
  const partners = useQuery({
    queryKey: ['partners', 'pick', debouncedSearch],
    enabled: !user.partnerId,
    queryFn: async () =>
      unwrap(await api.GET('/api/partners', { params: { query: { q: debouncedSearch || undefined, limit: 20, status: 'active' } } })).items,
  })
  const [typed] = useDebouncedValue({ name: name.trim(), domain: domain.trim(), products, close }, 400)
  const check = useQuery({
    queryKey: ['deals', 'check', typed],
    enabled: typed.name.length >= 3 || typed.domain.includes('.'),
    retry: false,
    queryFn: async () =>
      unwrap(
        await api.POST('/api/deals/check', {
          body: {
            customer: { ...(typed.name ? { name: typed.name } : {}), ...(typed.domain.includes('.') ? { domain: typed.domain } : {}) },
            ...(typed.products.length ? { products: typed.products } : {}),
            ...(/^\d{4}-\d{2}-\d{2}$/.test(typed.close) ? { expectedCloseDate: typed.close } : {}),
          },
        }),
      ),
  })

  const submit = async () => {
    setBusy(true)
    setErrors({})
    setError(null)
    try {
      const deal = unwrap(
        await api.POST('/api/deals', {
          body: {
            ...(user.partnerId ? {} : partnerId ? { partnerId } : {}),
            customer: { name, ...(domain.trim() ? { domain } : {}), country: country ?? '', ...(address.trim() ? { address } : {}) },
            products,
            value: { amount, currency: 'USD' },
            expectedCloseDate: close,
            stage,
            ...(description.trim() ? { description } : {}),
            ...(contactName.trim() ? { contact: { name: contactName, ...(contactEmail.trim() ? { email: contactEmail } : {}) } } : {}),
          },
        }),
      )
      await refresh()
      notifications.show({ color: 'green', message: `Registered ${deal.customer.name}; decision expected by ${deal.expectedDecisionDate}` })
      navigate(`/deals/${deal.id}`)
    } catch (e) {
      const { byField, other } = fieldErrors(e, FIELDS)
      setErrors(byField)
      if (other.length || !Object.keys(byField).length) setError(other.join('; ') || errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const header = (
    <PageHeader
      title="Register a deal"
      description="Alliance checks for conflicting registrations as you type; the Partner Incentives team reviews possible conflicts."
    />
  )
  const registers = offered('dealRegistration', registersDeals)
  if (registers === undefined)
    return (
      <>
        {header}
        <PageLoader label="Loading your benefits" />
      </>
    )
  if (!registers)
    return (
      <>
        {header}
        <Alert color="gray" variant="light" title="Not part of your company's tier">
          Deal registration is not included in your company's current tier. The Global Partner Support (GPS) team can help.
        </Alert>
      </>
    )
  return (
    <>
      {header}
      <Card withBorder maw={860}>
        <Stack>
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          {!user.partnerId && (
            <Select
              label="Partner"
              required
              searchable
              placeholder="Search partners"
              value={partnerId}
              onChange={setPartnerId}
              onSearchChange={setPartnerSearch}
              data={(partners.data ?? []).map((p) => ({ value: p.id, label: p.legalName }))}
              error={errors.partnerId}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Customer name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.customer}
            />
            <TextInput
              label="Customer website or domain"
              placeholder="initrode.com"
              value={domain}
              onChange={(e) => setDomain(e.currentTarget.value)}
            />
            <Select label="Customer country" required searchable data={countryOptions} value={country} onChange={setCountry} />
            <TextInput label="Customer address" value={address} onChange={(e) => setAddress(e.currentTarget.value)} />
          </SimpleGrid>
          <ConflictNotice check={check.data} />
          <TagsInput
            label="Products and solutions"
            required
            description="From your catalog, or type a product and press Enter"
            data={catalog.data ?? []}
            value={products}
            onChange={setProducts}
            error={errors.products}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="Estimated value (USD)"
              required
              placeholder="250000.00"
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={errors.value}
            />
            <TextInput
              label="Expected close date"
              required
              type="date"
              value={close}
              onChange={(e) => setClose(e.currentTarget.value)}
              error={errors.expectedCloseDate}
            />
            <Select
              label="Stage"
              data={stageOrder.slice(0, 4).map((s) => ({ value: s, label: stageLabels[s] }))}
              value={stage}
              onChange={(v) => setStage((v as Stage) ?? 'registered')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Customer contact"
              value={contactName}
              onChange={(e) => setContactName(e.currentTarget.value)}
              error={errors.contact}
            />
            <TextInput label="Contact email" value={contactEmail} onChange={(e) => setContactEmail(e.currentTarget.value)} />
          </SimpleGrid>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => navigate('/deals')}>
              Cancel
            </Button>
            <Button onClick={submit} loading={busy}>
              Register
            </Button>
          </Group>
        </Stack>
      </Card>
    </>
  )
}

type Check = { possibleConflict: boolean; message: string | null; conflicts?: { dealId: string; score: number; reasons: string[] }[] }

function ConflictNotice({ check }: { check: Check | undefined }) {
  if (!check) return null
  if (!check.possibleConflict)
    return (
      <Text size="sm" c="dimmed" role="status">
        No conflicting registration found so far.
      </Text>
    )
  return (
    <Alert color="yellow" variant="light" title="Possible conflict" role="status">
      <Text size="sm">{check.message}</Text>
      {check.conflicts?.map((c) => (
        <Text size="sm" key={c.dealId}>
          <Link to={`/deals/${c.dealId}`}>Registration</Link> scored {c.score}: {c.reasons.join(', ')}
        </Text>
      ))}
    </Alert>
  )
}
