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

// Who holds each role group below (a permission names the groups or roles that hold it).
const everyone = roles
const staff = internalRoles
const partners = externalRoles
/** The roles that maintain partner records and program figures. */
const partnerEditors = ['admin', 'gps', 'alliances', 'partner_manager', 'partner_ops'] as const
/** Global Partner Alliances: GPS and Alliances. */
const gpa = ['gps', 'alliances'] as const

/**
 * The permission model, in one place: each permission and the roles that hold it. Scoping to a partner
 * (a partner's users see their own company only) happens in the services and row-level security, not here.
 * The signed-in user's permissions go to the web in `GET /api/auth/me`; the web hides what a role cannot use.
 */
const grants = {
  // Partners, contacts and users. A partner admin manages its own company's contacts and users.
  'partners:read': everyone,
  'partners:create': partnerEditors,
  'partners:update': partnerEditors,
  'partners:import': partnerEditors,
  'partners:export': [...staff, 'partner_admin'],
  'contacts:manage': [...partnerEditors, 'partner_admin'],
  'users:read': [...staff, 'partner_admin'],
  'users:manage': ['admin', 'partner_admin'],
  'tokens:manage': everyone,
  'audit:read': everyone,

  // The partner program. Guidelines, benefits and the what-if are readable by everyone signed in; partners
  // submit their own company's metrics, internal editors confirm them; reviewers waive criteria;
  // administrators edit the guidelines.
  'program:read': everyone,
  'program:manage': ['admin'],
  'metrics:read': everyone,
  'metrics:submit': [...partnerEditors, ...partners],
  'metrics:confirm': partnerEditors,
  'waivers:manage': ['admin', 'alliances', 'partner_manager'],

  // Tier reviews: internal staff read them; program owners run cycles and decide; a decision needs one
  // approval from Sales and one from Alliances. Everyone reads tier history (partners their own company's).
  'reviews:read': staff,
  'reviews:manage': ['admin', ...gpa, 'partner_manager'],
  'reviews:approve': ['alliances', 'sales'],
  'tierHistory:read': everyone,

  // The mail outbox: administrators see and retry it; partner operations read it to answer "did it go out?".
  'mail:read': ['admin', 'partner_ops'],
  'mail:manage': ['admin'],

  // Contact Us inquiries: GPA work them (assign, comment, change status); partner operations read them (they
  // prepare agreements for converted ones); administrators also configure the routing rules and queues.
  // Visitors submit and check status without signing in.
  'inquiries:read': ['admin', ...gpa, 'partner_ops'],
  'inquiries:manage': ['admin', ...gpa],
  'inquiries:configure': ['admin'],

  // Onboarding: Sales request deal-driven onboarding, Solutions and Alliances sponsor it; GPA and
  // administrators run the cases; requesters follow their own, partner operations read all.
  'onboarding:read': ['admin', ...gpa, 'partner_ops'],
  'onboarding:request': ['admin', ...gpa, 'sales', 'solutions'],
  'onboarding:manage': ['admin', ...gpa],

  // Agreements: everyone reads them (partners their own company's); partner operations, GPA and administrators
  // manage them; a partner admin signs its company's own. A country extension is requested for a deal (Sales
  // or the partner's internal team) and approved by partner operations.
  'agreements:read': everyone,
  'agreements:manage': ['admin', ...gpa, 'partner_ops'],
  'agreements:sign': ['partner_admin'],
  'extensions:request': [...partnerEditors, 'sales'],
  'extensions:approve': ['partner_ops'],

  // Deal registration: everyone reads deals (partners their own company's) and pipeline reports (partners as
  // their pipeline reporting benefit allows); partners and Sales register; the Partner Incentives team
  // reviews, and Sales reviews registrations routed to them as customer-account owners.
  'deals:read': everyone,
  'deals:register': ['admin', 'sales', ...partners],
  'deals:update': ['admin', 'incentives', 'sales', ...partners],
  'deals:review': ['admin', 'incentives', 'sales'],
  'deals:report': everyone,
  'accounts:read': staff,
  'accounts:manage': ['admin'],

  // The Partner Safety Program: everyone reads it (partners their own company's only); safety users edit all
  // of it; a partner admin uploads its own company's evidence.
  'safety:read': everyone,
  'safety:manage': ['safety'],
  'safety:submit': ['partner_admin'],

  // Notifications: everyone reads their own and chooses their channels; a partner admin sets its company's defaults.
  'notifications:read': everyone,
  'notifications:defaults': ['partner_admin'],

  // Webhooks: administrators subscribe to every event; a partner admin to its own company's events only.
  'webhooks:manage': ['admin', 'partner_admin'],

  // Marketing and community: everyone reads the JAM/JEM programs (partners their own company's memberships)
  // and the events whose audience includes them; marketing and administrators invite partners, run events and
  // record attendance; a partner admin answers its company's invitations; partners' users register.
  'programs:read': everyone,
  'programs:manage': ['admin', 'marketing'],
  'programs:respond': ['partner_admin'],
  'events:read': everyone,
  'events:manage': ['admin', 'marketing'],
  'events:register': partners,
  'pages:edit': ['partner_admin'],
  'pages:approve': ['admin', 'marketing'],

  // Partner funds (MDF) on the ledger: everyone signed in reads balances, requests and claims (partners their own
  // company's, as its MDF benefit allows); partners request and claim, and Marketing may on their behalf;
  // Marketing and Partner Incentives approve within their approval limits and record payments; they and
  // administrators set allocations; administrators and Partner Incentives keep the exchange rates.
  'funds:read': everyone,
  'funds:request': ['marketing', ...partners],
  'funds:approve': ['incentives', 'marketing'],
  'funds:pay': ['incentives', 'marketing'],
  'funds:manage': ['admin', 'incentives', 'marketing'],
  'fx:manage': ['admin', 'incentives'],

  // Service-partner delivery: partner admins manage their people and answer screening invitations; Solutions
  // assessors screen and review SOWs; partner operations run projects, review SOWs, issue POs and approve
  // invoices; a partner's users write SOWs, record work and invoice. Services scope every read to the caller.
  'delivery:read': ['admin', 'partner_ops', 'solutions', ...partners],
  'resources:manage': ['admin', 'partner_ops', 'partner_admin'],
  'screenings:assess': ['admin', 'solutions'],
  'screenings:respond': ['partner_admin'],
  'projects:manage': ['admin', 'partner_ops'],
  'sows:write': partners,
  'sows:review': ['partner_ops', 'solutions'],
  'pos:issue': ['partner_ops'],
  'work:record': partners,
  'invoices:submit': partners,
  'invoices:approve': ['partner_ops'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof grants
/** Every permission, in the table's order. */
export const permissions = Object.keys(grants) as [Permission, ...Permission[]]

/** Whether a role holds a permission. */
export const roleCan = (role: Role, permission: Permission): boolean => (grants[permission] as readonly Role[]).includes(role)

/** A role's permissions, in the table's order. */
export const permissionsOf = (role: Role): Permission[] => permissions.filter((p) => roleCan(role, p))

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
  return !!actor && roleCan(actor.role, permission)
}

export function assertCan(actor: Actor | null, permission: Permission): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED')
  if (!can(actor, permission)) throw new AppError('FORBIDDEN', `Your role may not ${permission.replace(':', ' ')}`)
}

export const isExternal = (actor: Actor): boolean => actor.partnerId !== null
