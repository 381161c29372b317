import { formatDecimal, parseDecimal, toCents, usd } from '../../core/money.ts'
import type { MetricsInput } from './metrics.contract.ts'
import type { WhatIfMetrics } from './program.contract.ts'

type Quarter = MetricsInput & { quarter: number }

const sum = (qs: Quarter[], pick: (q: Quarter) => string) => qs.reduce((acc, q) => acc + toCents(pick(q)), 0n)

/**
 * A program year's figures from its quarters: revenue, joint investments, rebates, marketing funding
 * and funded amount are sums; active customers, FTEs, sponsor and (distinct) categories are the latest
 * quarter's; average pipeline is the mean of the quarters reported (rounded down to the cent).
 */
export function aggregateYear(quarters: Quarter[]): WhatIfMetrics {
  const qs = [...quarters].sort((a, b) => a.quarter - b.quarter)
  const latest = qs[qs.length - 1]
  const pipeline = qs.length ? sum(qs, (q) => q.pipeline.amount) / BigInt(qs.length) : 0n
  return {
    revenue: usd(sum(qs, (q) => q.revenue.amount)),
    activeCustomers: latest?.activeCustomers ?? 0,
    averagePipeline: usd(pipeline),
    jointInvestments: usd(sum(qs, (q) => q.jointInvestments.amount)),
    rebates: usd(sum(qs, (q) => q.rebates.amount)),
    marketingFunding: usd(sum(qs, (q) => q.marketingFunding.amount)),
    fundedResourcesAmount: usd(sum(qs, (q) => q.fundedResourcesAmount.amount)),
    fundedResourcesFtes: latest ? Number(formatDecimal(parseDecimal(latest.fundedResourcesFtes))) : 0,
    executiveSponsor: latest?.executiveSponsor ?? false,
    gtmCategories: latest ? new Set(latest.gtmCategories.map((c) => c.trim().toLowerCase())).size : 0,
  }
}
