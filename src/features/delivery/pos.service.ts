import { assertCan, isExternal } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import type { Sql } from '../../core/db.ts'
import { oneRow } from '../../core/db-rows.ts'
import { AppError } from '../../core/errors.ts'
import { formatDecimal, parseDecimal } from '../../core/money.ts'
import type { Balance, Po, PoCreate } from './delivery.contract.ts'
import { todayOf } from './delivery.queries.ts'
import { lineAmountCents } from './guidelines.ts'
import { assertSafetyClear, findProject } from './projects.service.ts'
import { acceptedVersion } from './sows.service.ts'

type PoRow = {
  id: string
  number: string
  project_id: string
  project_name: string
  client_name: string
  partner_id: string
  partner_name: string
  sow_id: string
  flow_down_id: string
  currency: string
  issue_date: string
  start_date: string
  end_date: string
  status: Po['status']
}
type LineRow = {
  id: string
  po_id: string
  line_number: number
  description: string
  supplier_part: string | null
  quantity: string | null
  unit: string | null
  unit_price: string | null
  amount: string
  invoiced: string
  approved: string
  paid: string
}
const SELECT_POS = `SELECT o.id, o.number, o.project_id, j.name AS project_name, j.client_name, o.partner_id, p.legal_name AS partner_name,
  o.sow_id, o.flow_down_id, o.currency, o.issue_date::text, o.start_date::text, o.end_date::text, o.status
  FROM delivery_purchase_orders o JOIN delivery_projects j ON j.id = o.project_id JOIN partners p ON p.id = o.partner_id`

/** Each line with what its invoices take (every invoice not disputed), what is approved and what Coupa says is paid: derived, never stored. */
const SELECT_LINES = `SELECT l.id, l.po_id, l.line_number, l.description, l.supplier_part, l.quantity::text, l.unit, l.unit_price::text, l.amount::text,
  coalesce(sum(il.amount) FILTER (WHERE i.status <> 'disputed'), 0)::numeric(16,2)::text AS invoiced,
  coalesce(sum(il.amount) FILTER (WHERE i.status = 'approved'), 0)::numeric(16,2)::text AS approved,
  coalesce(sum(il.amount) FILTER (WHERE i.status = 'approved' AND i.coupa_status = 'paid'), 0)::numeric(16,2)::text AS paid
  FROM delivery_po_lines l LEFT JOIN delivery_invoice_lines il ON il.po_line_id = l.id LEFT JOIN delivery_invoices i ON i.id = il.invoice_id`

const c = parseDecimal
function balanceOf(lines: { amount: string; invoiced: string; approved: string; paid: string }[], currency: string): Balance {
  const sum = (k: 'amount' | 'invoiced' | 'approved' | 'paid') => lines.reduce((s, l) => s + c(l[k]), 0n)
  const m = (cents: bigint) => ({ amount: formatDecimal(cents), currency })
  return {
    ordered: m(sum('amount')),
    invoiced: m(sum('invoiced')),
    approved: m(sum('approved')),
    paid: m(sum('paid')),
    remaining: m(sum('amount') - sum('invoiced')),
  }
}

async function toPos(sql: Sql, rows: PoRow[]): Promise<Po[]> {
  const lines = await sql.query<LineRow>(`${SELECT_LINES} WHERE l.po_id = ANY($1::uuid[]) GROUP BY l.id ORDER BY l.line_number`, [
    rows.map((r) => r.id),
  ])
  return rows.map((r) => {
    const own = lines.filter((l) => l.po_id === r.id)
    return {
      id: r.id,
      number: r.number,
      projectId: r.project_id,
      projectName: r.project_name,
      clientName: r.client_name,
      partnerId: r.partner_id,
      partnerName: r.partner_name,
      sowId: r.sow_id,
      flowDownId: r.flow_down_id,
      currency: r.currency,
      issueDate: r.issue_date,
      startDate: r.start_date,
      endDate: r.end_date,
      status: r.status,
      lines: own.map((l) => ({
        id: l.id,
        lineNumber: l.line_number,
        description: l.description,
        supplierPart: l.supplier_part,
        quantity: l.quantity,
        unit: l.unit,
        unitPrice: l.unit_price,
        amount: l.amount,
        balance: balanceOf([l], r.currency),
      })),
      balance: balanceOf(own, r.currency),
    }
  })
}

export async function findPo(ctx: Ctx, sql: Sql, id: string, lock = false): Promise<Po> {
  const actor = ctx.actor!
  const rows = await sql.query<PoRow>(
    `${SELECT_POS} WHERE o.id = $1 AND ($2::uuid IS NULL OR o.partner_id = $2)${lock ? ' FOR UPDATE OF o' : ''}`,
    [id, isExternal(actor) ? actor.partnerId : null],
  )
  const [po] = await toPos(sql, [oneRow(rows, 'Purchase order', 'PO_NOT_FOUND')])
  return po!
}

