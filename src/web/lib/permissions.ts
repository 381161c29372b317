import type { Schemas } from './api.ts'

export type Role = Schemas['Role']
export type Permission =
  | 'partners:create'
  | 'partners:update'
  | 'partners:import'
  | 'partners:export'
  | 'contacts:manage'
  | 'users:read'
  | 'users:manage'

export const internalRoles: Role[] = [
  'admin', 'gps', 'alliances', 'partner_manager', 'partner_ops', 'incentives', 'sales', 'solutions', 'marketing', 'safety',
]
export const partnerRoles: Role[] = ['partner_admin', 'partner_user']

export const roleLabels: Record<Role, string> = {
  admin: 'Administrator',
  gps: 'Global Partner Strategy',
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

const staff: Permission[] = ['partners:export', 'users:read']
const editors: Permission[] = [...staff, 'partners:create', 'partners:update', 'partners:import', 'contacts:manage']

/** Mirrors the server's role → permission table, only to hide what a role cannot use; the server decides. */
const byRole: Record<Role, Permission[]> = {
  admin: [...editors, 'users:manage'],
  gps: editors,
  alliances: editors,
  partner_manager: editors,
  partner_ops: editors,
  incentives: staff,
  sales: staff,
  solutions: staff,
  marketing: staff,
  safety: staff,
  partner_admin: ['partners:export', 'contacts:manage', 'users:read', 'users:manage'],
  partner_user: [],
}

export const can = (role: Role | undefined, permission: Permission): boolean => !!role && byRole[role].includes(permission)
export const isPartnerRole = (role: Role): boolean => partnerRoles.includes(role)
