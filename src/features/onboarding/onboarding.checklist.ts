import type { CaseAgreementType, CasePath } from './onboarding.contract.ts'

export type ChecklistItemDef = { key: string; label: string; automatic: boolean }

/** The checklist of a case, by its path and agreement: manual items first, then what completion does itself. */
export function checklistFor(path: CasePath, agreementType: CaseAgreementType): ChecklistItemDef[] {
  const manual = (key: string, label: string) => ({ key, label, automatic: false })
  const auto = (key: string, label: string) => ({ key, label, automatic: true })
  return [
    manual('company_verified', 'Company details verified'),
    path === 'deal'
      ? manual('deal_confirmed', 'Deal confirmed with the requesting sales team')
      : manual('sponsorship_confirmed', 'Sponsorship confirmed by the GS&A or GPA stakeholder'),
    manual('tax_banking', 'Tax and banking details received'),
    agreementType === 'potc'
      ? manual('potc_acknowledged', 'Partner told the POTC terms are non-modifiable')
      : manual('reseller_terms', 'OEM-specific reseller agreement terms agreed'),
    auto('partner_created', 'Partner created or activated'),
    auto('agreement_sent', 'Agreement out for signature'),
    auto('admin_invited', 'First partner admin invited'),
  ]
}

/** Days from request to the target date: POTC is the quickest path. */
export const defaultDueDays: Record<CaseAgreementType, number> = { potc: 10, reseller: 30 }
