import { Table, VisuallyHidden } from '@mantine/core'

/** The header of a column of row actions: named for screen readers, blank on screen. */
export function ActionsHeader() {
  return (
    <Table.Th>
      <VisuallyHidden>Actions</VisuallyHidden>
    </Table.Th>
  )
}
