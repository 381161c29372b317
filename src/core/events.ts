import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { isExternalRole, type Role } from './auth/permissions.ts'
import type { Ctx } from './context.ts'
import type { Sql } from './db.ts'
import { html, type RenderedMail } from './html.ts'
import { appUrl, mailLayout, queueRendered } from './mail.ts'

/**
 * The one catalog of events. Each feature registers its own event types (in its `<feature>.events.ts`)
 * with `defineEvent`, and emits them with `emit` inside the transaction of the change that causes them.
 * See decision 018.
 */

/** How a user hears of an event type: in the app, by email, both, in the app plus a daily digest email, or not at all. */
export const channels = ['in_app', 'email', 'both', 'digest', 'none'] as const
export type Channel = (typeof channels)[number]

/** Who may receive an event: users of one partner company (optionally only some roles), internal roles, specific users. */
export type Audience = {
  /** The partner company the event concerns; its users (or `partnerRoles` of them) receive it, and only its webhooks may. */
  partnerId?: string | null
  partnerRoles?: ('partner_admin' | 'partner_user')[]
  /** Internal staff holding one of these roles. */
  roles?: Role[]
  /** Specific users (internal, or of `partnerId`; users of another company are never reached). */
  users?: (string | null | undefined)[]
  /** Addresses outside the user base (a configured team mailbox): always emailed, never switchable. */
  emails?: (string | null | undefined)[]
}

export type Recipient = { internal: boolean }
export type Description = { title: string; body: string; link: string | null }

export interface EventDefinition<P> {
  type: string
  /** Plain words for the preferences page and the OpenAPI document. */
  summary: string
  /** What the event carries: only what every member of its audience (and its partner's webhooks) may read. */
  payload: z.ZodType<P>
  audience(payload: P): Audience
  /** The words of the notification (link: an app path). */
  describe(payload: P, to: Recipient): Description
  /** The email, when the feature has its own template (else drawn from `describe`); links absolute. */
  mail?(payload: P, to: Recipient & { publicUrl: string }): { template: string; mail: RenderedMail }
  /** Channel when neither the user nor their company chose one, by role (else `defaultChannel`, else `both`). */
  defaults?: Partial<Record<Role, Channel>>
  defaultChannel?: Channel
  /** Only internal staff ever receive it: partners neither see it in their preferences nor subscribe to it. */
  staffOnly?: boolean
}

const catalog = new Map<string, EventDefinition<never>>()

/** Registers an event type (names are `noun.verb_past`, e.g. `deal.approved`); a second registration of a type throws. */
export function defineEvent<P>(type: string, def: Omit<EventDefinition<P>, 'type'>): EventDefinition<P> {
  if (!/^[a-z][a-z_]*\.[a-z][a-z_]*$/.test(type)) throw new Error(`Event type "${type}": use noun.verb in lower case`)
  if (catalog.has(type)) throw new Error(`Event type "${type}" is defined twice`)
  const event = { ...def, type }
  catalog.set(type, event as EventDefinition<never>)
  return event
}

/** Every registered event type, sorted by type. */
export const eventCatalog = (): EventDefinition<unknown>[] =>
  [...catalog.values()].sort((a, b) => a.type.localeCompare(b.type)) as EventDefinition<unknown>[]

export const findEvent = (type: string): EventDefinition<unknown> | undefined => catalog.get(type) as EventDefinition<unknown> | undefined

/** NOTIFY channel: an emitted event is announced when its transaction commits (the webhook dispatcher listens). */
export const EVENTS_CHANNEL = 'alliance_events'
/** NOTIFY channel: a user's notifications changed (payload: the user id), for the live refresh. */
export const NOTIFICATIONS_CHANNEL = 'alliance_notifications'

export function defaultChannel(def: EventDefinition<unknown>, role: string): Channel {
  return def.defaults?.[role as Role] ?? def.defaultChannel ?? 'both'
}

type AudienceRow = { user_id: string; email: string; role: string; partner_id: string | null; channel: Channel | null }

