import type { Ctx } from '../../core/context.ts'
import { systemScope } from '../../core/db.ts'
import { html } from '../../core/html.ts'
import { appUrl, mailLayout, queueRendered } from '../../core/mail.ts'

/** Deletes notifications (and events whose webhook deliveries are made) older than the retention period. */
export async function pruneNotifications(ctx: Ctx): Promise<{ notifications: number; events: number }> {
  const before = new Date(ctx.now().getTime() - ctx.config.notificationRetentionDays * 86_400_000)
  return ctx.db.transaction(systemScope, async (sql) => {
    const n = await sql.query('DELETE FROM notifications WHERE created_at < $1 RETURNING 1', [before])
    const e = await sql.query('DELETE FROM events WHERE created_at < $1 AND dispatched_at IS NOT NULL RETURNING 1', [before])
    return { notifications: n.length, events: e.length }
  })
}

type Pending = { id: string; user_id: string; email: string; title: string; body: string; link: string | null }

/** One email per user with every notification waiting for their daily digest; each is in one digest only. */
export async function sendDigests(ctx: Ctx): Promise<{ users: number; notifications: number }> {
  return ctx.db.transaction(systemScope, async (sql) => {
    const pending = await sql.query<Pending>(
      `UPDATE notifications n SET digest_pending = false FROM users u
       WHERE n.digest_pending AND u.id = n.user_id AND u.status = 'active'
       RETURNING n.id, n.user_id, u.email::text AS email, n.title, n.body, n.link`,
    )
    const byUser = new Map<string, Pending[]>()
    for (const p of pending) byUser.set(p.email, [...(byUser.get(p.email) ?? []), p])
    for (const [email, items] of byUser) {
      const subject = `Your Alliance digest: ${items.length} notification${items.length === 1 ? '' : 's'}`
      const line = (p: Pending) => `${p.title}: ${p.body}${p.link ? ` ${appUrl(ctx, p.link)}` : ''}`
      const prefs = appUrl(ctx, '/notifications/preferences')
      const body = html`<ul>
          ${items.map((p) => html`<li><b>${p.title}</b>: ${p.body} ${p.link ? html`<a href="${appUrl(ctx, p.link)}">Open</a>` : ''}</li>`)}
        </ul>
        <p style="color:#868e96;font-size:12px"><a href="${prefs}">Choose which emails you get</a></p>`
      await queueRendered(
        sql,
        'notification-digest',
        { subject, text: [...items.map(line), `Choose which emails you get: ${prefs}`].join('\n\n'), html: mailLayout(subject, body) },
        { to: [email] },
      )
    }
    return { users: byUser.size, notifications: pending.length }
  })
}
