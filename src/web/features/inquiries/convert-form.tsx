import { Button, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { FormError } from '../../components/form-error.tsx'
import { showErrors } from '../../lib/form-errors.ts'
import type { InquiryDetail } from './inquiries.model.ts'
import { useInquiryActions } from './inquiries.queries.ts'
import { useStaff } from '../partners/index.ts'

const fields = ['path', 'agreementType', 'dealReference', 'sponsorId', 'note']

/** Converts the inquiry into an onboarding case (deal-driven under POTC or a reseller agreement, or sponsor-driven). */
export function ConvertForm({ inquiry }: { inquiry: InquiryDetail }) {
  const { convert } = useInquiryActions(inquiry.id)
  const navigate = useNavigate()
  const [path, setPath] = useState<'deal' | 'sponsor'>('deal')
  const [agreementType, setAgreementType] = useState<'potc' | 'reseller'>('potc')
  const [dealReference, setDealReference] = useState('')
  const [sponsorId, setSponsorId] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const staff = useStaff(path === 'sponsor')
  const sponsors = (staff.data ?? []).filter((u) => u.role === 'solutions' || u.role === 'alliances')

  const save = async () => {
    setErrors({})
    setError(null)
    try {
      const r = await convert.mutateAsync({
        path,
        agreementType,
        ...(path === 'deal' && dealReference.trim() ? { dealReference: dealReference.trim() } : {}),
        ...(path === 'sponsor' && sponsorId ? { sponsorId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      })
      notifications.show({ color: 'green', message: 'Converted to onboarding. The submitter is emailed.' })
      void navigate(`/onboarding/${r.caseId}`)
    } catch (e) {
      showErrors(e, fields, setErrors, setError)
    }
  }

  return (
    <Stack gap="xs" role="group" aria-label="Convert to onboarding">
      <Text size="sm" fw={600}>
        Convert to onboarding
      </Text>
      <FormError error={error} />
      <SegmentedControl
        aria-label="Onboarding path"
        value={path}
        onChange={(v) => setPath(v as 'deal' | 'sponsor')}
        data={[
          { value: 'deal', label: 'Deal-driven' },
          { value: 'sponsor', label: 'Sponsor-driven' },
        ]}
      />
      <Select
        label="Agreement"
        data={[
          { value: 'potc', label: 'POTC (purchase order terms)' },
          { value: 'reseller', label: 'Reseller agreement' },
        ]}
        value={agreementType}
        onChange={(v) => v && setAgreementType(v as 'potc' | 'reseller')}
        allowDeselect={false}
        error={errors.agreementType}
      />
      {path === 'deal' ? (
        <TextInput
          label="Deal or opportunity"
          placeholder="OPP-12345"
          value={dealReference}
          onChange={(e) => setDealReference(e.currentTarget.value)}
          error={errors.dealReference}
        />
      ) : (
        <Select
          label="Sponsor"
          placeholder="A Solutions or Alliances stakeholder"
          searchable
          clearable
          data={sponsors.map((u) => ({ value: u.id, label: u.name }))}
          value={sponsorId}
          onChange={setSponsorId}
          error={errors.sponsorId}
        />
      )}
      <Textarea
        label="Note to the submitter (optional)"
        autosize
        minRows={2}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={errors.note}
      />
      <Button onClick={() => void save()} loading={convert.isPending}>
        Convert to onboarding
      </Button>
    </Stack>
  )
}
