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
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  DEMO_PASSWORD: z.string().min(8).default('alliance-demo'),
  DEAL_REVIEW_BUSINESS_DAYS: z.coerce.number().int().min(1).max(30).default(2),
  DEAL_PROTECTION_DAYS: z.coerce.number().int().min(1).max(730).default(90),
  DEAL_BIG_DEAL_USD: z.coerce.number().int().min(0).default(1_000_000),
  DEAL_ESCALATION_EMAIL: z.string().email().optional(),
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
  sessionTtlMs: number
  seedDemo: boolean
  /** Behind a reverse proxy: take the client address and scheme from X-Forwarded-* headers. */
  trustProxy: boolean
  demoPassword: string
  /** Deal registration: review due within N business days; protection period; big-deal threshold (whole USD); who overdue reviews escalate to. */
  deals: { reviewBusinessDays: number; protectionDays: number; bigDealUsd: number; escalationEmail: string | null }
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
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    seedDemo: e.SEED_DEMO === 'auto',
    trustProxy: e.TRUST_PROXY === 'true',
    demoPassword: e.DEMO_PASSWORD,
    deals: {
      reviewBusinessDays: e.DEAL_REVIEW_BUSINESS_DAYS,
      protectionDays: e.DEAL_PROTECTION_DAYS,
      bigDealUsd: e.DEAL_BIG_DEAL_USD,
      escalationEmail: e.DEAL_ESCALATION_EMAIL ?? null,
    },
  }
}
