import { Text } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { ImportModal } from '../../components/import-modal.tsx'

export function PartnersImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const qc = useQueryClient()
  return (
    <ImportModal
      opened={opened}
      onClose={onClose}
      title="Import partners"
      path="/api/partners/import"
      noun="partner"
      onImported={() => qc.invalidateQueries({ queryKey: ['partners'] })}
    >
      <Text size="sm" c="dimmed">
        Upload a CSV or XLSX file whose first row holds the column headers (the same columns as an export). Nothing is imported unless every
        row is valid.
      </Text>
    </ImportModal>
  )
}
