import { randomBytes } from 'node:crypto'
import type { Sql } from '../../src/core/db.ts'

const unique = () => randomBytes(4).toString('hex')

/**
 * An open purchase order for `partnerId`, with everything it stands on (a project, an accepted SOW version, a
 * signed flow-down), written as the database owner: the fixture of tests and benchmarks that start at the PO.
 * Each amount is one service line, numbered from 1.
 */
export async function seedOpenPo(
  owner: Sql,
  o: { partnerId: string; ownerId: string; amounts: string[]; currency?: string },
): Promise<{ poId: string; poNumber: string; projectId: string; lineIds: string[] }> {
  const currency = o.currency ?? 'USD'
  const client = `Client ${unique()}`
  const [project] = await owner.query<{ id: string }>(
    `INSERT INTO delivery_projects (partner_id, name, client_name, country, start_date, end_date, owner_id)
     VALUES ($1, 'Fixture project', $2, 'US', current_date, current_date + 365, $3) RETURNING id`,
    [o.partnerId, client, o.ownerId],
  )
  const [sow] = await owner.query<{ id: string }>(
    `INSERT INTO delivery_sows (project_id, partner_id, kind, status, draft) VALUES ($1, $2, 'sow', 'accepted', '{}') RETURNING id`,
    [project!.id, o.partnerId],
  )
  await owner.query(
    `INSERT INTO delivery_sow_versions (sow_id, version, partner_id, content, total, currency, submitted_at, decision, reviewed_at)
     VALUES ($1, 1, $2, '{}', 0, $3, now(), 'accepted', now())`,
    [sow!.id, o.partnerId, currency],
  )
  const [flowDown] = await owner.query<{ id: string }>(
    `INSERT INTO agreements (partner_id, type, title, status, effective_date, client_name) VALUES ($1, 'flow_down', $2, 'active', current_date, $2) RETURNING id`,
    [o.partnerId, client],
  )
  const poNumber = `PO-${unique()}`
  const [po] = await owner.query<{ id: string }>(
    `INSERT INTO delivery_purchase_orders (number, project_id, partner_id, sow_id, sow_version, flow_down_id, currency, issue_date, start_date, end_date)
     VALUES ($1, $2, $3, $4, 1, $5, $6, current_date, current_date, current_date + 365) RETURNING id`,
    [poNumber, project!.id, o.partnerId, sow!.id, flowDown!.id, currency],
  )
  const lineIds: string[] = []
  for (const [i, amount] of o.amounts.entries()) {
    const [line] = await owner.query<{ id: string }>(
      `INSERT INTO delivery_po_lines (po_id, partner_id, line_number, description, amount) VALUES ($1, $2, $3, 'Services', $4) RETURNING id`,
      [po!.id, o.partnerId, i + 1, amount],
    )
    lineIds.push(line!.id)
  }
  return { poId: po!.id, poNumber, projectId: project!.id, lineIds }
}
