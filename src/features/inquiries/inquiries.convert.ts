import { z } from '@hono/zod-openapi'
import { assertCan } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import { AppError, validationError } from '../../core/errors.ts'
import { CaseAgreementTypeSchema, CaseCreateInput, CasePathSchema } from '../onboarding/onboarding.contract.ts'
import { caseIdOfInquiry, createCase } from '../onboarding/onboarding.service.ts'
import { getPartner } from '../partners/partners.service.ts'
import type { InquiryDetail } from './inquiries.contract.ts'
import { getInquiry, setInquiryStatus } from './inquiries.service.ts'

const text = (max: number) => z.string().trim().min(1).max(max)

export const ConvertInput = z
  .strictObject({
    path: CasePathSchema,
    agreementType: CaseAgreementTypeSchema,
    dealReference: text(200).optional().openapi({ description: 'Deal path: the deal or opportunity that needs the partner' }),
    sponsorId: z
      .string()
      .uuid()
      .optional()
      .openapi({ description: 'Sponsor path: the Solutions or Alliances sponsor (default: the converter)' }),
    dueDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
      .optional(),
    note: text(2000).optional().openapi({ description: 'Shown to the submitter on the status page and in the email' }),
  })
  .openapi('InquiryConvertInput')
export type ConvertInput = z.infer<typeof ConvertInput>

/**
 * Converts an inquiry into an onboarding case: the case carries the inquiry's company and contact (or
 * the matching prospect), and the inquiry becomes converted, naming the case; the submitter is emailed.
 * A conversion interrupted after the case was made finishes with that case when repeated.
 */
export async function convertInquiry(ctx: Ctx, id: string, input: ConvertInput): Promise<{ inquiry: InquiryDetail; caseId: string }> {
  assertCan(ctx.actor, 'inquiries:manage')
  const inquiry = await getInquiry(ctx, id)
  if (inquiry.status === 'converted' || inquiry.status === 'declined')
    throw new AppError('INVALID_TRANSITION', `This inquiry is ${inquiry.status}; it cannot be converted`)
  const matched = inquiry.matchedPartner ? await getPartner(ctx, inquiry.matchedPartner.id) : null
  if (matched && matched.status !== 'prospect')
    throw new AppError('CONFLICT', `${matched.legalName} is a partner already (${matched.status}); no onboarding is needed`)
  // The case's own rules (a deal reference on the deal path, a sponsor on the other) name the convert input's fields.
  const caseInput = CaseCreateInput.safeParse({
    path: input.path,
    agreementType: input.agreementType,
    ...(matched
      ? { partnerId: matched.id }
      : {
          legalName: inquiry.company,
          website: inquiry.website ?? undefined,
          headquartersCountry: inquiry.country,
          partnerType: inquiry.partnerType ?? 'oem',
        }),
    contactName: inquiry.contactName,
    contactEmail: inquiry.email,
    dealReference: input.dealReference,
    sponsorId: input.sponsorId,
    dueDate: input.dueDate,
    notes: `From inquiry ${inquiry.reference}: ${inquiry.message}`.slice(0, 4000),
    inquiryId: id,
  })
  if (!caseInput.success) throw validationError(caseInput.error)
  const caseId = (await caseIdOfInquiry(ctx, id)) ?? (await createCase(ctx, caseInput.data)).id
  const after = await setInquiryStatus(ctx, id, { status: 'converted', onboardingCaseId: caseId, note: input.note })
  return { inquiry: after, caseId }
}
