// What other web features use of the Partner Safety Program: the clearance banner and the partner page's panel.
export { ClearanceBanner } from './clearance-banner.tsx'
export { SafetyPanel } from './safety-panel.tsx'
