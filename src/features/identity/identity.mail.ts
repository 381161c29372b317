import { html } from '../../core/html.ts'
import { defineMailTemplate, mailLayout } from '../../core/mail.ts'

export const invitationMail = defineMailTemplate(
  'user-invitation',
  (d: { name: string; invitedBy: string; url: string; expiresAt: Date }) => {
    const expires = d.expiresAt.toISOString().slice(0, 10)
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
