import { PGlite } from '@electric-sql/pglite'
import { citext } from '@electric-sql/pglite/contrib/citext'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import pg from 'pg'
import { lockDataDir } from './lock.ts'
import { oneRow } from './db-rows.ts'

export type Row = Record<string, unknown>

/** Anything that runs SQL with positional parameters. */
export interface Sql {
  query<T = Row>(text: string, params?: unknown[]): Promise<T[]>
}

/** Who a transaction runs for; row-level security reads these settings. */
export type Scope = { userId: string | null; partnerId: string | null; internal: boolean }

export const systemScope: Scope = { userId: null, partnerId: null, internal: true }

export interface Database {
  readonly kind: 'pglite' | 'postgres'
  /** One statement as the application role with no tenant set (no tenant rows visible): lookups by secret. */
  lookup<T = Row>(text: string, params?: unknown[]): Promise<T[]>
  /** Runs `fn` in one transaction as the application role, scoped to `scope`. */
  transaction<T>(scope: Scope, fn: (sql: Sql) => Promise<T>): Promise<T>
  /** The owner connection: migrations and maintenance only, never request handling. */
  readonly owner: Owner
  close(): Promise<void>
  /** Embedded only: the whole data directory as a tarball (test templates, backups). */
  dump?(): Promise<Blob>
  /** The connection pg-boss runs its own schema through (as the owner: job tables are infrastructure, not tenant data). */
  readonly jobsSql: JobsSql
  /**
   * Runs `fn` on a second connection, read-only, with the snapshot the transaction of `sql` has now (an
   * exported snapshot: committed data as that transaction sees it, without its own uncommitted changes),
   * so a long read runs beside that transaction's writes. PostgreSQL only: the embedded database has one
   * connection and has no such reader.
   */
  readAlongside?<T>(sql: Sql, scope: Scope, fn: (reader: Sql) => Promise<T>): Promise<T>
  /** Calls `fn` for each NOTIFY on `channel` (delivered only once the notifying transaction commits); returns the unsubscribe. */
  listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>
}

/** The `db` adapter pg-boss accepts: one statement with parameters, or a script without. */
export interface JobsSql {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Row[] }>
}

/** The owner connection also runs multi-statement scripts (migrations). */
export interface Owner extends Sql {
  exec(script: string): Promise<void>
}

export const APP_ROLE = 'alliance_app'
const noTenant: Scope = { userId: null, partnerId: null, internal: false }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function scopeSettings(scope: Scope): string {
  // Values are checked uuids or constants, so inlining them is safe and saves a round trip.
  for (const id of [scope.userId, scope.partnerId]) if (id !== null && !UUID.test(id)) throw new Error('Invalid scope id')
  return (
    `SELECT set_config('app.internal', '${scope.internal ? 'on' : 'off'}', true),` +
    ` set_config('app.partner_id', '${scope.partnerId ?? ''}', true),` +
    ` set_config('app.user_id', '${scope.userId ?? ''}', true)`
  )
}

/** Extensions every opener must load, in one place: PGlite refuses writes otherwise. */
const pgliteExtensions = { pg_trgm, citext }

export async function openPglite(dataDir: string | null, opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  const release = dataDir ? lockDataDir(dataDir) : () => {}
  let db: PGlite
  try {
    db = await PGlite.create({ dataDir: dataDir ?? undefined, extensions: pgliteExtensions, loadDataDir: opts.loadDataDir })
  } catch (e) {
    release()
    throw e
  }
  const owner: Owner = {
    query: async (text, params) => (await db.query(text, params)).rows as never,
    exec: async (script) => {
      await db.exec(script)
    },
  }
  const transaction: Database['transaction'] = (scope, fn) =>
    db.transaction(async (tx) => {
      await tx.query(`SET LOCAL ROLE ${APP_ROLE}`)
      await tx.query(scopeSettings(scope))
      return fn({ query: async (text, params) => (await tx.query(text, params)).rows as never })
    })
  const jobsSql: JobsSql = {
    // Scripts (pg-boss creating or migrating its schema) have several statements, which only exec runs.
    executeSql: async (text, values) => {
      if (values?.length) return { rows: (await db.query<Row>(text, values)).rows }
      const results = await db.exec(text)
      return { rows: results.at(-1)?.rows ?? [] }
    },
  }
  const listen = (channel: string, fn: (payload: string) => void) => db.listen(channel, fn).then((off) => () => off())
  return {
    kind: 'pglite',
    owner,
    jobsSql,
    listen,
    lookup: (text, params) => transaction(noTenant, (sql) => sql.query(text, params)),
    transaction,
    dump: async () => db.dumpDataDir('none'),
    close: async () => {
      try {
        await db.close()
      } finally {
        release()
      }
    },
  }
}

