import type { Config } from './config.ts'
import { openPglite, openPostgres, type Database } from './db.ts'
import { migrate } from './migrate.ts'

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else embedded) and migrates it. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(config.dataDir)
  try {
    await migrate(db)
  } catch (e) {
    await db.close()
    throw e
  }
  return db
}

export const describeDatabase = (config: Pick<Config, 'databaseUrl' | 'dataDir'>): string =>
  config.databaseUrl
    ? `PostgreSQL at ${new URL(config.databaseUrl).host}${new URL(config.databaseUrl).pathname}`
    : `embedded PostgreSQL in ${config.dataDir}`
