/** What an email template renders: subject, plain text and HTML (every interpolated value escaped). */
export interface RenderedMail {
  subject: string
  text: string
  html: string
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => entities[c] ?? c)

/** HTML that is already safe: interpolating it into `html` leaves it as it is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

type HtmlValue = string | number | SafeHtml | null | undefined | HtmlValue[]
const interpolate = (v: HtmlValue): string =>
  v instanceof SafeHtml ? v.value : Array.isArray(v) ? v.map(interpolate).join('') : escapeHtml(String(v ?? ''))

/** Tagged template for HTML: every interpolated value is escaped unless it is SafeHtml (lists are joined): html`<p>${name}</p>`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? interpolate(values[i]) : ''), ''))
}
