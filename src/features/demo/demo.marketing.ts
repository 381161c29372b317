import type { Ctx } from '../../core/context.ts'
import { createEvent, toLocal } from '../marketing/events.service.ts'

/** The virtual partner symposium a month ahead, open to every partner, with its agenda (times in Chicago). */
export async function seedDemoEvents(ctx: Ctx) {
  const day = toLocal(new Date(ctx.now().getTime() + 30 * 86_400_000), 'America/Chicago').slice(0, 10)
  await createEvent(ctx, {
    kind: 'program',
    title: 'Virtual Partner Symposium',
    description: 'The program year ahead: presentations from the alliance team and partners, then questions and answers.',
    format: 'virtual',
    startsAt: `${day}T10:00`,
    endsAt: `${day}T12:00`,
    timeZone: 'America/Chicago',
    capacity: 200,
    audience: { tiers: [], partnerTypes: [], countries: [], partnerIds: [] },
    sessions: [
      {
        kind: 'presentation',
        title: 'The program year ahead',
        startsAt: `${day}T10:00`,
        endsAt: `${day}T10:45`,
        speakers: [{ name: 'Morgan Alliances', title: 'Global Partner Alliances' }],
      },
      {
        kind: 'presentation',
        title: 'Joint go-to-market that worked',
        startsAt: `${day}T10:45`,
        endsAt: `${day}T11:30`,
        speakers: [{ name: 'Partner panel' }],
      },
      { kind: 'qa', title: 'Questions and answers', startsAt: `${day}T11:30`, endsAt: `${day}T12:00`, speakers: [] },
    ],
  })
}
