import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { DateField } from '../../components/date-field.tsx'
import { FormError } from '../../components/form-error.tsx'
import { MoneyInput } from '../../components/money-input.tsx'
import { api, unwrap } from '../../lib/api.ts'
import { countryOptions } from '../../lib/countries.ts'
import { formatDate } from '../../lib/format.ts'
import { parseAmount } from '../../lib/money.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import { useCurrentUser } from '../../lib/session.ts'
import { PageLoader } from '../../components/page-states.tsx'
import { registersDeals, stageLabels, stageOrder, type Stage } from './deals.model.ts'
import { useRefreshDeals } from './deals.queries.ts'
import { useOffered } from '../program/index.ts'

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

const empty = {
  partnerId: null as string | null,
  name: '',
  domain: '',
  country: null as string | null,
  address: '',
  products: [] as string[],
  amount: '',
  close: '',
  stage: 'registered' as Stage,
  description: '',
  contactName: '',
  contactEmail: '',
}
type Values = typeof empty

// Where the contract's paths show on this form.
const fieldOf = {
  'customer.name': 'name',
  'customer.domain': 'domain',
  'customer.country': 'country',
  'customer.address': 'address',
  value: 'amount',
  expectedCloseDate: 'close',
  contact: 'contactName',
  'contact.name': 'contactName',
  'contact.email': 'contactEmail',
}

const optional = (s: string) => (s.trim() ? s : undefined)
const toBody = (v: Values) => ({
  partnerId: v.partnerId ?? undefined,
  customer: { name: v.name, domain: optional(v.domain), country: v.country ?? undefined, address: optional(v.address) },
  products: v.products,
  value: { amount: parseAmount(v.amount), currency: 'USD' },
  expectedCloseDate: v.close || undefined,
  stage: v.stage,
  description: optional(v.description),
  contact: v.contactName.trim() || v.contactEmail.trim() ? { name: v.contactName, email: optional(v.contactEmail) } : undefined,
})

/** Registration with the conflict check running as the customer is typed. */
export function DealRegisterPage() {
  const user = useCurrentUser()
  const navigate = useNavigate()
  const refresh = useRefreshDeals()
  const form = useContractForm({
    initialValues: { ...empty, partnerId: user.partnerId ?? null },
    // Internal users register on behalf of a partner: for them the partner is required.
    schema: (c) =>
      user.partnerId
        ? c.DealCreateInput
        : c.DealCreateInput.refine((b) => !!b.partnerId, { path: ['partnerId'], message: 'Choose the partner' }),
    toBody: (v) => ({ ...toBody(v), partnerId: user.partnerId ? undefined : (v.partnerId ?? undefined) }),
    fieldOf,
    onSubmit: async (body) => {
      const deal = unwrap(await api.POST('/api/deals', { body }))
      await refresh()
      notifications.show({
        color: 'green',
        message: `Registered ${deal.customer.name}${deal.expectedDecisionDate ? `; decision expected by ${formatDate(deal.expectedDecisionDate)}` : ''}`,
      })
      void navigate(`/deals/${deal.id}`)
    },
  })
  const v = form.getValues()
  const partnerId = v.partnerId
  const [partnerSearch, setPartnerSearch] = useState('')
  const catalog = useCatalog(partnerId)
  const offered = useOffered(user)
  const [debouncedSearch] = useDebouncedValue(partnerSearch, 250)
  const partners = useQuery({
    queryKey: ['partners', 'pick', debouncedSearch],
    enabled: !user.partnerId,
    queryFn: async () =>
      unwrap(await api.GET('/api/partners', { params: { query: { q: debouncedSearch || undefined, limit: 20, status: 'active' } } })).items,
  })
  const [typed] = useDebouncedValue({ name: v.name.trim(), domain: v.domain.trim(), products: v.products, close: v.close }, 400)
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
        <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="Register a deal">
          <Stack>
            <FormError error={form.message} />
            {!user.partnerId && (
              <Select
                label="Partner"
                required
                searchable
                placeholder="Search partners"
                onSearchChange={setPartnerSearch}
                data={(partners.data ?? []).map((p) => ({ value: p.id, label: p.legalName }))}
                {...form.getInputProps('partnerId')}
              />
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Customer name" required {...form.getInputProps('name')} />
              <TextInput label="Customer website or domain" placeholder="e.g. initrode.com" {...form.getInputProps('domain')} />
              <Select label="Customer country" required searchable data={countryOptions} {...form.getInputProps('country')} />
              <TextInput label="Customer address" {...form.getInputProps('address')} />
            </SimpleGrid>
            <ConflictNotice check={check.data} />
            <TagsInput
              label="Products and solutions"
              required
              description="From your catalog, or type a product and press Enter"
              data={catalog.data ?? []}
              {...form.getInputProps('products')}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <MoneyInput label="Estimated value" required currency="USD" placeholder="e.g. 250,000" {...form.getInputProps('amount')} />
              <DateField label="Expected close date" required {...form.getInputProps('close')} />
              <Select
                label="Stage"
                data={stageOrder.slice(0, 4).map((s) => ({ value: s, label: stageLabels[s] }))}
                allowDeselect={false}
                {...form.getInputProps('stage')}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Customer contact"
                description="Required when you give a contact email"
                withAsterisk={!!v.contactEmail.trim()}
                {...form.getInputProps('contactName')}
              />
              <TextInput label="Contact email" type="email" {...form.getInputProps('contactEmail')} />
            </SimpleGrid>
            <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => void navigate('/deals')}>
                Cancel
              </Button>
              <Button type="submit" loading={form.busy}>
                Register
              </Button>
            </Group>
          </Stack>
        </form>
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
