import { AppError } from '../errors.ts'

export const internalRoles = [
  'admin', 'gps', 'alliances', 'partner_manager', 'partner_ops', 'incentives', 'sales', 'solutions', 'marketing', 'safety',
] as const
export const externalRoles = ['partner_admin', 'partner_user'] as const
export const roles = [...internalRoles, ...externalRoles] as const
export type Role = (typeof roles)[number]

export const isExternalRole = (role: Role): boolean => (externalRoles as readonly string[]).includes(role)

export type Permission =
  | 'partners:read'
  | 'partners:create'
  | 'partners:update'
  | 'partners:import'
  | 'partners:export'
  | 'contacts:manage'
  | 'users:read'
  | 'users:manage'
  | 'tokens:manage'
  | 'audit:read'

const everyone: Permission[] = ['partners:read', 'tokens:manage', 'audit:read']
const staff: Permission[] = [...everyone, 'partners:export', 'users:read']
const partnerEditors: Permission[] = [...staff, 'partners:create', 'partners:update', 'partners:import', 'contacts:manage']

/** The permission model, in one place: role → permissions. Scoping to a partner happens in services. */
export const permissionsByRole: Record<Role, readonly Permission[]> = {
  admin: [...partnerEditors, 'users:manage'],
  gps: partnerEditors,
  alliances: partnerEditors,
  partner_manager: partnerEditors,
  partner_ops: partnerEditors,
  incentives: staff,
  sales: staff,
  solutions: staff,
  marketing: staff,
  safety: staff,
  // A partner admin manages its own company's contacts and users; the services scope both.
  partner_admin: [...everyone, 'partners:export', 'contacts:manage', 'users:read', 'users:manage'],
  partner_user: everyone,
}

export type Actor = {
  userId: string
  email: string
  name: string
  role: Role
  partnerId: string | null
  via: 'session' | 'token' | 'system'
}

export const systemActor: Actor = { userId: '', email: 'system', name: 'System', role: 'admin', partnerId: null, via: 'system' }

export function can(actor: Actor | null, permission: Permission): boolean {
  return !!actor && permissionsByRole[actor.role].includes(permission)
}

export function assertCan(actor: Actor | null, permission: Permission): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED')
  if (!can(actor, permission)) throw new AppError('FORBIDDEN', `Your role may not ${permission.replace(':', ' ')}`)
}

export const isExternal = (actor: Actor): boolean => actor.partnerId !== null
