import { Alert, Button, Card, Checkbox, ScrollArea, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { api, errorMessage, unwrap } from '../../lib/api.ts'
import { fieldErrors } from '../../lib/form-errors.ts'
import { useCurrentUser } from '../../lib/session.ts'
import type { AgreementDetail } from './agreements.model.ts'
import { useRefreshAgreements } from './agreements.queries.ts'

/**
 * The partner admin's sign screen: a POTC shows its fixed text and is accepted as that version; any other
 * agreement is signed as its latest document. The signer types their name and confirms.
 */
export function SignPanel({ agreement: a }: { agreement: AgreementDetail }) {
  const user = useCurrentUser()
  const refresh = useRefreshAgreements()
  const [typedName, setTypedName] = useState('')
  const [accepted, setAccepted] = useState(false)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const document = a.documents.at(-1)
  const signable = a.potcTerms || document

  const sign = async () => {
    setBusy(true)
    setErrors({})
    setError(null)
    try {
      unwrap(
        await api.POST('/api/agreements/{id}/sign', {
          params: { path: { id: a.id } },
          body: { typedName: typedName.trim(), ...(a.potcTerms ? { potcVersion: a.potcTerms.version } : {}) },
        }),
      )
      notifications.show({ color: 'green', title: 'Signed', message: `${a.title} is active` })
      await refresh()
    } catch (e) {
      const { byField, other } = fieldErrors(e, ['typedName'])
      setErrors(byField)
      if (other.length || !Object.keys(byField).length) setError(other.join('; ') || errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card withBorder component="section" aria-label="Sign the agreement">
      <Stack>
        <Text fw={600}>Sign for {a.partnerName}</Text>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        {a.potcTerms ? (
          <>
            <Text size="sm">
              {a.potcTerms.title}, version {a.potcTerms.version}. These terms are non-modifiable: you accept them as they are.
            </Text>
            <ScrollArea.Autosize mah={260} type="auto">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} aria-label="POTC text">
                {a.potcTerms.body}
              </Text>
            </ScrollArea.Autosize>
          </>
        ) : document ? (
          <Text size="sm">
            You sign the document <b>{document.filename}</b> (SHA-256 {document.sha256.slice(0, 12)}…). Download and read it first.
          </Text>
        ) : (
          <Alert variant="light" color="yellow">
            The document to sign has not been uploaded yet.
          </Alert>
        )}
        {signable && (
          <>
            <TextInput
              label="Type your full name to sign"
              placeholder={user.name}
              value={typedName}
              onChange={(e) => setTypedName(e.currentTarget.value)}
              error={errors.typedName}
            />
            <Checkbox
              label={
                a.potcTerms
                  ? `I accept POTC version ${a.potcTerms.version} for ${a.partnerName}`
                  : `I sign this agreement for ${a.partnerName}`
              }
              checked={accepted}
              onChange={(e) => setAccepted(e.currentTarget.checked)}
            />
            <Button onClick={() => void sign()} loading={busy} disabled={!accepted || !typedName.trim()}>
              Sign agreement
            </Button>
          </>
        )}
      </Stack>
    </Card>
  )
}