export async function listPos(ctx: Ctx, q: { status?: Po['status']; projectId?: string } = {}): Promise<Po[]> {
  assertCan(ctx.actor, 'delivery:read')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const rows = await sql.query<PoRow>(
      `${SELECT_POS} WHERE ($1::uuid IS NULL OR o.partner_id = $1) AND ($2::text IS NULL OR o.status = $2) AND ($3::uuid IS NULL OR o.project_id = $3)
       ORDER BY o.issue_date DESC, o.number LIMIT 500`,
      [isExternal(actor) ? actor.partnerId : null, q.status ?? null, q.projectId ?? null],
    )
    return toPos(sql, rows)
  })
}

export async function getPo(ctx: Ctx, id: string): Promise<Po> {
  assertCan(ctx.actor, 'delivery:read')
  return inTx(ctx, (sql) => findPo(ctx, sql, id))
}

/** The partner's valid signed flow-down for the client: active, in force today. */
async function validFlowDown(sql: Sql, partnerId: string, clientName: string, today: string): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    `SELECT id FROM agreements WHERE partner_id = $1 AND type = 'flow_down' AND lower(btrim(client_name)) = lower(btrim($2))
       AND status = 'active' AND effective_date <= $3::date AND (expiry_date IS NULL OR expiry_date >= $3::date)
     ORDER BY effective_date DESC LIMIT 1`,
    [partnerId, clientName, today],
  )
  if (!row)
    throw new AppError(
      'FLOW_DOWN_REQUIRED',
      `The partner has no valid signed flow-down for ${clientName}: it must be signed before a purchase order`,
    )
  return row.id
}

async function conditions(ctx: Ctx, sql: Sql, input: PoCreate) {
  const project = await findProject(ctx, sql, input.projectId)
  const flowDownId = await validFlowDown(sql, project.partnerId, project.clientName, todayOf(ctx.now()))
  const sow = await acceptedVersion(sql, input.sowId, project.id)
  if (sow.currency !== input.currency)
    throw new AppError('CURRENCY_MISMATCH', `The accepted SOW is in ${sow.currency}; the purchase order must be too`, {
      errors: [{ path: 'currency', message: `Use ${sow.currency}, the currency of the accepted SOW` }],
    })
  return { project, flowDownId, sow }
}

/**
 * Partner operations issue a PO for a project. It needs the partner's valid signed flow-down for the
 * project's client, an accepted SOW or quote, and the safety gate's clearance; each refusal names what is missing.
 */