/**
 * Parameterised statements run as named prepared statements, so each connection parses and plans a
 * statement once. Names are per statement text; past a bound (texts built with literal values would
 * otherwise grow without end) statements run unnamed.
 */
function preparedStatements(limit = 2000) {
  const names = new Map<string, string>()
  return (text: string, values?: unknown[]): pg.QueryConfig => {
    if (!values?.length) return { text, values }
    let name = names.get(text)
    if (!name && names.size < limit) names.set(text, (name = `alliance_${names.size}`))
    return { name, text, values }
  }
}

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Database> {
  const statement = preparedStatements()
  // Pool connections start as the application role, which neither owns tables nor bypasses RLS.
  const pool = dropsLostConnections(new pg.Pool({ connectionString: url, max: opts.max ?? 20, options: `-c role=${APP_ROLE}` }))
  const withClient = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url })
    // A connection lost mid-statement fails that statement; the event would otherwise crash the process.
    client.on('error', () => {})
    await client.connect()
    try {
      return await fn(client)
    } finally {
      await client.end()
    }
  }
  const owner: Owner = {
    query: (text, params) => withClient(async (c) => (await c.query(text, params as unknown[])).rows),
    exec: (script) => withClient(async (c) => void (await c.query(script))),
  }
  // pg-boss polls, so it gets a small pool of its own as the owner; created only when jobs run.
  let jobsPool: pg.Pool | null = null
  const jobsSql: JobsSql = {
    executeSql: async (text, values) => {
      jobsPool ??= dropsLostConnections(new pg.Pool({ connectionString: url, max: 3, application_name: 'alliance-jobs' }))
      return { rows: (await jobsPool.query(text, values as unknown[])).rows }
    },
  }
  const listeners = new Set<{ stop(): Promise<void> }>()
  const listen = async (channel: string, fn: (payload: string) => void) => {
    const listener = await listenWithReconnect(url, channel, fn)
    listeners.add(listener)
    return async () => {
      listeners.delete(listener)
      await listener.stop()
    }
  }
  return {
    kind: 'postgres',
    owner,
    jobsSql,
    listen,
    // Tenant settings are transaction-local, so a lone statement runs with none.
    lookup: async (text, params) => (await pool.query(statement(text, params as unknown[]))).rows,
    transaction: async (scope, fn) => {
      const client = await pool.connect()
      try {
        // Request transactions run as the application role, which neither owns tables nor bypasses RLS.
        await client.query(`BEGIN; SET LOCAL ROLE ${APP_ROLE}; ${scopeSettings(scope)}`)
        const result = await fn({ query: async (text, params) => (await client.query(statement(text, params as unknown[]))).rows })
        await client.query('COMMIT')
        return result
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {})
        throw e
      } finally {
        client.release()
      }
    },
    readAlongside: async (sql, scope, fn) => {
      const { snapshot } = oneRow(await sql.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot'), 'Snapshot')

      if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error('Unexpected snapshot id')
      const client = await pool.connect()
      try {
        await client.query(
          `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '${snapshot}'; SET LOCAL ROLE ${APP_ROLE}; ${scopeSettings(scope)}`,
        )
        return await fn({ query: async (text, params) => (await client.query(statement(text, params as unknown[]))).rows })
      } finally {
        await client.query('ROLLBACK').catch(() => {})
        client.release()
      }
    },
    close: async () => {
      await Promise.all([...listeners].map((l) => l.stop()))
      listeners.clear()
      await jobsPool?.end()
      await pool.end()
    },
  }
}

/**
 * An idle pooled connection the server closes (a restart, a terminated backend) leaves the pool and the
 * next query opens a new one; without a listener its error event would crash the process.
 */
function dropsLostConnections(pool: pg.Pool): pg.Pool {
  pool.on('error', () => {})
  return pool
}

/**
 * LISTENs on its own connection and, when the server drops that connection, listens again on a new
 * one (backing off up to 30 s). Notifications sent while it was down are lost; every listening job
 * also runs on a schedule, which picks up what they announced.
 */
async function listenWithReconnect(url: string, channel: string, fn: (payload: string) => void) {
  let client: pg.Client | null = null
  let stopped = false
  let retry: NodeJS.Timeout | undefined
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: 'alliance-listen' })
    c.on('error', () => {})
    c.on('notification', (n) => n.channel === channel && fn(n.payload ?? ''))
    c.on('end', () => {
      if (client === c && !stopped) reconnect(1000)
    })
    try {
      await c.connect()
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
    } catch (e) {
      await c.end().catch(() => {})
      throw e
    }
    client = c
    if (stopped) await c.end()
  }
  const reconnect = (delay: number) => {
    client = null
    retry = setTimeout(() => {
      connect().catch(() => !stopped && reconnect(Math.min(delay * 2, 30_000)))
    }, delay)
  }
  await connect()
  return {
    stop: async () => {
      stopped = true
      clearTimeout(retry)
      await client?.end()
    },
  }
}
