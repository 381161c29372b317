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

/**
 * What the configured database can lose, said on start rather than hidden (docs/reliability.md). PGlite runs
 * PostgreSQL with fsync off, and its Node file system has no fsync at all: each write reaches the operating system
 * before the request is answered (so a killed or crashed process loses nothing), but nothing forces it onto the disk.
 */
export const durabilityNote = (config: Pick<Config, 'databaseUrl'>): string | null =>
  config.databaseUrl
    ? null
    : 'The embedded database never flushes to disk (no fsync): it keeps every answered write when the server process is killed or crashes, ' +
      'but a power loss or operating-system crash can lose the writes of the last half minute or so and damage the data directory. ' +
      'For data you cannot re-enter, run on PostgreSQL (DATABASE_URL) and back up with "alliance db backup".'
