import { Alert, Button, Group, Modal, MultiSelect, Select, Stack, Textarea, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { todayOf } from '../../../core/dates.ts'
import { api, errorMessage, unwrap } from '../../lib/api.ts'
import { countryOptions } from '../../lib/countries.ts'
import { fieldErrors } from '../../lib/form-errors.ts'
import { coverageOf, PartnerPicker, type PartnerChoice } from '../../components/partner-picker.tsx'
import { typeLabels, type AgreementType } from './agreements.model.ts'
import { useRefreshAgreements } from './agreements.queries.ts'

const fields = ['partnerId', 'type', 'title', 'clientName', 'effectiveDate', 'expiryDate', 'countries', 'renewalTerms'] as const

/**
 * A new draft agreement of one partner — the given one (its page), or one chosen here (the Agreements
 * page), whose countries become the default coverage. Every server error lands next to its field.
 */
export function AgreementFormModal({ partner: given, opened, onClose }: { partner?: PartnerChoice; opened: boolean; onClose: () => void }) {
  const navigate = useNavigate()
  const [partner, setPartner] = useState<PartnerChoice | null>(given ?? null)
  const partnerId = partner?.id ?? ''
  const refresh = useRefreshAgreements()
  const [type, setType] = useState<AgreementType>('nda')
  const [title, setTitle] = useState('')
  const [clientName, setClientName] = useState('')
  const [effectiveDate, setEffectiveDate] = useState(todayOf(new Date()))
  const [expiryDate, setExpiryDate] = useState('')
  const [countries, setCountries] = useState<string[]>(given ? coverageOf(given) : [])
  const [renewalTerms, setRenewalTerms] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const save = async () => {
    if (!partnerId) return setErrors({ partnerId: 'Choose the partner this agreement is with' })
    setBusy(true)
    setErrors({})
    setError(null)
    try {
      const created = unwrap(
        await api.POST('/api/agreements', {
          body: {
            partnerId,
            type,
            effectiveDate,
            countries,
            ...(title.trim() ? { title: title.trim() } : {}),
            ...(type === 'flow_down' ? { clientName: clientName.trim() } : {}),
            ...(expiryDate ? { expiryDate } : {}),
            ...(renewalTerms.trim() && type !== 'potc' ? { renewalTerms: renewalTerms.trim() } : {}),
          },
        }),
      )
      notifications.show({ color: 'green', message: `${created.title} created as a draft` })
      await refresh()
      onClose()
      void navigate(`/agreements/${created.id}`)
    } catch (e) {
      const { byField, other } = fieldErrors(e, fields)
      setErrors(byField)
      if (other.length || !Object.keys(byField).length) setError(other.join('; ') || errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title="New agreement" size="lg">
      <Stack>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        {!given && (
          <PartnerPicker
            value={partner}
            onChange={(p) => {
              setPartner(p)
              if (p) setCountries(coverageOf(p))
            }}
            error={errors.partnerId}
          />
        )}
        <Select
          label="Type"
          data={Object.entries(typeLabels).map(([value, label]) => ({ value, label }))}
          value={type}
          onChange={(v) => v && setType(v as AgreementType)}
          allowDeselect={false}
          error={errors.type}
        />
        {type === 'flow_down' && (
          <TextInput
            label="Client"
            description="The integrator's client these terms belong to"
            value={clientName}
            onChange={(e) => setClientName(e.currentTarget.value)}
            error={errors.clientName}
          />
        )}
        <TextInput
          label="Title"
          placeholder={typeLabels[type]}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={errors.title}
        />
        <Group grow>
          <TextInput
            label="Effective date"
            type="date"
            value={effectiveDate}
            onChange={(e) => setEffectiveDate(e.currentTarget.value)}
            error={errors.effectiveDate}
          />
          <TextInput
            label="Expiry date"
            type="date"
            value={expiryDate}
            onChange={(e) => setExpiryDate(e.currentTarget.value)}
            error={errors.expiryDate}
          />
        </Group>
        <MultiSelect
          label="Countries covered"
          searchable
          data={countryOptions}
          value={countries}
          onChange={setCountries}
          error={errors.countries}
        />
        {type === 'potc' ? (
          <Alert variant="light" color="blue">
            POTC terms are non-modifiable: the version in force on the effective date applies, with its renewal terms.
          </Alert>
        ) : (
          <Textarea
            label="Renewal terms"
            autosize
            minRows={2}
            value={renewalTerms}
            onChange={(e) => setRenewalTerms(e.currentTarget.value)}
            error={errors.renewalTerms}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void save()} loading={busy}>
            Create draft
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
