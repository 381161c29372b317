import type { Sql } from '../../core/db.ts'
import { oneRow } from '../../core/db-rows.ts'
import type { Guidelines } from './delivery.contract.ts'

/** A user or staff member's id and name, as JSON, from the column `col`. */
export const whoOf = (col: string): string =>
  `(SELECT json_build_object('id', w.id, 'name', w.name) FROM (SELECT id, name FROM staff WHERE id = ${col}
    UNION ALL SELECT id, name FROM users WHERE id = ${col}) w LIMIT 1)`

/** Dates are UTC calendar dates. */
export const todayOf = (now: Date): string => now.toISOString().slice(0, 10)

export type DeliverySettings = {
  screening_validity_months: number
  invoice_tolerance_percent: string
  invoice_tolerance_max: string
  sow_guidelines: Guidelines
}

/** The feature's rules as data: screening validity, the invoice tolerance rule, the SOW guidelines. */
export async function deliverySettings(sql: Sql): Promise<DeliverySettings> {
  return oneRow(
    await sql.query<DeliverySettings>(
      `SELECT screening_validity_months, invoice_tolerance_percent::text, invoice_tolerance_max::text, sow_guidelines
       FROM delivery_settings WHERE id = 1`,
    ),
    'Delivery settings',
  )
}
