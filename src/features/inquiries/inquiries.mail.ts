import { html } from '../../core/html.ts'
import { defineMailTemplate, mailLayout } from '../../core/mail.ts'
import { publicStatus, type InquiryStatus } from './inquiries.contract.ts'

type Common = { reference: string; contactName: string; company: string; statusUrl: string }

export const inquiryReceivedMail = defineMailTemplate('inquiry-received', (d: Common) => ({
  subject: `We received your partnership inquiry (${d.reference})`,
  text:
    `Hello ${d.contactName},\n\nThank you for your interest in our partner program. We received the inquiry from ${d.company}.\n\n` +
    `Your reference: ${d.reference}\n\n${publicStatus.new.nextStep}\n\n` +
    `Check its status at any time with your reference and this email address:\n${d.statusUrl}\n`,
  html: mailLayout(
    'We received your partnership inquiry',
    html`<p>Hello ${d.contactName},</p>
      <p>Thank you for your interest in our partner program. We received the inquiry from ${d.company}.</p>
      <p>Your reference: <b style="font-size:18px;letter-spacing:1px">${d.reference}</b></p>
      <p>${publicStatus.new.nextStep}</p>
      <p>Check its status at any time with your reference and this email address: <a href="${d.statusUrl}">${d.statusUrl}</a></p>`,
  ),
}))

export const inquiryStatusMail = defineMailTemplate('inquiry-status', (d: Common & { status: InquiryStatus; note: string | null }) => {
  const s = publicStatus[d.status]
  return {
    subject: `Your partnership inquiry ${d.reference}: ${s.label}`,
    text:
      `Hello ${d.contactName},\n\nThe status of your inquiry ${d.reference} (${d.company}) is now: ${s.label}.\n\n` +
      (d.note ? `${d.note}\n\n` : '') +
      `${s.nextStep}\n\nStatus page: ${d.statusUrl}\n`,
    html: mailLayout(
      `Your inquiry is now: ${s.label}`,
      html`<p>Hello ${d.contactName},</p>
        <p>The status of your inquiry <b>${d.reference}</b> (${d.company}) is now: <b>${s.label}</b>.</p>
        ${d.note ? html`<blockquote style="border-left:3px solid #364fc7;margin:0;padding:4px 12px">${d.note}</blockquote>` : ''}
        <p>${s.nextStep}</p>
        <p>Status page: <a href="${d.statusUrl}">${d.statusUrl}</a></p>`,
    ),
  }
})
