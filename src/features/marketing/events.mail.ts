import { appUrl, mailLayout } from '../../core/mail.ts'
import { html, type RenderedMail } from '../../core/html.ts'

export type EventMailFacts = { id: string; title: string; localStart: string; localEnd: string; timeZone: string; location: string | null }
type Ctx = { config: { publicUrl: string } }

const when = (e: EventMailFacts) => `${e.localStart.replace('T', ' ')} – ${e.localEnd.replace('T', ' ')} (${e.timeZone})`

function render(ctx: Ctx, subject: string, lines: string[], e: EventMailFacts): RenderedMail {
  const link = appUrl(ctx, `/events/${e.id}`)
  const details = [`When: ${when(e)}`, e.location ? `Where: ${e.location}` : ''].filter(Boolean)
  return {
    subject,
    text: [...lines, '', ...details, '', `Event page: ${link}`].join('\n'),
    html: mailLayout(
      subject,
      html`${lines.map((l) => html`<p>${l}</p>`)}
        <p>${details.map((d) => html`${d}<br />`)}</p>
        <p><a href="${link}">Open the event in Alliance</a></p>`,
    ),
  }
}

export const eventMails = {
  confirmed: (ctx: Ctx, e: EventMailFacts, name: string) =>
    render(ctx, `You are registered: ${e.title}`, [`Hello ${name},`, 'your seat is confirmed. The calendar invitation is attached.'], e),
  promoted: (ctx: Ctx, e: EventMailFacts, name: string) =>
    render(
      ctx,
      `A seat opened up: ${e.title}`,
      [`Hello ${name},`, 'a seat opened up and it is yours. The calendar invitation is attached.'],
      e,
    ),
  waitlisted: (ctx: Ctx, e: EventMailFacts, name: string, position: number) =>
    render(
      ctx,
      `On the waitlist: ${e.title}`,
      [`Hello ${name},`, `the event is full; you are number ${position} on the waitlist. We will write when a seat opens up.`],
      e,
    ),
  updated: (ctx: Ctx, e: EventMailFacts, name: string) =>
    render(
      ctx,
      `Time changed: ${e.title}`,
      [`Hello ${name},`, 'the event has a new time. The attached invitation updates your calendar.'],
      e,
    ),
  cancelled: (ctx: Ctx, e: EventMailFacts, name: string, byYou: boolean) =>
    render(
      ctx,
      byYou ? `Registration cancelled: ${e.title}` : `Event cancelled: ${e.title}`,
      [
        `Hello ${name},`,
        byYou ? 'your registration is cancelled.' : 'the event is cancelled.',
        'The attached update removes it from your calendar.',
      ],
      e,
    ),
  materials: (ctx: Ctx, e: EventMailFacts, name: string, items: { title: string; url: string }[]) => {
    const m = render(ctx, `Materials from ${e.title}`, [`Hello ${name},`, 'thank you for attending. The materials are available:'], e)
    const list = items.map((i) => `${i.title}: ${i.url}`)
    return {
      subject: m.subject,
      text: m.text.replace('available:', `available:\n${list.join('\n')}`),
      html: mailLayout(
        m.subject,
        html`<p>Hello ${name},</p>
          <p>thank you for attending. The materials are available:</p>
          <ul>
            ${items.map((i) => html`<li><a href="${i.url}">${i.title}</a></li>`)}
          </ul>
          <p><a href="${appUrl(ctx, `/events/${e.id}`)}">Open the event in Alliance</a></p>`,
      ),
    }
  },
}
