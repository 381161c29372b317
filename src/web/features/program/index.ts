// What other web features use of the partner program: the partner page's Tier and Benefits tabs, the
// benefits a partner is offered, the program years and the rule names.
export { BenefitsTab } from './benefits-tab.tsx'
export { TierTab } from './tier-tab.tsx'
export { ruleLabels, type Entitlement, type Rule } from './program.model.ts'
export { useOffered, useProgramYears, yearInForce } from './program.queries.ts'
