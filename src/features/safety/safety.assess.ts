import type { Sql } from '../../core/db.ts'
import type { Clearance, Risk } from './safety.contract.ts'
import {
  acceptedEvidenceOf,
  clearanceOverridesOf,
  matrixMap,
  openRedFlagsOf,
  providerOf,
  providers,
  requirements,
  riskOverridesOf,
  subscriptionsOf,
} from './safety.queries.ts'
import { computeGaps, decideClearance, deriveRisk, type ComputedGap } from './safety.rules.ts'

export type Assessment = { partnerId: string; risk: Risk; gaps: ComputedGap[]; clearance: Clearance }

/**
 * Assesses partners as of `today` in the caller's transaction: risk level from their services and the matrix
 * (or a safety user's override), computed gaps (high-risk partners only) and the gate's answer. Nothing is
 * read from a stored copy, so a change of services, matrix, evidence or date shows at once.
 */
export async function assessPartners(sql: Sql, partners: { id: string; services: string[] }[], today: string): Promise<Assessment[]> {
  if (!partners.length) return []
  const ids = partners.map((p) => p.id)
  const [matrix, reqs, allProviders, subs, evidence, riskOverrides, clearanceOverrides, redFlags] = await Promise.all([
    matrixMap(sql),
    requirements(sql),
    providers(sql),
    subscriptionsOf(sql, ids),
    acceptedEvidenceOf(sql, ids),
    riskOverridesOf(sql, ids),
    clearanceOverridesOf(sql, ids),
    openRedFlagsOf(sql, ids),
  ])
  const defaultProvider = allProviders.find((p) => p.isDefault) ?? (await providerOf(sql, null))
  return partners.map((p) => {
    const derived = deriveRisk(p.services, matrix)
    const override = riskOverrides.get(p.id) ?? null
    const riskLevel = override?.riskLevel ?? derived.riskLevel
    const sub = subs.get(p.id) ?? null
    const provider = allProviders.find((x) => x.key === sub?.providerKey) ?? defaultProvider
    const gaps =
      riskLevel === 'high'
        ? computeGaps({ subscription: sub, provider, evidence: evidence.get(p.id) ?? [], requirements: reqs }, today)
        : []
    const co = clearanceOverrides.get(p.id)
    const clearance = decideClearance(
      riskLevel,
      gaps,
      redFlags.get(p.id) ?? [],
      co ? { reason: co.reason, endsOn: co.endsOn, by: co.createdBy?.name ?? null } : null,
      today,
    )
    return {
      partnerId: p.id,
      risk: { riskLevel, derivedRiskLevel: derived.riskLevel, services: derived.services, override },
      gaps,
      clearance,
    }
  })
}
