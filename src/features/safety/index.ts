/** What other features may use of safety besides its services: the risk level and program status as SQL for list queries. */
export { partnerSafetyJoin } from './safety.sql.ts'
