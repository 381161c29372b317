// The real application: session cookie, permission check, tenant-scoped transaction, RLS, request log.
import { loadConfig } from '../../src/core/config.ts'
import { openPostgres } from '../../src/core/db.ts'
import { createLogger } from '../../src/core/logger.ts'
import { createApp } from '../../src/server/app.ts'
import { listen } from './listen.ts'

// Production settings: JSON request logs at info level (the parent discards this process's stdout).
const config = loadConfig({ DATABASE_URL: process.env.BENCH_TARGET_URL, NODE_ENV: 'production', LOG_LEVEL: 'info' })
const db = await openPostgres(config.databaseUrl!)
listen(createApp({ db, config, log: createLogger(config) }).fetch, () => db.close())
