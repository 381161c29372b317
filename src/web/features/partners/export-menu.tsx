import { Button, Menu } from '@mantine/core'
import { filterParams, type PartnerFilters } from './partners.queries.ts'

/** Export downloads through the browser (the session cookie authenticates GETs), with the current filters. */
export function ExportMenu({ filters }: { filters: PartnerFilters }) {
  const href = (format: 'csv' | 'xlsx') => `/api/partners/export?${new URLSearchParams({ ...filterParams(filters), format })}`
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default">Export</Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={href('csv')} download>
          Export CSV
        </Menu.Item>
        <Menu.Item component="a" href={href('xlsx')} download>
          Export XLSX
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}
