// What other web features use of tier reviews: a partner's tier history (the Tier tab).
export { TierHistory } from './tier-history.tsx'
