import path from 'node:path'
import { z } from 'zod'

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().optional(),
  ALLIANCE_DATA_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_000_000),
  IMPORT_LIMIT_BYTES: z.coerce.number().int().positive().default(10_000_000),
  IMPORT_MAX_UNPACKED_BYTES: z.coerce.number().int().positive().default(50_000_000),
  IMPORT_MAX_ROWS: z.coerce.number().int().positive().default(100_000),
  IMPORT_MAX_CELLS: z.coerce.number().int().positive().default(2_000_000),
  IMPORT_MAX_CELL_CHARS: z.coerce.number().int().positive().default(10_000),
  IMPORT_MAX_ERRORS: z.coerce.number().int().positive().default(100),
  PUBLIC_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(32_000),
  DOCUMENT_LIMIT_BYTES: z.coerce.number().int().positive().default(10_000_000),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  DEMO_PASSWORD: z.string().min(8).default('alliance-demo'),
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:/.test(u), 'Use smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Alliance Partner Program <no-reply@alliance.example>'),
  PUBLIC_URL: z.string().url().optional(),
  DEAL_REVIEW_BUSINESS_DAYS: z.coerce.number().int().min(1).max(30).default(2),
  DEAL_PROTECTION_DAYS: z.coerce.number().int().min(1).max(730).default(90),
  DEAL_BIG_DEAL_USD: z.coerce.number().int().min(0).default(1_000_000),
  DEAL_ESCALATION_EMAIL: z.string().email().optional(),
  DEAL_VALUE_TOLERANCE_PERCENT: z.coerce.number().min(0).max(1000).default(10),
  NOTIFICATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  JOB_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
})

export type Config = {
  port: number
  host: string
  databaseUrl?: string
  dataDir: string
  logLevel: z.infer<typeof schema>['LOG_LEVEL']
  production: boolean
  bodyLimitBytes: number
  importLimitBytes: number
  /** Limits of every import, checked while the file streams in (see core/sheet-reader.ts). */
  imports: { unpackedBytes: number; rows: number; cells: number; cellChars: number; errors: number }
  /** Body limit of the public (no sign-in) routes, such as Contact Us. */
  publicBodyLimitBytes: number
  /** Largest agreement document accepted for upload. */
  documentLimitBytes: number
  sessionTtlMs: number
  seedDemo: boolean
  /** Behind a reverse proxy: take the client address and scheme from X-Forwarded-* headers. */
  trustProxy: boolean
  demoPassword: string
  /** Outgoing mail goes through this SMTP server; without it, mail waits in the outbox. */
  smtpUrl?: string
  mailFrom: string
  /** Where people reach the web UI: links in emails start with it (no trailing slash). */
  publicUrl: string
  /** Deal registration: review due within N business days; protection period; big-deal threshold (whole USD); who overdue reviews escalate to. */
  deals: {
    reviewBusinessDays: number
    protectionDays: number
    bigDealUsd: number
    escalationEmail: string | null
    /** An approved registration's value may move this much (percent of its approved value) without a new review. */
    valueTolerancePercent: number
  }
  /** In-app notifications older than this many days are deleted by a daily job. */
  notificationRetentionDays: number
  /** Outbound webhooks: private/loopback targets allowed (an administrator's setting); per-request timeout; parallel requests. */
  webhooks: { allowPrivateTargets: boolean; timeoutMs: number; concurrency: number }
  /**
   * A message being sent is leased for this long: if its server dies mid-send, another sweep sends it again once the
   * lease has run out (with the same Message-ID). The mail job's run also expires after it, so a dead server's
   * sweep does not hold up the next one for longer.
   */
  mailLeaseMs: number
  /** How often the job queue looks for runs left active by a dead server (and retries them). */
  jobMaintenanceSeconds: number
}

/** Parses the environment once; nothing else in the code reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR ?? e.ALLIANCE_DATA_DIR ?? 'data'),
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    importLimitBytes: e.IMPORT_LIMIT_BYTES,
    imports: {
      unpackedBytes: e.IMPORT_MAX_UNPACKED_BYTES,
      rows: e.IMPORT_MAX_ROWS,
      cells: e.IMPORT_MAX_CELLS,
      cellChars: e.IMPORT_MAX_CELL_CHARS,
      errors: e.IMPORT_MAX_ERRORS,
    },
    publicBodyLimitBytes: e.PUBLIC_BODY_LIMIT_BYTES,
    documentLimitBytes: e.DOCUMENT_LIMIT_BYTES,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    seedDemo: e.SEED_DEMO === 'auto',
    trustProxy: e.TRUST_PROXY === 'true',
    demoPassword: e.DEMO_PASSWORD,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    deals: {
      reviewBusinessDays: e.DEAL_REVIEW_BUSINESS_DAYS,
      protectionDays: e.DEAL_PROTECTION_DAYS,
      bigDealUsd: e.DEAL_BIG_DEAL_USD,
      escalationEmail: e.DEAL_ESCALATION_EMAIL ?? null,
      valueTolerancePercent: e.DEAL_VALUE_TOLERANCE_PERCENT,
    },
    notificationRetentionDays: e.NOTIFICATION_RETENTION_DAYS,
    webhooks: {
      allowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      concurrency: e.WEBHOOK_CONCURRENCY,
    },
    mailLeaseMs: e.MAIL_LEASE_SECONDS * 1000,
    jobMaintenanceSeconds: e.JOB_MAINTENANCE_SECONDS,
  }
}
