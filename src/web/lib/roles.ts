import type { Schemas } from './api.ts'

export type Role = Schemas['Role']

export const internalRoles: Role[] = [
  'admin',
  'gps',
  'alliances',
  'partner_manager',
  'partner_ops',
  'incentives',
  'sales',
  'solutions',
  'marketing',
  'safety',
]
export const partnerRoles: Role[] = ['partner_admin', 'partner_user']

export const roleLabels: Record<Role, string> = {
  admin: 'Administrator',
  gps: 'Global Partner Support (GPS)',
  alliances: 'Alliances',
  partner_manager: 'Partner manager',
  partner_ops: 'Partner operations',
  incentives: 'Incentives',
  sales: 'Sales',
  solutions: 'Solutions',
  marketing: 'Marketing',
  safety: 'Safety',
  partner_admin: 'Partner admin',
  partner_user: 'Partner user',
}

export const isPartnerRole = (role: Role): boolean => partnerRoles.includes(role)