/** What an emit did: the event id, the users notified in the app, every address emailed, and each email queued. */
export type Emitted = { id: string; notified: string[]; emailed: string[]; mails: { template: string; subject: string; to: string[] }[] }

/**
 * Emits an event inside the caller's transaction: the event row (the webhook outbox), the in-app
 * notifications and the emails its audience chose, all rolled back with the change if it fails.
 */
export async function emit<P>(ctx: Pick<Ctx, 'config' | 'now'>, sql: Sql, event: EventDefinition<P>, payload: P): Promise<Emitted> {
  const result = event.payload.safeParse(payload)
  // A payload that does not fit its schema is a defect of the emitting feature, not bad input.
  if (!result.success) throw new Error(`Event ${event.type}: invalid payload: ${result.error.message}`)
  const parsed = result.data
  const audience = event.audience(parsed)
  const id = randomUUID()
  const at = ctx.now()
  await sql.query('INSERT INTO events (id, type, payload, partner_id, created_at) VALUES ($1, $2, $3, $4, $5)', [
    id,
    event.type,
    JSON.stringify(parsed),
    audience.partnerId ?? null,
    at,
  ])
  await sql.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, id])
  const users = await sql.query<AudienceRow>('SELECT * FROM notification_audience($1, $2, $3, $4, $5)', [
    event.type,
    audience.partnerId ?? null,
    audience.partnerRoles ?? null,
    audience.roles ?? [],
    (audience.users ?? []).filter((u): u is string => !!u),
  ])
  const notified: string[] = []
  const mailTo = { internal: new Set<string>(), external: new Set<string>() }
  for (const u of users) {
    const channel = u.channel ?? defaultChannel(event as EventDefinition<unknown>, u.role)
    const internal = !isExternalRole(u.role as Role)
    if (channel === 'in_app' || channel === 'both' || channel === 'digest') {
      const d = event.describe(parsed, { internal })
      await sql.query(
        `INSERT INTO notifications (id, user_id, event_id, type, title, body, link, created_at, digest_pending)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [randomUUID(), u.user_id, id, event.type, d.title, d.body, d.link, at, channel === 'digest'],
      )
      await sql.query('SELECT pg_notify($1, $2)', [NOTIFICATIONS_CHANNEL, u.user_id])
      notified.push(u.user_id)
    }
    if (channel === 'email' || channel === 'both') mailTo[internal ? 'internal' : 'external'].add(u.email)
  }
  for (const e of audience.emails ?? []) if (e) mailTo.internal.add(e)
  const mails: Emitted['mails'] = []
  for (const [group, to] of Object.entries(mailTo)) {
    if (!to.size) continue
    const m = renderMail(ctx, event, parsed, { internal: group === 'internal' })
    await queueRendered(sql, m.template, m.mail, { to: [...to], partnerId: group === 'external' ? (audience.partnerId ?? null) : null })
    mails.push({ template: m.template, subject: m.mail.subject, to: [...to].sort() })
  }
  return { id, notified, emailed: [...new Set(mails.flatMap((m) => m.to))].sort(), mails }
}

function renderMail<P>(ctx: Pick<Ctx, 'config'>, event: EventDefinition<P>, payload: P, to: Recipient) {
  if (event.mail) return event.mail(payload, { ...to, publicUrl: ctx.config.publicUrl })
  return { template: event.type, mail: describedMail(ctx, event.describe(payload, to)) }
}

/** An email drawn from a notification's words, with a pointer to the preferences that sent it. */
export function describedMail(ctx: Pick<Ctx, 'config'>, d: Description): RenderedMail {
  const link = d.link ? appUrl(ctx, d.link) : null
  const prefs = appUrl(ctx, '/notifications/preferences')
  const text = [d.body, link ? `Open in Alliance: ${link}` : '', `Choose which emails you get: ${prefs}`].filter(Boolean).join('\n\n')
  const body = html`<p>${d.body}</p>
    ${link ? html`<p><a href="${link}">Open in Alliance</a></p>` : ''}
    <p style="color:#868e96;font-size:12px"><a href="${prefs}">Choose which emails you get</a></p>`
  return { subject: d.title, text, html: mailLayout(d.title, body) }
}
