import { html, type RenderedMail } from '../../core/html.ts'
import { mailLayout } from '../../core/mail.ts'
// The emails of deal registration, as pure render functions ({ subject, text, html }); every value put
// into HTML is escaped. The service's `notify` picks the template and the recipients.

/** What every deal email is about. Values are plain words: the renderers escape them. */
export type DealMailData = {
  customer: string
  partner: string
  value: string
  link: string
  expectedDecisionDate?: string | null
  reason?: string | null
  question?: string | null
  protectionUntil?: string | null
  dueDate?: string | null
}

/** Builds the three forms from paragraphs of plain text (the link closes every mail). */
function mail(subject: string, paragraphs: string[], link: string): RenderedMail {
  const text = [...paragraphs, `Open the registration: ${link}`].join('\n\n')
  const body = html`${paragraphs.map((p) => html`<p>${p}</p>`)}
    <p><a href="${link}">Open the registration</a></p>`
  return { subject, text, html: mailLayout(subject, body) }
}

const what = (d: DealMailData) => `${d.customer} (${d.value})`

export const dealMails = {
  'deal-submitted': (d: DealMailData) =>
    mail(
      `Deal registration received: ${d.customer}`,
      [
        `${d.partner} registered ${what(d)}.`,
        d.expectedDecisionDate ? `Expect a decision by ${d.expectedDecisionDate}.` : 'The review starts now.',
      ],
      d.link,
    ),
  'deal-assigned': (d: DealMailData) =>
    mail(
      `Deal registration to review: ${d.customer}`,
      [`${d.partner} registered ${what(d)}; the review is yours.`, `Due by ${d.dueDate ?? 'the end of the service level'}.`],
      d.link,
    ),
  'deal-approved': (d: DealMailData) =>
    mail(
      `Deal registration approved: ${d.customer}`,
      [`Your registration of ${what(d)} is approved.`, `It is protected until ${d.protectionUntil}.`],
      d.link,
    ),
  'deal-rejected': (d: DealMailData) =>
    mail(`Deal registration rejected: ${d.customer}`, [`Your registration of ${what(d)} was rejected.`, `Reason: ${d.reason}`], d.link),
  'deal-info-requested': (d: DealMailData) =>
    mail(
      `More information needed: ${d.customer}`,
      [`The review of ${what(d)} needs more information from you. The review clock is paused until you answer.`, `Question: ${d.question}`],
      d.link,
    ),
  'deal-answered': (d: DealMailData) =>
    mail(
      `Partner answered: ${d.customer}`,
      [`${d.partner} answered your question on ${what(d)}.`, `Answer: ${d.reason}`, `Now due by ${d.dueDate}.`],
      d.link,
    ),
  'deal-extension-requested': (d: DealMailData) =>
    mail(
      `Protection extension requested: ${d.customer}`,
      [`${d.partner} asks to extend the protection of ${what(d)} (until ${d.protectionUntil}).`, `Reason: ${d.reason}`],
      d.link,
    ),
  'deal-extended': (d: DealMailData) =>
    mail(`Deal protection extended: ${d.customer}`, [`The protection of ${what(d)} is extended until ${d.protectionUntil}.`], d.link),
  'deal-expired': (d: DealMailData) =>
    mail(
      `Deal registration expired: ${d.customer}`,
      [
        `The protection of ${what(d)} ended on ${d.protectionUntil} and the registration has expired.`,
        'Register the opportunity again if it is still active.',
      ],
      d.link,
    ),
  'deal-escalated': (d: DealMailData) =>
    mail(
      `Overdue deal registration review: ${d.customer}`,
      [`The review of ${what(d)} from ${d.partner} was due on ${d.dueDate} and has no decision yet.`],
      d.link,
    ),
  'deal-big-deal': (d: DealMailData) =>
    mail(
      `Big deal registered: ${d.customer}`,
      [`${d.partner} registered ${what(d)}, above the big-deal threshold: big-deal support and escalation apply.`],
      d.link,
    ),
} satisfies Record<string, (d: DealMailData) => RenderedMail>

export type DealMailName = keyof typeof dealMails
