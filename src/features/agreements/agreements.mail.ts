import { html, type RenderedMail, type SafeHtml } from '../../core/html.ts'
import { mailLayout } from '../../core/mail.ts'

// The emails of agreements, as pure render functions: data in, subject/text/HTML out, every value escaped.

type AgreementRef = { partnerName: string; title: string; url: string }

const layout = (heading: string, paragraphs: SafeHtml[], ref: AgreementRef, action: string) =>
  mailLayout(
    heading,
    html`${paragraphs}
      <p><a href="${ref.url}">${action}</a></p>`,
  )

export function agreementToSign(d: AgreementRef & { typeLabel: string; potcVersion: string | null }): RenderedMail {
  const what = d.potcVersion ? `${d.typeLabel} (version ${d.potcVersion}, non-modifiable)` : d.typeLabel
  return {
    subject: `Please sign: ${d.title}`,
    text: `${d.partnerName} has an agreement ready for signature: ${d.title} — ${what}.\nA partner admin signs it in Alliance: ${d.url}\n`,
    html: layout(
      'An agreement is ready for your signature',
      [
        html`<p>${d.partnerName} has an agreement ready for signature: <b>${d.title}</b> — ${what}.</p>`,
        html`<p>A partner admin signs it in Alliance.</p>`,
      ],
      d,
      'Review and sign',
    ),
  }
}

export function agreementSigned(d: AgreementRef & { signerName: string; signedAt: string }): RenderedMail {
  return {
    subject: `Signed: ${d.title} (${d.partnerName})`,
    text: `${d.signerName} signed ${d.title} for ${d.partnerName} at ${d.signedAt}. The agreement is active.\n${d.url}\n`,
    html: layout(
      'Agreement signed',
      [html`<p>${d.signerName} signed <b>${d.title}</b> for ${d.partnerName} at ${d.signedAt}. The agreement is active.</p>`],
      d,
      'Open the agreement',
    ),
  }
}

export function agreementExpiring(d: AgreementRef & { expiryDate: string; daysLeft: number }): RenderedMail {
  const when = d.daysLeft === 1 ? 'in 1 day' : `in ${d.daysLeft} days`
  return {
    subject: `${d.title} (${d.partnerName}) expires ${when}`,
    text: `${d.title} of ${d.partnerName} expires on ${d.expiryDate} (${when}). Plan its renewal now.\n${d.url}\n`,
    html: layout(
      'An agreement expires soon',
      [html`<p><b>${d.title}</b> of ${d.partnerName} expires on ${d.expiryDate} (${when}).</p>`, html`<p>Plan its renewal now.</p>`],
      d,
      'Open the agreement',
    ),
  }
}

export function extensionRequested(d: AgreementRef & { country: string; dealReference: string; requester: string }): RenderedMail {
  return {
    subject: `Country extension requested: ${d.country} for ${d.title}`,
    text: `${d.requester} asks to extend ${d.title} of ${d.partnerName} to ${d.country} for deal ${d.dealReference}. Partner operations approve or reject it.\n${d.url}\n`,
    html: layout(
      'Country extension requested',
      [
        html`<p>${d.requester} asks to extend <b>${d.title}</b> of ${d.partnerName} to ${d.country} for deal ${d.dealReference}.</p>`,
        html`<p>Partner operations approve or reject it.</p>`,
      ],
      d,
      'Review the request',
    ),
  }
}

export function extensionDecided(
  d: AgreementRef & { country: string; dealReference: string; decision: 'approved' | 'rejected'; note: string | null },
): RenderedMail {
  const outcome = d.decision === 'approved' ? `now covers ${d.country}` : `was not extended to ${d.country}`
  const note = d.note ? ` Note: ${d.note}` : ''
  return {
    subject: `Country extension ${d.decision}: ${d.country} for ${d.title}`,
    text: `${d.title} of ${d.partnerName} ${outcome} (deal ${d.dealReference}).${note}\n${d.url}\n`,
    html: layout(
      `Country extension ${d.decision}`,
      [
        html`<p><b>${d.title}</b> of ${d.partnerName} ${outcome} (deal ${d.dealReference}).</p>`,
        ...(d.note ? [html`<p>Note: ${d.note}</p>`] : []),
      ],
      d,
      'Open the agreement',
    ),
  }
}
