import type { Command } from 'commander'
import { withContext } from '../../cli/runtime.ts'
import { AppError } from '../../core/errors.ts'
import { listFailedDeliveries, listWebhooks, redeliver } from './webhooks.service.ts'

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n))
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// The command line acts as the system (an administrator): every subscription, every company's.
export function webhooksCommands(program: Command) {
  const group = program.command('webhooks').description('Outbound webhook subscriptions and their deliveries')
  group
    .command('list')
    .description('List every webhook subscription, then the deliveries that ran out of retries (to redeliver)')
    .action(async () => {
      const [subs, failed] = await withContext(async (ctx) => [(await listWebhooks(ctx)).items, await listFailedDeliveries(ctx)] as const)
      if (!subs.length) return console.log('No webhook subscriptions.')
      console.log(`${pad('ID', 37)} ${pad('STATE', 9)} ${pad('COMPANY', 24)} ${pad('URL', 48)} EVENTS`)
      for (const s of subs) {
        const state = !s.enabled ? 'disabled' : s.status
        console.log(`${pad(s.id, 37)} ${pad(state, 9)} ${pad(s.partner ?? '(all: admin)', 24)} ${pad(s.url, 48)} ${s.events.join(',')}`)
      }
      console.log(`${subs.length} subscription${subs.length === 1 ? '' : 's'}.`)
      if (!failed.length) return
      console.log(`\nFailed deliveries (alliance webhooks redeliver DELIVERY_ID):`)
      console.log(`${pad('DELIVERY_ID', 37)} ${pad('EVENT', 26)} ${pad('ATTEMPTS', 9)} ${pad('URL', 40)} LAST ERROR`)
      for (const d of failed)
        console.log(`${pad(d.id, 37)} ${pad(d.eventType, 26)} ${pad(String(d.attempts), 9)} ${pad(d.url, 40)} ${d.lastError ?? ''}`)
    })
  group
    .command('redeliver')
    .description('Send a delivery again: the same webhook-id and body, a new round of retries (a running server sends it at once)')
    .argument('<delivery-id>', 'the delivery id (webhook-id header), from `webhooks list` or the delivery log')
    .action(async (id: string) => {
      if (!UUID.test(id))
        throw new AppError('VALIDATION_FAILED', 'Invalid arguments', {
          errors: [{ path: 'DELIVERY_ID', message: 'A delivery id (a UUID)' }],
        })
      const d = await withContext((ctx) => redeliver(ctx, id))
      console.log(`Delivery ${d.id} (${d.eventType}) queued again; a running server sends it within a minute.`)
    })
}
