import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import type { Config } from '../core/config.ts'
import { createLogger } from '../core/logger.ts'
import { describeDatabase, durabilityNote, openDatabase } from '../core/open.ts'
import { seedDemoIfEmpty } from '../features/demo/demo.seed.ts'
import { startJobs } from '../core/jobs.ts'
import { createApp } from './app.ts'
import { jobs } from './jobs.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** Builds the web UI once when it is missing, so `npm start` works from a fresh clone. */
function ensureWebBuilt(log: ReturnType<typeof createLogger>) {
  if (fs.existsSync(path.join(root, 'dist/web/index.html'))) return
  log.info('building the web UI (first start only)…')
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(root, 'vite.config.ts')],
    {
      cwd: root,
      stdio: 'inherit',
    },
  )
}

export async function startServer(config: Config) {
  const log = createLogger(config)
  ensureWebBuilt(log)
  const db = await openDatabase(config)
  const seeded = config.seedDemo ? await seedDemoIfEmpty(db, config.demoPassword) : null
  const app = createApp({ db, config, log })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host })
  // Behind a load balancer, an idle connection must be closed by the balancer, not the server (whose close can cross
  // a request the balancer is sending on it): longer than the usual 60 s idle timeout of balancers.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000
    server.headersTimeout = 66_000
  }
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://localhost:${port}`
  console.log(`\nAlliance is running at ${url}  (API docs: ${url}/api/docs)`)
  console.log(`Database: ${describeDatabase(config)}`)
  const note = durabilityNote(config)
  if (note) console.log(`Warning: ${note}`)
  if (seeded) console.log(`Demo data loaded. Sign in as ${seeded.adminEmail} with password "${config.demoPassword}"`)
  else console.log(`Demo admin (when demo data was seeded): admin@alliance.example / "${config.demoPassword}"`)
  // Jobs start once requests are served: background work never delays the server being ready.
  const runner = await startJobs({ db, config, log }, jobs)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down: no new connections, finishing requests in flight')
    // close() stops accepting and resolves once in-flight requests have finished.
    await new Promise<void>((resolve) => server.close(() => resolve()))
    // Jobs finish their work in flight before the database they write to closes.
    await runner.stop()
    await db.close()
    log.info('stopped; database closed and data directory released')
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop('SIGTERM'))
  process.once('SIGINT', () => void stop('SIGINT'))
  return { server, port, db, jobs: runner }
}
