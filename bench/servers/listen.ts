import { serve } from '@hono/node-server'

/** Serves `fetch` on an ephemeral loopback port, tells the parent the port, and shuts down when told or orphaned. */
export function listen(fetch: (req: Request) => Response | Promise<Response>, close: () => Promise<void>): void {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.send?.({ port: info.port }))
  const shutdown = async () => {
    server.close()
    await close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown())
  process.once('disconnect', () => void shutdown())
}
