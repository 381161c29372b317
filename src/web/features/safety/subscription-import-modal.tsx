import {
  Alert,
  Button,
  Collapse,
  FileInput,
  Group,
  Modal,
  NativeSelect,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { ApiError, api, errorMessage, rawFetch, unwrap, type Problem } from '../../lib/api.ts'
import { useProviders, useRefreshSafety } from './safety.queries.ts'

type RowError = NonNullable<Problem['errors']>[number]
const fields = [
  { key: 'accountId', label: 'Account id' },
  { key: 'name', label: 'Company name' },
  { key: 'domain', label: 'Website or domain' },
  { key: 'status', label: 'Subscription status' },
  { key: 'grade', label: 'Grade (letters)' },
  { key: 'score', label: 'Score (percentage)' },
  { key: 'updatedOn', label: "Provider's last update" },
] as const
type Mapping = Partial<Record<(typeof fields)[number]['key'], string>>

/**
 * Imports a provider's export (CSV or XLSX): its columns mapped to ours (remembered for the provider), every
 * bad row listed with its number, and nothing imported from a file with errors unless "Import the good rows".
 */
export function SubscriptionImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const providers = useProviders()
  const refresh = useRefreshSafety()
  const [provider, setProvider] = useState<string | null>(null)
  const chosen = provider ?? providers.data?.find((p) => p.isDefault)?.key ?? null
  const remembered = useQuery({
    queryKey: ['safety', 'import-mapping', chosen],
    enabled: opened && !!chosen,
    queryFn: async () => unwrap(await api.GET('/api/safety/import/mapping', { params: { query: { provider: chosen ?? undefined } } })),
  })
  const [mapping, setMapping] = useState<Mapping>({})
  const [showMapping, setShowMapping] = useState(false)
  const [file, setFile] = useState<File | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [rowErrors, setRowErrors] = useState<RowError[]>([])
  useEffect(() => setMapping(remembered.data?.mapping ?? {}), [remembered.data])

  const close = () => {
    setFile(null)
    setError(null)
    setRowErrors([])
    onClose()
  }
  const upload = async (goodRowsOnly: boolean) => {
    if (!file || !chosen) return
    setBusy(true)
    setError(null)
    try {
      const body = new FormData()
      body.append('file', file)
      body.append('provider', chosen)
      const given = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v?.trim()))
      if (Object.keys(given).length) body.append('mapping', JSON.stringify(given))
      if (goodRowsOnly) body.append('goodRowsOnly', 'true')
      const res = await rawFetch('/api/safety/import', { method: 'POST', body })
      const r = (await res.json()) as { imported: number; unchanged: number; skipped: number }
      notifications.show({
        color: 'green',
        title: 'Import complete',
        message: `${r.imported} subscription${r.imported === 1 ? '' : 's'} changed, ${r.unchanged} unchanged${r.skipped ? `, ${r.skipped} bad row${r.skipped === 1 ? '' : 's'} skipped` : ''}`,
      })
      await refresh()
      close()
    } catch (e) {
      setError(errorMessage(e))
      setRowErrors(e instanceof ApiError ? (e.problem.errors ?? []) : [])
    } finally {
      setBusy(false)
    }
  }
  const hasRowErrors = rowErrors.some((r) => r.row !== undefined)

  return (
    <Modal opened={opened} onClose={close} title="Import the provider's export" size="lg">
      <Stack>
        <Text size="sm">
          Rows are matched to partners by account id, then by website domain, then by legal name. Importing the same file again changes
          nothing.
        </Text>
        <NativeSelect
          label="Provider"
          data={(providers.data ?? []).map((p) => ({ value: p.key, label: p.name }))}
          value={chosen ?? ''}
          onChange={(e) => setProvider(e.currentTarget.value)}
        />
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {remembered.data?.remembered ? 'Columns as mapped at the last import.' : "Columns as the provider's export names them."}
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={() => setShowMapping((v) => !v)} aria-expanded={showMapping}>
            {showMapping ? 'Hide column mapping' : 'Map columns'}
          </Button>
        </Group>
        <Collapse expanded={showMapping}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {fields.map((f) => (
              <TextInput
                key={f.key}
                label={f.label}
                description="Column header in the file"
                value={mapping[f.key] ?? ''}
                onChange={(e) => setMapping({ ...mapping, [f.key]: e.currentTarget.value })}
              />
            ))}
          </SimpleGrid>
        </Collapse>
        <FileInput
          label="File"
          placeholder="Choose a .csv or .xlsx file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          value={file}
          onChange={(f) => {
            setFile(f)
            setError(null)
            setRowErrors([])
          }}
          clearable
        />
        {error && (
          <Alert color="red" variant="light" title="The file was not imported" role="alert">
            {error}
          </Alert>
        )}
        {rowErrors.length > 0 && (
          <ScrollArea.Autosize mah={260}>
            <Table striped aria-label="Import errors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Row</Table.Th>
                  <Table.Th>Column</Table.Th>
                  <Table.Th>Problem</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rowErrors.map((r, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{r.row ?? '—'}</Table.Td>
                    <Table.Td>{r.path || '—'}</Table.Td>
                    <Table.Td>{r.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          {hasRowErrors && (
            <Button variant="light" onClick={() => void upload(true)} loading={busy} disabled={!file}>
              Import the good rows
            </Button>
          )}
          <Button onClick={() => void upload(false)} loading={busy} disabled={!file || !chosen}>
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
