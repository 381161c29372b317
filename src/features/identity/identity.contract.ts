import { z } from '@hono/zod-openapi'
import { permissions, roles } from '../../core/auth/permissions.ts'

export const RoleSchema = z.enum(roles).openapi('Role')
export const PermissionSchema = z.enum(permissions).openapi('Permission')
export const UserStatusSchema = z.enum(['invited', 'active', 'deactivated']).openapi('UserStatus')

export const UserSchema = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    status: UserStatusSchema,
    partnerId: z.string().uuid().nullable(),
    createdAt: z.string().datetime(),
    version: z.number().int(),
  })
  .openapi('User')
export type User = z.infer<typeof UserSchema>

export const LoginInput = z
  .strictObject({ email: z.string().trim().email().max(320), password: z.string().min(1).max(1000) })
  .openapi('LoginInput')

export const MeSchema = z
  .object({
    user: UserSchema,
    csrfToken: z.string().nullable(),
    permissions: z.array(PermissionSchema).openapi({ description: "What the user's role may do (the server's permission table)" }),
  })
  .openapi('Me')
export type Me = z.infer<typeof MeSchema>

const password = z.string().min(10, 'Use at least 10 characters').max(200)

export const UserCreateInput = z
  .strictObject({
    email: z.string().trim().toLowerCase().email().max(320),
    name: z.string().trim().min(1).max(200),
    role: RoleSchema,
    partnerId: z.string().uuid().optional(),
    password: password.optional(),
  })
  .openapi('UserCreateInput')
export type UserCreate = z.infer<typeof UserCreateInput>

export const UserCreated = z
  .object({ user: UserSchema })
  .openapi('UserCreated', { description: 'An invited user gets the link to set a password by email; nobody else sees it' })

export const UserPatchInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    role: RoleSchema.optional(),
    status: UserStatusSchema.exclude(['invited']).optional(),
  })
  .openapi('UserPatchInput')
export type UserPatch = z.infer<typeof UserPatchInput>

export const UserListQuery = z.object({
  q: z.string().max(200).optional(),
  partnerId: z.string().uuid().optional(),
  role: RoleSchema.optional(),
  status: UserStatusSchema.optional(),
})

export const InvitationRenewInput = z
  .strictObject({ email: z.string().trim().toLowerCase().max(320).email('The email the invitation was sent to') })
  .openapi('InvitationRenewInput')
export const InvitationRenewed = z.object({ message: z.string() }).openapi('InvitationRenewed')

export const AcceptInvitationInput = z.strictObject({ token: z.string().min(10).max(200), password }).openapi('AcceptInvitationInput')

export const TokenSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string().datetime(),
    expiresAt: z.string().datetime().nullable(),
    revokedAt: z.string().datetime().nullable(),
  })
  .openapi('ApiToken')
export const TokenCreateInput = z
  .strictObject({ name: z.string().trim().min(1).max(100), expiresInDays: z.number().int().min(1).max(730).optional() })
  .openapi('ApiTokenCreateInput')
export const TokenCreated = TokenSchema.extend({ token: z.string().openapi({ description: 'The secret; shown only once' }) }).openapi(
  'ApiTokenCreated',
)
