// What other web features use of agreements: the partner page's Agreements tab and the timeline's wording.
export { AgreementsTab } from './agreements-tab.tsx'
export { actionLabels } from './agreements.model.ts'
