import { Button, Menu } from '@mantine/core'

type Format = 'csv' | 'xlsx'

/**
 * Export downloads through the browser (the session cookie authenticates GETs): `path` is the export
 * endpoint, `params` the filters on screen, to which the chosen format is added.
 */
export function ExportMenu({ path, params = {} }: { path: string; params?: Record<string, string> }) {
  const href = (format: Format) => `${path}?${new URLSearchParams({ ...params, format })}`
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
