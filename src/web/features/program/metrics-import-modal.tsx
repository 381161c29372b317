import { Alert, Anchor, Button, Code, FileInput, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiError, errorMessage, rawFetch, type Problem } from '../../lib/api.ts'
import { programKeys } from './program.queries.ts'

type RowError = NonNullable<Problem['errors']>[number]

const columns = [
  'partner', 'year', 'quarter', 'revenue', 'activeCustomers', 'pipeline', 'jointInvestments', 'rebates', 'marketingFunding',
  'fundedResourcesAmount', 'fundedResourcesFtes', 'executiveSponsor', 'gtmCategories',
]

/** A one-row example file, built in the browser. */
function templateHref(partner: string, year: number) {
  const example = [partner, year, 1, '12500000.00', 42, '30000000.00', '500000.00', '150000.00', '60000.00', '0.00', 0, 'yes', 'Cloud; Security']
  const csv = `${columns.join(',')}\n${example.map((v) => (String(v).includes(',') || String(v).includes(';') ? `"${v}"` : v)).join(',')}\n`
  return `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`
}

type Props = { opened: boolean; onClose: () => void; year: number; examplePartner: string }

/** Uploads quarterly metrics from CSV or XLSX: every row or none, each bad row and field listed. */
export function MetricsImportModal({ opened, onClose, year, examplePartner }: Props) {
  const qc = useQueryClient()
  const [file, setFile] = useState<File | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [rowErrors, setRowErrors] = useState<RowError[]>([])

  const close = () => {
    setFile(null)
    setError(null)
    setRowErrors([])
    onClose()
  }
  const upload = async () => {
    if (!file) return
    setBusy(true)
    setError(null)
    setRowErrors([])
    try {
      const body = new FormData()
      body.append('file', file)
      const res = await rawFetch('/api/program/metrics/import', { method: 'POST', body })
      const { imported } = (await res.json()) as { imported: number }
      notifications.show({ color: 'green', title: 'Import complete', message: `${imported} quarter${imported === 1 ? '' : 's'} imported` })
      await qc.invalidateQueries({ queryKey: programKeys.all })
      close()
    } catch (e) {
      setError(errorMessage(e))
      if (e instanceof ApiError) setRowErrors(e.problem.errors ?? [])
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal opened={opened} onClose={close} title="Import metrics" size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          One quarter of one partner per row. The partner is named by its id, legal name or domain; amounts are US dollars as decimals
          (e.g. 2500000.00); categories are separated by semicolons. Nothing is imported unless every row is valid.
        </Text>
        <Text size="xs">
          Columns: <Code>{columns.join(', ')}</Code>{' '}
          <Anchor href={templateHref(examplePartner, year)} download="metrics-template.csv" size="xs">
            Download a template
          </Anchor>
        </Text>
        <FileInput
          label="File"
          placeholder="Choose a .csv or .xlsx file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          value={file}
          onChange={setFile}
          clearable
        />
        {error && (
          <Alert color="red" variant="light" title="The file was not imported" role="alert">
            {error}
          </Alert>
        )}
        {rowErrors.length > 0 && (
          <ScrollArea.Autosize mah={300}>
            <Table striped aria-label="Import errors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Row</Table.Th>
                  <Table.Th>Field</Table.Th>
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
          <Button onClick={upload} loading={busy} disabled={!file}>
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
