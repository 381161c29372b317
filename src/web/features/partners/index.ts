// What other web features use of partners: one partner, the staff who can own work, the partner type.
export type { Partner } from './partners.model.ts'
export { usePartner, useStaff } from './partners.queries.ts'
