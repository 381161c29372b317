import { Anchor, Button, Grid, Select, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core'
import { useState } from 'react'
import { Link } from 'react-router'
import { FormError } from '../../components/form-error.tsx'
import { api, unwrap, type Schemas } from '../../lib/api.ts'
import { countryOptions } from '../../lib/countries.ts'
import { useContractForm } from '../../lib/use-contract-form.ts'
import { AuthFrame } from '../../components/auth-frame.tsx'
import { partnerTypeOptions } from './inquiries.model.ts'

const empty = {
  company: '',
  website: '',
  country: '',
  contactName: '',
  email: '',
  phone: '',
  partnerType: '',
  solutions: [] as string[],
  message: '',
  heardAbout: '',
  fax: '',
}

/** Contact Us: the public partnership inquiry form (no sign-in). */
export function ContactPage() {
  const [sent, setSent] = useState<Schemas['PublicInquiryStatus'] | null>(null)
  const form = useContractForm({
    initialValues: empty,
    schema: (c) => c.InquiryInput,
    toBody: (v) => ({
      ...v,
      website: v.website.trim() || undefined,
      country: v.country || undefined,
      phone: v.phone || undefined,
      partnerType: v.partnerType || undefined,
      heardAbout: v.heardAbout || undefined,
      fax: v.fax || undefined,
    }),
    onSubmit: async (body) => {
      const result = await api.POST('/api/public/inquiries', { body })
      if (result.response.status === 429) {
        const retry = Number(result.response.headers.get('Retry-After') ?? 0)
        form.fail(
          `You have sent several inquiries in a short time. Please try again${retry ? ` in ${Math.ceil(retry / 60)} minutes` : ' later'}.`,
        )
        return
      }
      setSent(unwrap(result))
    },
  })

  if (sent)
    return (
      <AuthFrame title="Thank you" subtitle="We received your inquiry." width={560}>
        <Stack>
          <Text>
            Your reference is{' '}
            <Text span fw={700} ff="monospace" size="lg" data-testid="inquiry-reference">
              {sent.reference}
            </Text>
            . We sent it to {form.values.email} as well.
          </Text>
          <Text size="sm">{sent.nextStep}</Text>
          <Anchor component={Link} to={`/inquiry-status?reference=${sent.reference}`}>
            Check the status of your inquiry
          </Anchor>
        </Stack>
      </AuthFrame>
    )

  return (
    <AuthFrame
      title="Become a partner"
      subtitle="Tell us about your company; the Global Partner Alliances (GPA) team will get back to you."
      width={720}
    >
      <form ref={form.ref} onSubmit={form.submit} noValidate aria-label="Contact us">
        <Stack>
          <FormError error={form.message} />
          <Grid>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label="Company" required {...form.getInputProps('company')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label="Website" placeholder="e.g. https://example.com" required {...form.getInputProps('website')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select label="Country" data={countryOptions} searchable required {...form.getInputProps('country')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select label="Partnership sought" data={partnerTypeOptions} clearable {...form.getInputProps('partnerType')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label="Your name" required {...form.getInputProps('contactName')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label="Phone" type="tel" {...form.getInputProps('phone')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TagsInput label="Solutions / categories" placeholder="e.g. Security, Cloud" {...form.getInputProps('solutions')} />
            </Grid.Col>
          </Grid>
          <Textarea label="Message" required autosize minRows={4} {...form.getInputProps('message')} />
          <TextInput label="How did you hear about our partner program?" {...form.getInputProps('heardAbout')} />
          {/* A trap for automated submissions: people never see it, so it stays empty. */}
          <div aria-hidden style={{ position: 'absolute', left: -10000, width: 1, height: 1, overflow: 'hidden' }}>
            <label>
              Fax
              <input
                tabIndex={-1}
                autoComplete="off"
                value={form.values.fax}
                onChange={(e) => form.setFieldValue('fax', e.currentTarget.value)}
                name="fax"
              />
            </label>
          </div>
          <Button type="submit" loading={form.busy}>
            Send inquiry
          </Button>
          <Text size="sm" c="dimmed" ta="center">
            Sent one already?{' '}
            <Anchor component={Link} to="/inquiry-status">
              Check its status
            </Anchor>{' '}
            ·{' '}
            <Anchor component={Link} to="/login">
              Partner sign-in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  )
}
