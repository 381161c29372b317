import { dayOf } from '../../core/dates.ts'
import { html } from '../../core/html.ts'
import { defineMailTemplate, mailLayout } from '../../core/mail.ts'

export const invitationMail = defineMailTemplate(
  'user-invitation',
  (d: { name: string; invitedBy: string; url: string; expiresAt: Date }) => {
    const expires = dayOf(d.expiresAt)
    return {
      subject: 'Your invitation to Alliance',
      text:
        `Hello ${d.name},\n\n${d.invitedBy} invited you to Alliance, the partner program's portal.\n` +
        `Open this link to choose your password and sign in:\n\n${d.url}\n\nThe link works once and expires on ${expires}.\n`,
      html: mailLayout(
        'Your invitation to Alliance',
        html`<p>Hello ${d.name},</p>
          <p>${d.invitedBy} invited you to Alliance, the partner program's portal.</p>
          <p>
            <a href="${d.url}" style="background:#364fc7;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none"
              >Choose your password</a
            >
          </p>
          <p>Or open this link: <a href="${d.url}">${d.url}</a></p>
          <p>The link works once and expires on ${expires}.</p>`,
      ),
    }
  },
  { secrets: ['url'] },
)

/** To an address someone tried to invite although it has an account: nothing changes, the owner is told. */
export const accountExistsMail = defineMailTemplate('user-account-exists', (d: { invitedBy: string; url: string }) => ({
  subject: 'Someone invited you to Alliance',
  text:
    `Hello,\n\n${d.invitedBy} tried to invite this address to Alliance, but it has an account already; nothing was changed.\n` +
    `Sign in as usual: ${d.url}\n\nIf you did not expect this, you can ignore this message.\n`,
  html: mailLayout(
    'Someone invited you to Alliance',
    html`<p>Hello,</p>
      <p>${d.invitedBy} tried to invite this address to Alliance, but it has an account already; nothing was changed.</p>
      <p>Sign in as usual: <a href="${d.url}">${d.url}</a></p>
      <p>If you did not expect this, you can ignore this message.</p>`,
  ),
}))
