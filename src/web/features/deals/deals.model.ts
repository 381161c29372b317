import { daysBetween, todayOf } from '../../../core/dates.ts'
import type { Schemas } from '../../lib/api.ts'
import type { Entitlement } from '../program/index.ts'

export type Deal = Schemas['Deal']
export type DealDetail = Schemas['DealDetail']
export type DealStatus = Schemas['DealStatus']
export type Stage = Schemas['DealStage']

export const statusLabels: Record<DealStatus, string> = {
  submitted: 'Under review',
  info_requested: 'Information requested',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
  closed: 'Closed',
}
export const statusColors: Record<DealStatus, string> = {
  submitted: 'blue',
  info_requested: 'orange',
  approved: 'green',
  rejected: 'red',
  expired: 'gray',
  closed: 'dark',
}
export const stageLabels: Record<Stage, string> = {
  registered: 'Registered',
  qualified: 'Qualified',
  proposal: 'Proposal',
  negotiation: 'Negotiation',
  closed_won: 'Closed won',
  closed_lost: 'Closed lost',
}
export const stageOrder = Object.keys(stageLabels) as Stage[]
export const supportLabels: Record<Deal['support'], string> = {
  dedicated: 'Dedicated incentives support',
  standard: 'Standard self-service',
  customer_level: 'Customer level (account owner)',
}

/** Deal registration is offered when the tier grants it, or handles it at customer level (the account owner reviews), as the API decides. */
export const registersDeals = (e: Entitlement): boolean => e.granted || e.level === 'customer_level'

/** "$250,000.00" from a USD Money. */
export const formatMoney = (m: { amount: string; currency: string }): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currency }).format(Number(m.amount))

/** Days from today (UTC) to a YYYY-MM-DD date: positive ahead, negative past. */
export const daysUntil = (day: string): number => daysBetween(todayOf(new Date()), day)
