import { Anchor, Code, Text } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { ImportModal } from '../../components/import-modal.tsx'
import { programKeys } from './program.queries.ts'

const columns = [
  'partner',
  'year',
  'quarter',
  'revenue',
  'activeCustomers',
  'pipeline',
  'jointInvestments',
  'rebates',
  'marketingFunding',
  'fundedResourcesAmount',
  'fundedResourcesFtes',
  'executiveSponsor',
  'gtmCategories',
]

/** A one-row example file, built in the browser. */
function templateHref(partner: string, year: number) {
  const example = [
    partner,
    year,
    1,
    '12500000.00',
    42,
    '30000000.00',
    '500000.00',
    '150000.00',
    '60000.00',
    '0.00',
    0,
    'yes',
    'Cloud; Security',
  ]
  // A partner name is data: quoted, and never left to start a spreadsheet formula (the rule of the export writer).
  const cell = (v: string | number) => {
    const s = String(v).replace(/^[=+\-@\t\r]/, "'$&")
    return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const csv = `${columns.join(',')}\n${example.map(cell).join(',')}\n`
  return `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`
}

type Props = { opened: boolean; onClose: () => void; year: number; examplePartner: string }

/** Uploads quarterly metrics from CSV or XLSX: every row or none, each bad row and field listed. */
export function MetricsImportModal({ opened, onClose, year, examplePartner }: Props) {
  const qc = useQueryClient()
  return (
    <ImportModal
      opened={opened}
      onClose={onClose}
      title="Import metrics"
      path="/api/program/metrics/import"
      noun="quarter"
      onImported={() => qc.invalidateQueries({ queryKey: programKeys.all })}
    >
      <Text size="sm" c="dimmed">
        One quarter of one partner per row. The partner is named by its id, legal name or domain; amounts are US dollars as decimals (e.g.
        2500000.00); categories are separated by semicolons. Nothing is imported unless every row is valid.
      </Text>
      <Text size="xs">
        Columns: <Code>{columns.join(', ')}</Code>{' '}
        <Anchor href={templateHref(examplePartner, year)} download="metrics-template.csv" size="xs">
          Download a template
        </Anchor>
      </Text>
    </ImportModal>
  )
}
