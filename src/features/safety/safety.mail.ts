import { html, type RenderedMail } from '../../core/html.ts'
import { mailLayout } from '../../core/mail.ts'

// The emails of the safety program, as pure render functions: data in, subject/text/HTML out, every value escaped.

export function evidenceExpiring(d: {
  partnerName: string
  what: string
  expiryDate: string
  daysLeft: number
  url: string
}): RenderedMail {
  const when = d.daysLeft === 1 ? 'in 1 day' : `in ${d.daysLeft} days`
  return {
    subject: `Safety evidence of ${d.partnerName} expires ${when}: ${d.what}`,
    text:
      `The ${d.what} of ${d.partnerName} expires on ${d.expiryDate} (${when}). ` +
      `Upload its renewal in Alliance before then, or new work for ${d.partnerName} will be blocked.\n${d.url}\n`,
    html: mailLayout(
      'Safety evidence expires soon',
      html`<p>The <b>${d.what}</b> of ${d.partnerName} expires on ${d.expiryDate} (${when}).</p>
        <p>Upload its renewal in Alliance before then, or new work for ${d.partnerName} will be blocked.</p>
        <p><a href="${d.url}">Open safety compliance</a></p>`,
    ),
  }
}
