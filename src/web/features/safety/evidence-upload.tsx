import { Alert, Button, Card, FileInput, Group, NativeSelect, SimpleGrid, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { errorMessage, rawFetch } from '../../lib/api.ts'
import { useRefreshSafety } from './safety.queries.ts'

const kinds = [
  { value: 'insurance', label: 'Insurance certificate' },
  { value: 'statistics', label: 'Safety statistics (one year)' },
  { value: 'program', label: 'Written safety program' },
  { value: 'licence', label: 'Licence' },
]
const insuranceTypes = [
  { value: 'general_liability', label: 'General liability' },
  { value: 'workers_compensation', label: "Workers' compensation" },
  { value: 'auto', label: 'Auto' },
  { value: 'umbrella', label: 'Umbrella' },
]

/** Uploads one piece of evidence with its document; it waits for a safety user's decision. */
export function EvidenceUpload({ partnerId }: { partnerId: string }) {
  const refresh = useRefreshSafety()
  const [kind, setKind] = useState('insurance')
  const [v, setV] = useState<Record<string, string>>({ insuranceType: 'general_liability', currency: 'USD' })
  const [file, setFile] = useState<File | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const field = (key: string, label: string, type = 'text') => (
    <TextInput label={label} type={type} value={v[key] ?? ''} onChange={(e) => setV({ ...v, [key]: e.currentTarget.value })} />
  )
  const num = (key: string) => Number(v[key])
  const details = () =>
    kind === 'insurance'
      ? {
          kind,
          insuranceType: v.insuranceType,
          insurer: v.insurer ?? '',
          policyNumber: v.policyNumber ?? '',
          limit: { amount: v.amount ?? '', currency: v.currency ?? '' },
          effectiveDate: v.effectiveDate ?? '',
          expiryDate: v.expiryDate ?? '',
        }
      : kind === 'statistics'
        ? { kind, year: num('year'), trir: num('trir'), dart: num('dart'), emr: num('emr'), hoursWorked: num('hoursWorked') }
        : { kind, title: v.title ?? '', effectiveDate: v.effectiveDate || null, expiryDate: v.expiryDate || null }

  const upload = async () => {
    if (!file) return setError('Choose the document (PDF or image)')
    setBusy(true)
    setError(null)
    try {
      const form = new FormData()
      form.append('file', file)
      form.append('details', JSON.stringify(details()))
      await rawFetch(`/api/partners/${partnerId}/safety/evidence`, { method: 'POST', body: form })
      notifications.show({ color: 'green', message: `${file.name} submitted for review` })
      setFile(null)
      await refresh()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Upload evidence
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect label="Kind" data={kinds} value={kind} onChange={(e) => setKind(e.currentTarget.value)} />
        {kind === 'insurance' && (
          <>
            <NativeSelect
              label="Insurance type"
              data={insuranceTypes}
              value={v.insuranceType}
              onChange={(e) => setV({ ...v, insuranceType: e.currentTarget.value })}
            />
            {field('insurer', 'Insurer')}
            {field('policyNumber', 'Policy number')}
            {field('amount', 'Limit')}
            {field('currency', 'Currency')}
          </>
        )}
        {kind === 'statistics' && (
          <>
            {field('year', 'Year')}
            {field('trir', 'TRIR')}
            {field('dart', 'DART')}
            {field('emr', 'EMR')}
            {field('hoursWorked', 'Hours worked')}
          </>
        )}
        {(kind === 'program' || kind === 'licence') && field('title', 'Title')}
        {kind !== 'statistics' && (
          <>
            {field('effectiveDate', 'Effective date', 'date')}
            {field('expiryDate', 'Expiry date', 'date')}
          </>
        )}
      </SimpleGrid>
      {error && (
        <Alert mt="sm" color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      <Group mt="sm" align="flex-end">
        <FileInput label="Document" description="PDF or image" placeholder="Choose a file" value={file} onChange={setFile} clearable />
        <Button onClick={() => void upload()} loading={busy}>
          Submit evidence
        </Button>
      </Group>
    </Card>
  )
}
