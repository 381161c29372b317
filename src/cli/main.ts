import { Command, CommanderError } from 'commander'
import { verifyAuditChain } from '../core/audit.ts'
import { backup, restore } from '../core/backup.ts'
import { loadConfig } from '../core/config.ts'
import { openPglite, openPostgres } from '../core/db.ts'
import { AppError } from '../core/errors.ts'
import { migrate } from '../core/migrate.ts'
import { migrateFilesToDatabase } from '../core/storage.ts'
import { dealsCommands } from '../features/deals/deals.cli.ts'
import { DEMO_ADMIN_EMAIL, seedDemo } from '../features/demo/demo.seed.ts'
import { agreementsCommands } from '../features/agreements/agreements.cli.ts'
import { safetyCommands } from '../features/safety/safety.cli.ts'
import { fundsCommands } from '../features/funds/funds.cli.ts'
import { deliveryCommands } from '../features/delivery/delivery.cli.ts'
import { eventsCommands } from '../features/marketing/marketing.cli.ts'
import { identityCommands } from '../features/identity/identity.cli.ts'
import { inquiriesCommands } from '../features/inquiries/inquiries.cli.ts'
import { mailCommands } from '../features/mail/mail.cli.ts'
import { onboardingCommands } from '../features/onboarding/onboarding.cli.ts'
import { partnersCommands } from '../features/partners/partners.cli.ts'
import { metricsCommands } from '../features/program/metrics.cli.ts'
import { reviewsCommands } from '../features/reviews/reviews.cli.ts'
import { webhooksCommands } from '../features/webhooks/webhooks.cli.ts'
import { startServer } from '../server/main.ts'
import { withContext } from './runtime.ts'
import { oneRow } from '../core/db-rows.ts'

const program = new Command('alliance').description('Alliance partner relationship management').showHelpAfterError()

program
  .command('serve')
  .description('Start the web UI and API (migrates the database and seeds demo data on first start)')
  .action(async () => {
    await startServer(loadConfig())
  })

const db = program.command('db').description('Database maintenance')
db.command('migrate')
  .description('Apply pending migrations')
  .action(async () => {
    const config = loadConfig()
    const database = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(config.dataDir)
    try {
      const applied = await migrate(database)
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Up to date.')
    } finally {
      await database.close()
    }
  })
db.command('seed')
  .description('Load data sets')
  .option('--demo', 'the demo data set: about 40 partners and one user per role')
  .action(async (o: { demo?: boolean }) => {
    if (!o.demo) throw new AppError('BAD_REQUEST', 'Say which data set to load: --demo')
    const config = loadConfig()
    const r = await withContext(async (ctx) => {
      const present = await ctx.db.lookup<{ n: number }>('SELECT count(*)::int AS n FROM auth_user_by_email($1)', [DEMO_ADMIN_EMAIL])
      if (oneRow(present, 'Count').n > 0) throw new AppError('CONFLICT', 'The demo data is already loaded in this database')
      return seedDemo(ctx.db, config.demoPassword)
    })
    console.log(`Seeded ${r.partners} partners and ${r.users} users. Sign in as ${r.adminEmail} / "${config.demoPassword}".`)
  })

db.command('backup')
  .description('Back up the database (PGlite: its data directory dump; PostgreSQL: pg_dump) and every stored document to FILE (.tar.gz)')
  .argument('<file>', 'where to write the backup')
  .action(async (file: string) => {
    const m = await backup(loadConfig(), file)
    console.log(
      `Backed up ${Object.keys(m.tables).length} tables and ${m.files.length} documents to ${file} (audit chain head ${m.auditHead.slice(0, 12) || 'empty'}).`,
    )
  })
db.command('restore')
  .description('Restore a backup made by "db backup" into the configured database and data directory (stop the server first)')
  .argument('<file>', 'the backup to restore')
  .option('--force', 'replace a database that already holds data')
  .action(async (file: string, o: { force?: boolean }) => {
    const r = await restore(loadConfig(), file, { force: o.force })
    console.log(
      `Restored ${r.tables} tables and ${r.files} documents from ${file}; every table's checksum and the audit chain head (${r.auditHead.slice(0, 12) || 'empty'}) equal the backup's.`,
    )
  })

const files = program.command('files').description('Stored documents')
files
  .command('migrate')
  .description('Move the documents under DATA_DIR/files into the PostgreSQL database (each checked by its SHA-256; run again safely)')
  .action(async () => {
    const config = loadConfig()
    if (!config.databaseUrl)
      throw new AppError(
        'BAD_REQUEST',
        'The embedded database keeps documents under DATA_DIR/files; set DATABASE_URL to move them into PostgreSQL',
      )
    const database = await openPostgres(config.databaseUrl)
    try {
      await migrate(database)
      const r = await migrateFilesToDatabase(config, database)
      console.log(
        `Found ${r.found} documents under ${config.dataDir}/files: ${r.moved} moved into the database, ${r.alreadyThere} already there, ${r.refused.length} refused.`,
      )
      for (const f of r.refused) console.error(`  ${f.file}: ${f.reason}`)
      if (r.refused.length) process.exitCode = 1
    } finally {
      await database.close()
    }
  })

identityCommands(program)
partnersCommands(program)
metricsCommands(program)
reviewsCommands(program)
mailCommands(program)
inquiriesCommands(program)
onboardingCommands(program)
agreementsCommands(program)
safetyCommands(program)
deliveryCommands(program)
dealsCommands(program)
webhooksCommands(program)
fundsCommands(program)
eventsCommands(program)

const audit = program.command('audit').description('The audit log')
audit
  .command('verify')
  .description('Recompute the hash chain; exits 1 at the first broken link')
  .action(async () => {
    const r = await withContext((ctx) => verifyAuditChain(ctx.db))
    if (r.ok) console.log(`Audit chain intact: ${r.rows} rows verified.`)
    else {
      console.error(`Audit chain BROKEN at row ${r.brokenAt}: ${r.reason} (${r.rows} rows before it verified).`)
      process.exitCode = 1
    }
  })

program.exitOverride()
try {
  await program.parseAsync(process.argv)
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode)
  if (e instanceof AppError) {
    console.error(`Error: ${e.message}`)
    for (const fe of (e.details.errors ?? []) as { path: string; message: string; row?: number }[])
      console.error(`  ${fe.row !== undefined ? `row ${fe.row}, ` : ''}${fe.path || '(file)'}: ${fe.message}`)
  } else console.error(`Error: ${(e as Error).message}`)
  process.exit(1)
}
