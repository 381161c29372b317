import { Alert, Anchor, Button, Card, FileInput, Group, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { errorMessage, rawFetch } from '../../lib/api.ts'
import { formatDateTime } from '../../lib/format.ts'
import { formatBytes, type AgreementDetail } from './agreements.model.ts'
import { useRefreshAgreements } from './agreements.queries.ts'

/** An agreement's documents: download for everyone who sees it, upload (PDF, DOCX, images) for managers. */
export function DocumentsSection({ agreement: a, canUpload }: { agreement: AgreementDetail; canUpload: boolean }) {
  const refresh = useRefreshAgreements()
  const [file, setFile] = useState<File | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const upload = async () => {
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      const form = new FormData()
      form.append('file', file)
      await rawFetch(`/api/agreements/${a.id}/documents`, { method: 'POST', body: form })
      notifications.show({ color: 'green', message: `${file.name} uploaded` })
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
        Documents
      </Text>
      {a.documents.length === 0 ? (
        <Text size="sm" c="dimmed">
          No document yet.
        </Text>
      ) : (
        <Table aria-label="Documents">
          <Table.Tbody>
            {a.documents.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Anchor href={`/api/agreements/${a.id}/documents/${d.id}`} download={d.filename}>
                    {d.filename}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {formatBytes(d.sizeBytes)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(d.uploadedAt)}
                    {d.uploadedBy ? ` · ${d.uploadedBy}` : ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canUpload && (
        <>
          {error && (
            <Alert mt="sm" color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <Group mt="sm" align="flex-end">
            <FileInput
              label="Upload a document"
              description="PDF, DOCX or image"
              placeholder="Choose a file"
              value={file}
              onChange={setFile}
              clearable
              style={{ flex: 1 }}
            />
            <Button onClick={() => void upload()} loading={busy} disabled={!file}>
              Upload
            </Button>
          </Group>
        </>
      )}
    </Card>
  )
}
