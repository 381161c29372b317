import { Alert, Button, FileInput, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiError, errorMessage, rawFetch, type Problem } from '../../lib/api.ts'

type RowError = NonNullable<Problem['errors']>[number]

export function ImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
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
      const res = await rawFetch('/api/partners/import', { method: 'POST', body })
      const { imported } = (await res.json()) as { imported: number }
      notifications.show({ color: 'green', title: 'Import complete', message: `${imported} partner${imported === 1 ? '' : 's'} imported` })
      await qc.invalidateQueries({ queryKey: ['partners'] })
      close()
    } catch (e) {
      setError(errorMessage(e))
      if (e instanceof ApiError) setRowErrors(e.problem.errors ?? [])
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal opened={opened} onClose={close} title="Import partners" size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          Upload a CSV or XLSX file whose first row holds the column headers (the same columns as an export). Nothing is imported unless
          every row is valid.
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
