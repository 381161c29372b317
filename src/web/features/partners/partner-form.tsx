import { Button, Card, Group, MultiSelect, Select, SimpleGrid, Stack, TagsInput, TextInput, Title } from '@mantine/core'
import { FormError } from '../../components/form-error.tsx'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { ApiError, errorMessage } from '../../lib/api.ts'
import { countryOptions } from '../../lib/countries.ts'
import { fieldErrors } from '../../lib/form-errors.ts'
import { options, statusLabels, typeLabels, type Partner, type PartnerStatus, type PartnerType } from './partners.model.ts'
import { useStaff } from './partners.queries.ts'
import { tierLabels, type Tier } from '../../lib/tiers.ts'

export type PartnerFormValues = {
  legalName: string
  aliases: string[]
  website: string
  emailDomains: string[]
  headquartersCountry: string | null
  countries: string[]
  type: PartnerType | null
  services: string[]
  gtmCategories: string[]
  status: PartnerStatus
  tier: Tier | null
  partnerManagerId: string | null
  partnerOpsId: string | null
  sponsorId: string | null
}

const fields = Object.keys({
  legalName: 0,
  aliases: 0,
  website: 0,
  emailDomains: 0,
  headquartersCountry: 0,
  countries: 0,
  type: 0,
  services: 0,
  gtmCategories: 0,
  status: 0,
  tier: 0,
  partnerManagerId: 0,
  partnerOpsId: 0,
  sponsorId: 0,
} satisfies Record<keyof PartnerFormValues, 0>)

export const emptyPartnerValues: PartnerFormValues = {
  legalName: '',
  aliases: [],
  website: '',
  emailDomains: [],
  headquartersCountry: null,
  countries: [],
  type: null,
  services: [],
  gtmCategories: [],
  status: 'prospect',
  tier: null,
  partnerManagerId: null,
  partnerOpsId: null,
  sponsorId: null,
}

export const valuesFromPartner = (p: Partner): PartnerFormValues => ({
  legalName: p.legalName,
  aliases: p.aliases,
  website: p.website ?? '',
  emailDomains: p.emailDomains,
  headquartersCountry: p.headquartersCountry,
  countries: p.countries,
  type: p.type,
  services: p.services,
  gtmCategories: p.gtmCategories,
  status: p.status,
  tier: p.tier,
  partnerManagerId: p.partnerManager?.id ?? null,
  partnerOpsId: p.partnerOps?.id ?? null,
  sponsorId: p.sponsor?.id ?? null,
})

type Props = {
  initialValues: PartnerFormValues
  mode: 'create' | 'edit'
  onSubmit: (values: PartnerFormValues) => Promise<void>
  onCancel: () => void
}

/** The partner form; the server validates every field and its errors land next to the fields. */
export function PartnerForm({ initialValues, mode, onSubmit, onCancel }: Props) {
  const staff = useStaff(true)
  const [formError, setFormError] = useState<string | null>(null)
  const form = useForm<PartnerFormValues>({
    initialValues,
    validate: {
      legalName: (v) => (v.trim() ? null : 'Enter the legal name'),
      type: (v) => (v ? null : 'Choose the partner type'),
      headquartersCountry: (v) => (v ? null : 'Choose the headquarters country'),
    },
  })
  const staffOptions = (staff.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))

  const submit = form.onSubmit(async (values) => {
    setFormError(null)
    try {
      await onSubmit(values)
    } catch (e) {
      const { byField, other } = fieldErrors(e, fields)
      form.setErrors(byField)
      if (e instanceof ApiError && e.status === 412)
        setFormError('This partner was changed since you loaded it. Reload to see the latest version, then apply your change again.')
      else if (other.length) setFormError(other.join('; '))
      else if (!Object.keys(byField).length) setFormError(errorMessage(e))
      else setFormError('Some fields need attention.')
    }
  })

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={formError} />
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Company
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput label="Legal name" required {...form.getInputProps('legalName')} />
            <TagsInput
              label="Aliases"
              description="Other names the company is known by; press Enter after each"
              {...form.getInputProps('aliases')}
            />
            <TextInput label="Website" placeholder="https://www.example.com" {...form.getInputProps('website')} />
            <TagsInput
              label="Email domains"
              description="Its partner admins may invite addresses of these domains only; press Enter after each (empty: the website's)"
              {...form.getInputProps('emailDomains')}
            />
            <Select label="Partner type" required data={options(typeLabels)} {...form.getInputProps('type')} />
            <Select label="Headquarters country" required searchable data={countryOptions} {...form.getInputProps('headquartersCountry')} />
            <MultiSelect label="Countries covered by agreements" searchable data={countryOptions} {...form.getInputProps('countries')} />
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Program
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {mode === 'create' && (
              <Select label="Status" data={options(statusLabels)} allowDeselect={false} {...form.getInputProps('status')} />
            )}
            <Select
              label="Tier"
              placeholder="No tier"
              clearable
              data={options(tierLabels)}
              disabled={mode === 'edit'}
              description={mode === 'edit' ? 'Changes through a tier review, approved by Sales and Alliances' : 'Initial placement'}
              {...form.getInputProps('tier')}
            />
            <TagsInput label="Services offered" {...form.getInputProps('services')} />
            <TagsInput label="Go-to-market solution categories" {...form.getInputProps('gtmCategories')} />
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            People
          </Title>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <Select
              label="Partner manager"
              placeholder="Unassigned"
              clearable
              searchable
              data={staffOptions}
              {...form.getInputProps('partnerManagerId')}
            />
            <Select
              label="Partner operations"
              placeholder="Unassigned"
              clearable
              searchable
              data={staffOptions}
              {...form.getInputProps('partnerOpsId')}
            />
            <Select
              label="Relationship sponsor"
              placeholder="Unassigned"
              clearable
              searchable
              data={staffOptions}
              {...form.getInputProps('sponsorId')}
            />
          </SimpleGrid>
        </Card>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={form.submitting}>
            {mode === 'create' ? 'Create partner' : 'Save changes'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** Form values → API body: empty website becomes null. */
export function toPartnerBody(v: PartnerFormValues) {
  return {
    legalName: v.legalName.trim(),
    aliases: v.aliases,
    website: v.website.trim() || null,
    ...(v.emailDomains.length ? { emailDomains: v.emailDomains } : {}),
    headquartersCountry: v.headquartersCountry ?? '',
    countries: v.countries,
    type: v.type as PartnerType,
    services: v.services,
    gtmCategories: v.gtmCategories,
    tier: v.tier,
    partnerManagerId: v.partnerManagerId,
    partnerOpsId: v.partnerOpsId,
    sponsorId: v.sponsorId,
  }
}
