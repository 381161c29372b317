import type { Logger } from 'pino'
import type { Database, Scope, Sql } from './db.ts'
import { systemActor, type Actor } from './auth/permissions.ts'
import type { Config } from './config.ts'

/** What every service function receives: the database, who acts, the clock, a logger. */
export type Ctx = {
  db: Database
  actor: Actor | null
  now: () => Date
  log: Logger
  config: Config
  requestId?: string
}

export function scopeOf(actor: Actor | null): Scope {
  if (!actor) return { userId: null, partnerId: null, internal: false }
  if (actor.via === 'system') return { userId: null, partnerId: null, internal: true }
  return { userId: actor.userId, partnerId: actor.partnerId, internal: actor.partnerId === null }
}

/** Runs `fn` in one transaction scoped to the actor's tenant (RLS reads the scope). */
export function inTx<T>(ctx: Ctx, fn: (sql: Sql) => Promise<T>): Promise<T> {
  return ctx.db.transaction(scopeOf(ctx.actor), fn)
}

/**
 * Runs a long read for the transaction `sql` on a second connection with its snapshot (committed data as
 * it sees them, not its own uncommitted changes), for the actor's tenant, where the database has one
 * (PostgreSQL); else on `sql` itself.
 */
export function readAlongside<T>(ctx: Ctx, sql: Sql, fn: (reader: Sql) => Promise<T>): Promise<T> {
  return ctx.db.readAlongside ? ctx.db.readAlongside(sql, scopeOf(ctx.actor), fn) : fn(sql)
}

/** A context for work the system does itself (seeding, imports from the CLI). */
export function systemContext(db: Database, config: Config, log: Logger, actor: Actor = systemActor): Ctx {
  return { db, actor, now: () => new Date(), log, config }
}
