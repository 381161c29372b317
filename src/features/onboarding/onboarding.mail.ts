import { html, type RenderedMail, type SafeHtml } from '../../core/html.ts'
import { mailLayout } from '../../core/mail.ts'

// The emails of onboarding cases, as pure render functions: data in, subject/text/HTML out, every value escaped.

type CaseRef = { legalName: string; url: string }
const pathLabel = (path: 'deal' | 'sponsor', agreementType: 'potc' | 'reseller') =>
  `${path === 'deal' ? 'deal-driven' : 'sponsor-driven'}, under ${agreementType === 'potc' ? 'POTC' : 'a reseller agreement'}`
const statusLabels = { requested: 'requested', in_progress: 'in progress', completed: 'completed', cancelled: 'cancelled' } as const

const page = (heading: string, body: SafeHtml, url: string) =>
  mailLayout(
    heading,
    html`${body}
      <p><a href="${url}">Open the case</a></p>`,
  )

export function caseReceived(d: CaseRef & { path: 'deal' | 'sponsor'; agreementType: 'potc' | 'reseller'; dueDate: string }): RenderedMail {
  const how = pathLabel(d.path, d.agreementType)
  return {
    subject: `Onboarding requested: ${d.legalName}`,
    text: `Your request to onboard ${d.legalName} (${how}) is with Global Partner Alliances. Target date: ${d.dueDate}.\nFollow its status: ${d.url}\n`,
    html: page(
      'Onboarding requested',
      html`<p>Your request to onboard <b>${d.legalName}</b> (${how}) is with Global Partner Alliances. Target date: ${d.dueDate}.</p>`,
      d.url,
    ),
  }
}

export function caseStatusChanged(d: CaseRef & { status: keyof typeof statusLabels; owner: string | null; dueDate: string }): RenderedMail {
  const owner = d.owner ? ` Owner: ${d.owner}.` : ''
  return {
    subject: `Onboarding of ${d.legalName}: ${statusLabels[d.status]}`,
    text: `The onboarding of ${d.legalName} is ${statusLabels[d.status]}.${owner} Target date: ${d.dueDate}.\n${d.url}\n`,
    html: page(
      `Onboarding ${statusLabels[d.status]}`,
      html`<p>The onboarding of <b>${d.legalName}</b> is ${statusLabels[d.status]}.${owner} Target date: ${d.dueDate}.</p>`,
      d.url,
    ),
  }
}

export function caseCompleted(d: CaseRef & { agreementTitle: string; adminEmail: string }): RenderedMail {
  return {
    subject: `${d.legalName} is a partner`,
    text: `The onboarding of ${d.legalName} is complete: the partner is active, ${d.agreementTitle} is out for signature and ${d.adminEmail} is invited as its partner admin.\n${d.url}\n`,
    html: page(
      'Onboarding complete',
      html`<p>
        The onboarding of <b>${d.legalName}</b> is complete: the partner is active, ${d.agreementTitle} is out for signature and
        ${d.adminEmail} is invited as its partner admin.
      </p>`,
      d.url,
    ),
  }
}
