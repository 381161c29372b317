import type { Sql } from './db.ts'

/** Tables whose rows change on reads or failed sign-ins by design; left out of "nothing changed" checks. */
export const VOLATILE_TABLES = ['sessions', 'login_failures']

/** The application's own tables (the public schema), by name. */
export async function appTables(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
  return rows.map((r) => r.name)
}

/**
 * One md5 per table over all its rows in a stable order (each row as its text form), so two databases, or
 * one database before and after something, can be compared table by table.
 */
export async function tableChecksums(sql: Sql, opts: { exclude?: string[] } = {}): Promise<Record<string, string>> {
  const names = (await appTables(sql)).filter((n) => !opts.exclude?.includes(n))
  if (!names.length) return {}
  // One statement for all tables: one round trip (and on PostgreSQL's owner connection, one connection).
  const rows = await sql.query<{ name: string; n: string; sum: string | null }>(
    names
      .map((n) => `SELECT '${n}' AS name, count(*)::text AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS sum FROM "${n}" t`)
      .join(' UNION ALL '),
  )
  const out: Record<string, string> = {}
  for (const name of names) {
    const r = rows.find((x) => x.name === name)
    out[name] = `${r?.n ?? 0}:${r?.sum ?? ''}`
  }
  return out
}

/** The hash at the head of the audit chain ('' when the log is empty). */
export async function auditHead(sql: Sql): Promise<string> {
  const rows = await sql.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')
  return rows[0]?.hash ?? ''
}
