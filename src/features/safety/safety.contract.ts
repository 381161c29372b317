import { z } from '@hono/zod-openapi'
import { Money } from '../../core/money.ts'

export const riskLevels = ['high', 'low'] as const
export const RiskLevel = z.enum(riskLevels).openapi('SafetyRiskLevel')
export type RiskLevel = z.infer<typeof RiskLevel>
/** Where a partner stands in the Partner Safety Program: low-risk partners are not in it. */
export const programStatuses = ['not_in_program', 'clear', 'blocked', 'overridden'] as const
export const ProgramStatus = z.enum(programStatuses).openapi('SafetyProgramStatus')
export type ProgramStatus = z.infer<typeof ProgramStatus>
export const subscriptionStatuses = ['active', 'pending', 'lapsed', 'none'] as const
export const insuranceTypes = ['general_liability', 'workers_compensation', 'auto', 'umbrella'] as const
export const InsuranceType = z.enum(insuranceTypes).openapi('InsuranceType')
export type InsuranceType = z.infer<typeof InsuranceType>
export const insuranceLabels: Record<InsuranceType, string> = {
  general_liability: 'general liability',
  workers_compensation: "workers' compensation",
  auto: 'auto',
  umbrella: 'umbrella',
}
export const evidenceKinds = ['insurance', 'statistics', 'program', 'licence'] as const
export const reminderDays = [90, 30, 7] as const

const text = (max: number) => z.string().trim().min(1, 'Required').max(max)
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
export const PartnerId = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
})
const who = z.object({ id: z.string().uuid().nullable(), name: z.string().nullable() }).openapi('SafetyActorRef')

// The gate's answer: the fixed shape features and integrations rely on.
export const ClearanceReason = z.object({ code: z.string(), message: z.string() }).openapi('SafetyClearanceReason')
export const ClearanceSchema = z
  .object({ clear: z.boolean(), riskLevel: RiskLevel, reasons: z.array(ClearanceReason) })
  .openapi('SafetyClearance', { example: { clear: false, riskLevel: 'high', reasons: [{ code: 'NO_SUBSCRIPTION', message: '…' }] } })
export type Clearance = z.infer<typeof ClearanceSchema>

export const MatrixEntrySchema = z
  .object({
    service: z.string(),
    riskLevel: RiskLevel,
    reason: z.string(),
    version: z.number().int(),
    updatedBy: who.nullable(),
    updatedAt: z.string().datetime(),
  })
  .openapi('SafetyMatrixEntry')
export type MatrixEntry = z.infer<typeof MatrixEntrySchema>
export const MatrixHistorySchema = z
  .object({
    service: z.string(),
    riskLevel: RiskLevel.nullable(),
    reason: z.string().nullable(),
    version: z.number().int(),
    action: z.enum(['set', 'remove']),
    changedBy: who.nullable(),
    changedAt: z.string().datetime(),
  })
  .openapi('SafetyMatrixChange')
export const MatrixSchema = z.object({ items: z.array(MatrixEntrySchema), history: z.array(MatrixHistorySchema) }).openapi('SafetyMatrix')
export const MatrixEntryInput = z
  .strictObject({ service: text(100), riskLevel: RiskLevel, reason: text(500) })
  .openapi('SafetyMatrixEntryInput')
export const MatrixRemoveInput = z.strictObject({ service: text(100) }).openapi('SafetyMatrixRemoveInput')

export const RiskOverrideInput = z.strictObject({ riskLevel: RiskLevel, reason: text(1000) }).openapi('SafetyRiskOverrideInput')
export const ClearanceOverrideInput = z.strictObject({ reason: text(1000), endsOn: isoDate }).openapi('SafetyClearanceOverrideInput')
const Override = z.object({ id: z.string().uuid(), reason: z.string(), createdBy: who.nullable(), createdAt: z.string().datetime() })

export const ServiceRiskSchema = z
  .object({ service: z.string(), riskLevel: RiskLevel.nullable(), reason: z.string().nullable() })
  .openapi('SafetyServiceRisk', { description: 'riskLevel null: the service is not in the matrix (counts as low until classified)' })
export const RiskSchema = z
  .object({
    riskLevel: RiskLevel,
    derivedRiskLevel: RiskLevel,
    services: z.array(ServiceRiskSchema),
    override: Override.extend({ riskLevel: RiskLevel }).nullable(),
  })
  .openapi('SafetyRisk')
export type Risk = z.infer<typeof RiskSchema>
export const ClearanceOverrideSchema = Override.extend({ endsOn: z.string(), active: z.boolean() }).openapi('SafetyClearanceOverride')

export const ProviderSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    grading: z.enum(['letter', 'percentage']),
    grades: z.array(z.string()),
    passingGrade: z.string().nullable(),
    passMark: z.string().nullable(),
    isDefault: z.boolean(),
  })
  .openapi('SafetyProvider')
export type Provider = z.infer<typeof ProviderSchema>
export const ProviderInput = z
  .strictObject({
    key: z.string().regex(/^[a-z0-9-]{2,40}$/, 'Lower-case letters, digits and dashes'),
    name: text(100),
    grading: z.enum(['letter', 'percentage']),
    grades: z.array(text(5)).max(10).optional(),
    passingGrade: text(5).nullable().optional(),
    passMark: z.number().min(0).max(100).nullable().optional(),
  })
  .openapi('SafetyProviderInput')

export const SubscriptionInput = z
  .strictObject({
    providerKey: z.string().optional(),
    accountId: z.string().trim().max(100).nullable().optional(),
    status: z.enum(subscriptionStatuses),
    grade: z.string().trim().max(5).nullable().optional(),
    score: z.number().min(0, 'A percentage from 0 to 100').max(100, 'A percentage from 0 to 100').nullable().optional(),
    providerUpdatedOn: isoDate.nullable().optional(),
  })
  .openapi('SafetySubscriptionInput')
export type SubscriptionInput = z.infer<typeof SubscriptionInput>
export const SubscriptionSchema = z
  .object({
    providerKey: z.string(),
    providerName: z.string(),
    accountId: z.string().nullable(),
    status: z.enum(subscriptionStatuses),
    grade: z.string().nullable(),
    score: z.string().nullable(),
    providerUpdatedOn: z.string().nullable(),
    updatedBy: who.nullable(),
    updatedAt: z.string().datetime(),
  })
  .openapi('SafetySubscription')
export type Subscription = z.infer<typeof SubscriptionSchema>

const InsuranceMinimum = z.strictObject({ type: InsuranceType, minimum: Money })
export const RequirementsInput = z
  .strictObject({
    insurance: z.array(InsuranceMinimum).max(4),
    maxEmr: z.number().min(0).max(10),
    maxTrir: z.number().min(0).max(100),
    maxDart: z.number().min(0).max(100),
    statisticsMaxAgeYears: z.number().int().min(1).max(5),
    requireWrittenProgram: z.boolean(),
    providerUpdateMaxAgeDays: z.number().int().min(1).max(3650),
  })
  .openapi('SafetyRequirementsInput')
export const RequirementsSchema = z
  .object({
    insurance: z.array(InsuranceMinimum),
    maxEmr: z.string(),
    maxTrir: z.string(),
    maxDart: z.string(),
    statisticsMaxAgeYears: z.number().int(),
    requireWrittenProgram: z.boolean(),
    providerUpdateMaxAgeDays: z.number().int(),
    version: z.number().int(),
    updatedAt: z.string().datetime(),
  })
  .openapi('SafetyRequirements')
export type Requirements = z.infer<typeof RequirementsSchema>