export async function issuePo(ctx: Ctx, input: PoCreate): Promise<Po> {
  assertCan(ctx.actor, 'pos:issue')
  const actor = ctx.actor
  const { project } = await inTx(ctx, (sql) => conditions(ctx, sql, input))
  await assertSafetyClear(ctx, project.partnerId)
  return inTx(ctx, async (sql) => {
    const { flowDownId, sow } = await conditions(ctx, sql, input)
    if ((await sql.query('SELECT 1 FROM delivery_purchase_orders WHERE upper(number) = upper($1)', [input.number])).length)
      throw new AppError('PO_NUMBER_TAKEN', `Purchase order number ${input.number} is taken`, {
        errors: [{ path: 'number', message: 'Taken' }],
      })
    const { id } = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO delivery_purchase_orders (number, project_id, partner_id, sow_id, sow_version, flow_down_id, currency, issue_date, start_date, end_date, issued_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          input.number,
          project.id,
          project.partnerId,
          input.sowId,
          sow.version,
          flowDownId,
          input.currency,
          input.issueDate,
          input.startDate,
          input.endDate,
          actor.userId || null,
          ctx.now(),
        ],
      ),
      'Purchase order',
    )
    for (const l of input.lines) {
      const amount = l.quantity && l.unitPrice ? formatDecimal(lineAmountCents(l.quantity, l.unitPrice)) : l.amount!
      await sql.query(
        `INSERT INTO delivery_po_lines (po_id, partner_id, line_number, description, supplier_part, quantity, unit, unit_price, amount)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          project.partnerId,
          l.lineNumber,
          l.description,
          l.supplierPart ?? null,
          l.quantity ?? null,
          l.unit ?? null,
          l.unitPrice ?? null,
          amount,
        ],
      )
    }
    const po = await findPo(ctx, sql, id)
    await audit(ctx, sql, { entity: 'delivery_po', entityId: id, action: 'issue', partnerId: project.partnerId, after: po })
    return po
  })
}

export async function setPoStatus(ctx: Ctx, id: string, status: 'closed' | 'cancelled'): Promise<Po> {
  assertCan(ctx.actor, 'pos:issue')
  return inTx(ctx, async (sql) => {
    const before = await findPo(ctx, sql, id, true)
    if (before.status !== 'open') throw new AppError('INVALID_TRANSITION', `A purchase order that is ${before.status} stays so`)
    await sql.query('UPDATE delivery_purchase_orders SET status = $2 WHERE id = $1', [id, status])
    await audit(ctx, sql, {
      entity: 'delivery_po',
      entityId: id,
      action: status,
      partnerId: before.partnerId,
      before: { status: before.status },
      after: { status },
    })
    return findPo(ctx, sql, id)
  })
}

// Work entries -------------------------------------------------------------------------------------------

type WorkRow = {
  id: string
  project_id: string
  po_line_id: string
  po_number: string
  line_number: number
  resource_id: string | null
  kind: 'time' | 'milestone'
  work_date: string
  hours: string | null
  description: string
  created_at: Date
}
const SELECT_WORK = `SELECT w.id, w.project_id, w.po_line_id, o.number AS po_number, l.line_number, w.resource_id, w.kind, w.work_date::text, w.hours::text,
  w.description, w.created_at FROM delivery_work_entries w JOIN delivery_po_lines l ON l.id = w.po_line_id JOIN delivery_purchase_orders o ON o.id = l.po_id`
const toWork = (r: WorkRow) => ({
  id: r.id,
  projectId: r.project_id,
  poLineId: r.po_line_id,
  poNumber: r.po_number,
  lineNumber: r.line_number,
  resourceId: r.resource_id,
  kind: r.kind,
  workDate: r.work_date,
  hours: r.hours,
  description: r.description,
  createdAt: r.created_at.toISOString(),
})

export async function listWork(ctx: Ctx, projectId: string) {
  assertCan(ctx.actor, 'delivery:read')
  return inTx(ctx, async (sql) => {
    const project = await findProject(ctx, sql, projectId)
    const rows = await sql.query<WorkRow>(`${SELECT_WORK} WHERE w.project_id = $1 ORDER BY w.work_date DESC, w.created_at DESC`, [
      project.id,
    ])
    return rows.map(toWork)
  })
}

/** No work without a PO: time and milestones are recorded only against an open PO line of the project. */
export async function recordWork(
  ctx: Ctx,
  input: {
    projectId: string
    poLineId?: string
    resourceId?: string
    kind: 'time' | 'milestone'
    workDate: string
    hours?: number
    description: string
  },
) {
  assertCan(ctx.actor, 'work:record')
  const actor = ctx.actor
  return inTx(ctx, async (sql) => {
    const project = await findProject(ctx, sql, input.projectId)
    if (isExternal(actor) && project.partnerId !== actor.partnerId) throw new AppError('PROJECT_NOT_FOUND', 'Project not found')
    const open = await sql.query<{ id: string }>(
      `SELECT l.id FROM delivery_po_lines l JOIN delivery_purchase_orders o ON o.id = l.po_id
       WHERE o.project_id = $1 AND o.status = 'open' AND ($2::uuid IS NULL OR l.id = $2) FOR SHARE OF o`,
      [project.id, input.poLineId ?? null],
    )
    if (!open.length || !input.poLineId)
      throw new AppError(
        'NO_OPEN_PO',
        !open.length
          ? `No work without a PO: ${project.name} has no open purchase order line to record work against`
          : 'No work without a PO: choose the open PO line the work is against',
        { errors: [{ path: 'poLineId', message: open.length ? 'Choose an open PO line' : 'No open PO line for this project' }] },
      )
    if (input.resourceId && !project.assignments.some((a) => a.resourceId === input.resourceId))
      throw new AppError('VALIDATION_FAILED', 'Validation failed', {
        errors: [{ path: 'resourceId', message: 'Not assigned to this project' }],
      })
    const { id } = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO delivery_work_entries (partner_id, project_id, po_line_id, resource_id, kind, work_date, hours, description, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          project.partnerId,
          project.id,
          input.poLineId,
          input.resourceId ?? null,
          input.kind,
          input.workDate,
          input.hours ?? null,
          input.description,
          actor.userId || null,
          ctx.now(),
        ],
      ),
      'Work entry',
    )
    await audit(ctx, sql, { entity: 'delivery_work', entityId: id, action: 'record', partnerId: project.partnerId, after: input })
    return toWork(oneRow(await sql.query<WorkRow>(`${SELECT_WORK} WHERE w.id = $1`, [id]), 'Work entry'))
  })
}
