import type { Ctx } from '../../core/context.ts'
import type { InquiryInput } from '../inquiries/inquiries.contract.ts'
import { submitInquiry } from '../inquiries/public.service.ts'
import { commentOnInquiry, setInquiryStatus } from '../inquiries/inquiries.service.ts'
import type { Partner } from '../partners/partners.contract.ts'
import { oneRow } from '../../core/db-rows.ts'

const base = { solutions: [] as string[], phone: undefined, heardAbout: undefined, partnerType: undefined, fax: undefined }

/** A few Contact Us inquiries in different states, one from an existing partner's domain. */
export async function seedDemoInquiries(ctx: Ctx, partners: Partner[]) {
  const existing = partners.find((p) => p.domain)!
  const inquiries: (InquiryInput & { then?: 'review' | 'decline' })[] = [
    {
      ...base,
      company: 'Vandelay Industries',
      website: 'https://vandelay.example',
      country: 'US',
      contactName: 'Art Vandelay',
      email: 'art@vandelay.example',
      message: 'We integrate import/export logistics platforms and would like to resell your security portfolio.',
      partnerType: 'service',
      solutions: ['Security'],
      heardAbout: 'A partner symposium',
    },
    {
      ...base,
      company: 'Nordwind Systeme GmbH',
      website: 'https://nordwind.example',
      country: 'DE',
      contactName: 'Greta Nordwind',
      email: 'greta@nordwind.example',
      message: 'OEM of edge storage appliances, looking for an integrator in DACH.',
      partnerType: 'oem',
      solutions: ['Storage', 'Edge'],
      then: 'review',
    },
    {
      ...base,
      company: `${existing.legalName.split(' ')[0]} EMEA`,
      website: `https://emea.${existing.domain}`,
      country: 'GB',
      contactName: 'Jordan Blake',
      email: `jordan@emea.${existing.domain}`,
      message: 'Our EMEA branch would like its own partnership.',
    },
    {
      ...base,
      company: 'Bluth Company',
      website: 'https://bluth.example',
      country: 'US',
      contactName: 'George Bluth',
      email: 'george@bluth.example',
      message: 'We build model homes and want to resell networking.',
      then: 'decline',
    },
  ]
  for (const [i, { then, ...input }] of inquiries.entries()) {
    const inquiry = await submitInquiry(ctx, input, `demo-${i}`)
    const { id } = oneRow(
      await ctx.db.owner.query<{ id: string }>('SELECT id FROM inquiries WHERE reference = $1', [inquiry.reference]),
      'Inquiry',
    )
    if (then === 'review') {
      await setInquiryStatus(ctx, id, { status: 'in_review' })
      await commentOnInquiry(ctx, id, 'Strong fit for the DACH storage gap; schedule a call with Solutions.')
    }
    if (then === 'decline')
      await setInquiryStatus(ctx, id, { status: 'declined', reason: 'Networking resale is outside the program for non-IT companies.' })
  }
}
