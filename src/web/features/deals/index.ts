// What other web features use of deal registration: a partner's registered pipeline (the Tier tab).
export { usePartnerPipeline } from './deals.queries.ts'
export { RegisteredPipeline } from './registered-pipeline.tsx'
