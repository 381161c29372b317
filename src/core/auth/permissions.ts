import { AppError } from '../errors.ts'

export const internalRoles = [
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
  | 'program:read'
  | 'program:manage'
  | 'metrics:read'
  | 'metrics:submit'
  | 'metrics:confirm'
  | 'waivers:manage'
  | 'reviews:read'
  | 'reviews:manage'
  | 'reviews:approve'
  | 'tierHistory:read'
  | 'mail:read'
  | 'mail:manage'
  | 'inquiries:read'
  | 'inquiries:manage'
  | 'inquiries:configure'
  | 'onboarding:read'
  | 'onboarding:request'
  | 'onboarding:manage'
  | 'agreements:read'
  | 'agreements:manage'
  | 'agreements:sign'
  | 'extensions:request'
  | 'extensions:approve'
  | 'deals:read'
  | 'deals:register'
  | 'deals:update'
  | 'deals:review'
  | 'deals:report'
  | 'accounts:read'
  | 'accounts:manage'
  | 'safety:read'
  | 'safety:manage'
  | 'safety:submit'
  | 'notifications:read'
  | 'notifications:defaults'
  | 'delivery:read'
  | 'resources:manage'
  | 'screenings:assess'
  | 'screenings:respond'
  | 'projects:manage'
  | 'sows:write'
  | 'sows:review'
  | 'pos:issue'
  | 'work:record'
  | 'invoices:submit'
  | 'invoices:approve'

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

// The partner program, granted per role here so the table above stays as it was. Guidelines, benefits
// and the what-if are readable by everyone signed in; partners submit their own company's metrics,
// internal editors confirm them; reviewers waive criteria; administrators edit the guidelines.
const programGrants: Record<Role, readonly Permission[]> = {
  admin: ['program:read', 'program:manage', 'metrics:read', 'metrics:submit', 'metrics:confirm', 'waivers:manage'],
  gps: ['program:read', 'metrics:read', 'metrics:submit', 'metrics:confirm'],
  alliances: ['program:read', 'metrics:read', 'metrics:submit', 'metrics:confirm', 'waivers:manage'],
  partner_manager: ['program:read', 'metrics:read', 'metrics:submit', 'metrics:confirm', 'waivers:manage'],
  partner_ops: ['program:read', 'metrics:read', 'metrics:submit', 'metrics:confirm'],
  incentives: ['program:read', 'metrics:read'],
  sales: ['program:read', 'metrics:read'],
  solutions: ['program:read', 'metrics:read'],
  marketing: ['program:read', 'metrics:read'],
  safety: ['program:read', 'metrics:read'],
  partner_admin: ['program:read', 'metrics:read', 'metrics:submit'],
  partner_user: ['program:read', 'metrics:read', 'metrics:submit'],
}
for (const role of roles) permissionsByRole[role] = [...permissionsByRole[role], ...programGrants[role]]

// Tier reviews: internal staff read them; program owners run cycles and decide; a decision needs one
// approval from Sales and one from Alliances. Everyone reads tier history (partners their own company's).
const reviewGrants: Partial<Record<Role, readonly Permission[]>> = {
  admin: ['reviews:manage'],
  gps: ['reviews:manage'],
  alliances: ['reviews:manage', 'reviews:approve'],
  partner_manager: ['reviews:manage'],
  sales: ['reviews:approve'],
}
for (const role of roles) {
  const staffRead: Permission[] = isExternalRole(role) ? [] : ['reviews:read']
  permissionsByRole[role] = [...permissionsByRole[role], ...staffRead, ...(reviewGrants[role] ?? []), 'tierHistory:read']
}

// The mail outbox: administrators see and retry it; partner operations read it to answer "did it go out?".
permissionsByRole.admin = [...permissionsByRole.admin, 'mail:read', 'mail:manage']
permissionsByRole.partner_ops = [...permissionsByRole.partner_ops, 'mail:read']

// Contact Us inquiries: GPS and Global Partner Alliances work them (assign, comment, change status);
// partner operations read them (they prepare agreements for converted ones); administrators also
// configure the routing rules and queues. Visitors submit and check status without signing in.
const inquiryGrants: Partial<Record<Role, readonly Permission[]>> = {
  admin: ['inquiries:read', 'inquiries:manage', 'inquiries:configure'],
  gps: ['inquiries:read', 'inquiries:manage'],
  alliances: ['inquiries:read', 'inquiries:manage'],
  partner_ops: ['inquiries:read'],
}
for (const role of roles) permissionsByRole[role] = [...permissionsByRole[role], ...(inquiryGrants[role] ?? [])]
// Onboarding and agreements. Sales request deal-driven onboarding, Solutions and Alliances sponsor it; GPA
// (gps, alliances) and administrators run the cases; requesters follow their own, partner operations read all.
// Partner operations, GPA and administrators manage agreements; a partner admin signs its company's own.
// A country extension is requested for a deal (Sales or the partner's internal team) and approved by partner operations.
const agreementGrants: Record<Role, readonly Permission[]> = {
  admin: ['onboarding:read', 'onboarding:request', 'onboarding:manage', 'agreements:manage', 'extensions:request'],
  gps: ['onboarding:read', 'onboarding:request', 'onboarding:manage', 'agreements:manage', 'extensions:request'],
  alliances: ['onboarding:read', 'onboarding:request', 'onboarding:manage', 'agreements:manage', 'extensions:request'],
  partner_manager: ['extensions:request'],
  partner_ops: ['onboarding:read', 'agreements:manage', 'extensions:request', 'extensions:approve'],
  incentives: [],
  sales: ['onboarding:request', 'extensions:request'],
  solutions: ['onboarding:request'],
  marketing: [],
  safety: [],
  partner_admin: ['agreements:sign'],
  partner_user: [],
}
for (const role of roles) permissionsByRole[role] = [...permissionsByRole[role], 'agreements:read', ...agreementGrants[role]]
// Deal registration: everyone signed in reads deals (partners their own company's) and pipeline reports
// (partners as their pipeline reporting benefit allows); partners and Sales register; the Partner
// Incentives team reviews, and Sales reviews registrations routed to them as customer-account owners.
const dealGrants: Partial<Record<Role, readonly Permission[]>> = {
  admin: ['deals:register', 'deals:update', 'deals:review', 'accounts:manage'],
  incentives: ['deals:update', 'deals:review'],
  sales: ['deals:register', 'deals:update', 'deals:review'],
  partner_admin: ['deals:register', 'deals:update'],
  partner_user: ['deals:register', 'deals:update'],
}
for (const role of roles) {
  const staffRead: Permission[] = isExternalRole(role) ? [] : ['accounts:read']
  permissionsByRole[role] = [...permissionsByRole[role], 'deals:read', 'deals:report', ...staffRead, ...(dealGrants[role] ?? [])]
}

// The Partner Safety Program: everyone signed in reads it (partners their own company's only, scoped by the
// services and row-level security); safety users edit all of it; a partner admin uploads its own evidence.
for (const role of roles) permissionsByRole[role] = [...permissionsByRole[role], 'safety:read']
permissionsByRole.safety = [...permissionsByRole.safety, 'safety:manage']
permissionsByRole.partner_admin = [...permissionsByRole.partner_admin, 'safety:submit']
// Notifications: everyone signed in reads their own and chooses their channels; a partner admin sets its
// company's defaults.
for (const role of roles) permissionsByRole[role] = [...permissionsByRole[role], 'notifications:read']
permissionsByRole.partner_admin = [...permissionsByRole.partner_admin, 'notifications:defaults']
// Service-partner delivery: partner admins manage their people and answer screening invitations; Solutions
// assessors screen and review SOWs; partner operations run projects, review SOWs, issue POs and approve
// invoices; a partner's users write SOWs, record work and invoice. Services scope every read to the caller.
const deliveryGrants: Partial<Record<Role, readonly Permission[]>> = {
  admin: ['delivery:read', 'resources:manage', 'screenings:assess', 'projects:manage'],
  partner_ops: ['delivery:read', 'resources:manage', 'projects:manage', 'sows:review', 'pos:issue', 'invoices:approve'],
  solutions: ['delivery:read', 'screenings:assess', 'sows:review'],
  partner_admin: ['delivery:read', 'resources:manage', 'screenings:respond', 'sows:write', 'work:record', 'invoices:submit'],
  partner_user: ['delivery:read', 'sows:write', 'work:record', 'invoices:submit'],
}
for (const role of roles) permissionsByRole[role] = [...permissionsByRole[role], ...(deliveryGrants[role] ?? [])]

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
