import { assertCan } from '../../core/auth/permissions.ts'
import { audit } from '../../core/audit.ts'
import { inTx, type Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import type { CustomerAccount, CustomerAccountInput } from './deals.contract.ts'
import { registrableDomain } from './deals.match.ts'
import { oneRow } from '../../core/db-rows.ts'

type Row = { id: string; domain: string; name: string; owner_id: string; owner_name: string; owner_email: string; updated_at: Date }
const SELECT = `SELECT a.id, a.domain, a.name, a.owner_id, s.name AS owner_name, s.email AS owner_email, a.updated_at
  FROM customer_accounts a JOIN staff s ON s.id = a.owner_id`
const toAccount = (r: Row): CustomerAccount => ({
  id: r.id,
  domain: r.domain,
  name: r.name,
  owner: { id: r.owner_id, name: r.owner_name, email: r.owner_email },
  updatedAt: r.updated_at.toISOString(),
})

/** Customer accounts and their sales owners, by domain (customer-level registrations go to the owner). */
export async function listAccounts(ctx: Ctx): Promise<CustomerAccount[]> {
  assertCan(ctx.actor, 'accounts:read')
  return inTx(ctx, async (sql) => (await sql.query<Row>(`${SELECT} ORDER BY a.domain`)).map(toAccount))
}

/** Sets the owner of a customer account (by its registrable domain); the owner must be an active Sales user. */
export async function putAccount(ctx: Ctx, input: CustomerAccountInput): Promise<{ account: CustomerAccount; created: boolean }> {
  assertCan(ctx.actor, 'accounts:manage')
  const domain = registrableDomain(input.domain)!
  return inTx(ctx, async (sql) => {
    const sales = await sql.query('SELECT 1 FROM staff_with_role($1) WHERE id = $2', ['sales', input.ownerId])
    if (!sales.length)
      throw new AppError('VALIDATION_FAILED', 'Validation failed', { errors: [{ path: 'ownerId', message: 'Not an active Sales user' }] })
    const [before] = await sql.query<Row>(`${SELECT} WHERE a.domain = $1`, [domain])
    const { id } = oneRow(
      await sql.query<{ id: string }>(
        `INSERT INTO customer_accounts (domain, name, owner_id, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (domain) DO UPDATE SET name = $2, owner_id = $3, updated_at = $4 RETURNING id`,
        [domain, input.name, input.ownerId, ctx.now()],
      ),
      'Customer account',
    )
    const row = oneRow(await sql.query<Row>(`${SELECT} WHERE a.id = $1`, [id]), 'Customer account', 'CUSTOMER_ACCOUNT_NOT_FOUND')
    const account = toAccount(row)
    await audit(ctx, sql, {
      entity: 'customer_account',
      entityId: id,
      action: before ? 'update' : 'create',
      before: before ? toAccount(before) : undefined,
      after: account,
    })
    return { account, created: !before }
  })
}

export async function deleteAccount(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, 'accounts:manage')
  return inTx(ctx, async (sql) => {
    const [before] = await sql.query<Row>(`${SELECT} WHERE a.id = $1`, [id])
    if (!before) throw new AppError('CUSTOMER_ACCOUNT_NOT_FOUND', 'Customer account not found')
    await sql.query('DELETE FROM customer_accounts WHERE id = $1', [id])
    await audit(ctx, sql, { entity: 'customer_account', entityId: id, action: 'delete', before: toAccount(before) })
  })
}
