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
  | 'program:manage'
  | 'program:whatif'
  | 'metrics:submit'
  | 'metrics:confirm'
  | 'waivers:manage'
  | 'reviews:manage'
  | 'reviews:approve'
  | 'inquiries:read'
  | 'inquiries:manage'
  | 'inquiries:configure'
  | 'mail:read'
  | 'mail:manage'
  | 'onboarding:read'
  | 'onboarding:request'
  | 'onboarding:manage'
  | 'agreements:manage'
  | 'agreements:sign'
  | 'extensions:request'
  | 'extensions:approve'
  | 'deals:register'
  | 'deals:update'
  | 'deals:review'
  | 'accounts:manage'
  | 'webhooks:manage'

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

// The partner program (mirrors the server's program grants): internal editors enter and confirm metrics,
// reviewers waive criteria, administrators edit the guidelines; internal staff run what-ifs.
const metricsEditors: Permission[] = ['program:whatif', 'metrics:submit', 'metrics:confirm']
const programByRole: Record<Role, Permission[]> = {
  admin: [...metricsEditors, 'program:manage', 'waivers:manage'],
  gps: metricsEditors,
  alliances: [...metricsEditors, 'waivers:manage'],
  partner_manager: [...metricsEditors, 'waivers:manage'],
  partner_ops: metricsEditors,
  incentives: ['program:whatif'],
  sales: ['program:whatif'],
  solutions: ['program:whatif'],
  marketing: ['program:whatif'],
  safety: ['program:whatif'],
  partner_admin: ['metrics:submit'],
  partner_user: ['metrics:submit'],
}
// Tier reviews: program owners run cycles and decide; Sales and Alliances approve decisions.
const reviewsByRole: Partial<Record<Role, Permission[]>> = {
  admin: ['reviews:manage'],
  gps: ['reviews:manage'],
  alliances: ['reviews:manage', 'reviews:approve'],
  partner_manager: ['reviews:manage'],
  sales: ['reviews:approve'],
}
// Onboarding and agreements (mirrors the server's grants): GPA runs cases, requesters follow theirs, partner
// operations manage agreements and approve country extensions, a partner admin signs.
const agreementsByRole: Partial<Record<Role, Permission[]>> = {
  admin: ['onboarding:read', 'onboarding:request', 'onboarding:manage', 'agreements:manage', 'extensions:request'],
  gps: ['onboarding:read', 'onboarding:request', 'onboarding:manage', 'agreements:manage', 'extensions:request'],
  alliances: ['onboarding:read', 'onboarding:request', 'onboarding:manage', 'agreements:manage', 'extensions:request'],
  partner_manager: ['extensions:request'],
  partner_ops: ['onboarding:read', 'agreements:manage', 'extensions:request', 'extensions:approve'],
  sales: ['onboarding:request', 'extensions:request'],
  solutions: ['onboarding:request'],
  partner_admin: ['agreements:sign'],
}

// Inquiries and the mail outbox (mirrors the server): GPS and Alliances work inquiries, partner operations
// read them and the outbox, administrators do everything and configure routing.
const inquiriesByRole: Partial<Record<Role, Permission[]>> = {
  admin: ['inquiries:read', 'inquiries:manage', 'inquiries:configure', 'mail:read', 'mail:manage'],
  gps: ['inquiries:read', 'inquiries:manage'],
  alliances: ['inquiries:read', 'inquiries:manage'],
  partner_ops: ['inquiries:read', 'mail:read'],
}

// Deal registration (mirrors the server's deal grants): partners and Sales register; the Partner Incentives
// team reviews, Sales the registrations routed to them as account owners.
const dealsByRole: Partial<Record<Role, Permission[]>> = {
  admin: ['deals:register', 'deals:update', 'deals:review', 'accounts:manage'],
  incentives: ['deals:update', 'deals:review'],
  sales: ['deals:register', 'deals:update', 'deals:review'],
  partner_admin: ['deals:register', 'deals:update'],
  partner_user: ['deals:register', 'deals:update'],
}
for (const role of Object.keys(byRole) as Role[])
  byRole[role] = [
    ...byRole[role],
    ...programByRole[role],
    ...(reviewsByRole[role] ?? []),
    ...(agreementsByRole[role] ?? []),
    ...(inquiriesByRole[role] ?? []),
    ...(dealsByRole[role] ?? []),
  ]

// Webhooks (mirrors the server): administrators subscribe to every event, partner admins to their company's.
byRole.admin = [...byRole.admin, 'webhooks:manage']
byRole.partner_admin = [...byRole.partner_admin, 'webhooks:manage']

export const can = (role: Role | undefined, permission: Permission): boolean => !!role && byRole[role].includes(permission)
export const isPartnerRole = (role: Role): boolean => partnerRoles.includes(role)
