/** What an email template renders: subject, plain text and HTML (every interpolated value escaped). */
export interface RenderedMail {
  subject: string
  text: string
  html: string
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => entities[c])

/** Tagged template that escapes every interpolated value: html`<p>${name}</p>`. */
export function html(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? escapeHtml(String(values[i])) : ''), '')
}
