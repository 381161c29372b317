import { Alert, Button, FileInput, Group, Modal, ScrollArea, Stack, Table } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState, type ReactNode } from 'react'
import { ApiError, errorMessage, rawFetch, type Problem } from '../lib/api.ts'

type RowError = NonNullable<Problem['errors']>[number]

type Props = {
  opened: boolean
  onClose: () => void
  title: string
  /** The import endpoint (multipart field "file"); it answers `{ imported }`. */
  path: string
  /** What one imported row is, for the confirmation: "partner", "quarter". */
  noun: string
  /** Explains the file: columns, formats, a template. */
  children: ReactNode
  onImported: () => Promise<unknown>
}

/** Uploads a CSV or XLSX file to an all-or-nothing import; every bad row and field is listed. */
export function ImportModal({ opened, onClose, title, path, noun, children, onImported }: Props) {
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
      const res = await rawFetch(path, { method: 'POST', body })
      const { imported } = (await res.json()) as { imported: number }
      notifications.show({ color: 'green', title: 'Import complete', message: `${imported} ${noun}${imported === 1 ? '' : 's'} imported` })
      await onImported()
      close()
    } catch (e) {
      setError(errorMessage(e))
      if (e instanceof ApiError) setRowErrors(e.problem.errors ?? [])
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal opened={opened} onClose={close} title={title} size="lg">
      <Stack>
        {children}
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
          <Button onClick={() => void upload()} loading={busy} disabled={!file}>
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
