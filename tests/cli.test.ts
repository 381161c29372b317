import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openPglite } from '../src/core/db.ts'
import { startSmtpSink } from './setup/smtp.ts'
import { makePartner, makeUser } from './factories/index.ts'
import { seedOpenPo } from './factories/delivery.ts'
import { parseInvoiceCxml } from '../src/features/delivery/cxml.ts'

// The CLI and server run as real processes on an embedded data directory of their own.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-cli-'))
const dataDir = path.join(dir, 'data')
const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' } as Record<string, string>
delete env.DATABASE_URL
const bin = path.resolve('bin/alliance.js')
const cli = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [bin, ...args], { env, input, encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}
const file = (name: string, text: string) => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, text)
  return p
}
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('alliance CLI', { timeout: 240_000 }, () => {
  it('documents every command', () => {
    const help = cli(['--help'])
    expect(help.code).toBe(0)
    for (const c of ['serve', 'db', 'user', 'partners', 'audit', 'onboarding', 'agreements', 'webhooks']) expect(help.out).toContain(c)
    expect(cli(['partners', 'import', '--help']).out).toContain('nothing')
    expect(cli(['no-such-command']).code).not.toBe(0)
  })

  it('migrates, creates a user from a password on stdin, and refuses a short one', () => {
    expect(cli(['db', 'migrate']).out).toMatch(/Applied: 0001_foundation.sql|Up to date/)
    const ok = cli(['user', 'create', '--email', 'ops@example.com', '--name', 'Ops', '--role', 'partner_ops'], 'a long password\n')
    expect(ok.code).toBe(0)
    expect(ok.out).toContain('Created partner_ops ops@example.com')
    const bad = cli(['user', 'create', '--email', 'x@example.com', '--name', 'X', '--role', 'wizard'], 'short\n')
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/role/)
    expect(bad.err).toMatch(/password/)
  })

  it("imports an event's attendance: refuses a bad event id, an unknown event and a file that is not CSV or XLSX", () => {
    const csv = file('participants.csv', 'User Email,Duration (Minutes)\nsomeone@example.com,30\n')
    expect(cli(['events', 'attendance', 'import', '--help']).out).toContain('nothing is recorded')
    const badId = cli(['events', 'attendance', 'import', 'symposium', csv])
    expect(badId.code).toBe(1)
    expect(badId.err).toMatch(/EVENT/)
    const unknown = cli(['events', 'attendance', 'import', '00000000-0000-4000-8000-000000000000', csv])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(/Event not found/)
    const notSheet = cli(['events', 'attendance', 'import', '00000000-0000-4000-8000-000000000000', file('p.txt', 'x')])
    expect(notSheet.code).toBe(1)
    expect(notSheet.err).toMatch(/\.csv or \.xlsx/)
  })

  it('lists safety gaps and expiring evidence on an empty database, and reports every bad row of a provider export', () => {
    const gaps = cli(['safety', 'gaps'])
    expect(gaps).toMatchObject({ code: 0, out: 'No open safety gaps.\n' })
    const expiring = cli(['safety', 'expiring', '--days', '30'])
    expect(expiring).toMatchObject({ code: 0, out: 'No safety evidence expires within 30 days.\n' })
    expect(cli(['safety', 'expiring', '--days', 'soon']).code).not.toBe(0)
    const bad = cli(['safety', 'import', file('isn.csv', 'ISN ID,Company Name,Subscription Status\nISN-1,Nobody Ltd,Active\n')])
    expect(bad.code).not.toBe(0)
    expect(bad.err).toContain('No partner matches this account id, domain or name')
  })

  it('imports nothing from a file with a bad row, and everything from a good one', () => {
    const bad = cli(['partners', 'import', file('bad.csv', 'legalName,type,headquartersCountry\nGood Co,oem,US\nBad Co,oem,XX\n')])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('row 3, headquartersCountry')
    const good = cli(['partners', 'import', file('good.csv', 'legalName,type,headquartersCountry\nGood Co,oem,US\nFine Co,service,CA\n')])
    expect(good.code).toBe(0)
    expect(good.out).toContain('Imported 2 partners')
    const out = path.join(dir, 'out.csv')
    expect(cli(['partners', 'export', out, '--country', 'CA']).code).toBe(0)
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('Fine Co,service,CA')
    expect(cli(['partners', 'export', path.join(dir, 'out.txt')]).code).toBe(1)
    const metricsHeader =
      'partner,year,quarter,revenue,activeCustomers,pipeline,jointInvestments,rebates,marketingFunding,fundedResourcesAmount,fundedResourcesFtes,executiveSponsor,gtmCategories'
    const metrics = cli(['metrics', 'import', file('m.csv', `${metricsHeader}\nFine Co,2026,1,1000.00,3,5000.00,0,0,0,0,0,no,Cloud\n`)])
    expect(metrics.out).toContain('Imported 1 quarters')
  })

  it('loads the demo data once, and says so when it is already there', () => {
    const first = cli(['db', 'seed', '--demo'])
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/Seeded \d+ partners/)
    const again = cli(['db', 'seed', '--demo'])
    expect(again.code).toBe(1)
    expect(again.err).toContain('already loaded')
  })

  it('lists inquiries, and sends the pending mail only when SMTP is configured', async () => {
    const list = cli(['inquiries', 'list', '--open'])
    expect(list.code).toBe(0)
    expect(list.out).toMatch(/^REFERENCE\s+STATUS\s+COMPANY/)
    expect(list.out).toMatch(/INQ-\w{4}-\w{4}\s+in_review\s+Nordwind Systeme GmbH\s+DE/)
    expect(list.out).not.toContain('Bluth Company')
    expect(cli(['inquiries', 'list', '--status', 'declined']).out).toContain('Bluth Company')
    expect(cli(['inquiries', 'list', '--country', 'XX']).err).toContain('--country')

    const without = cli(['mail', 'send-pending'])
    expect(without.code).toBe(1)
    expect(without.err).toMatch(/SMTP_URL is not set: nothing can be sent; \d+ message\(s\) wait in the outbox/)
    // The sink lives in this process, so the command runs without blocking it.
    const sink = await startSmtpSink()
    try {
      const sent = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(process.execPath, [bin, 'mail', 'send-pending'], { env: { ...env, SMTP_URL: sink.url } })
        let out = ''
        p.stdout.on('data', (d) => (out += d))
        p.on('exit', (code) => resolve({ code, out }))
      })
      expect(sent.code).toBe(0)
      expect(sent.out).toMatch(/^Sent (\d+); 0 failed and will be retried; 0 failed for good\./)
      expect(Number(sent.out.match(/^Sent (\d+)/)![1])).toBe(sink.received.length)
      expect(sink.received.map((m) => m.to[0])).toContain('greta@nordwind.example')
    } finally {
      await sink.close()
    }
  })

  it('runs the annual review, and a second run changes nothing', () => {
    const first = cli(['program', 'review', '--year', '2026'])
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/of 2026 \(annual, holistic rule\): (\d+) partners evaluated, \1 recommendations written/)
    expect(cli(['program', 'review', '--year', '2026']).out).toContain(', 0 recommendations written or changed')
    expect(cli(['program', 'review', '--year', '2026', '--rule', 'loose']).err).toContain('--rule')
    expect(cli(['program', 'review', '--year', '2026', '--partners', 'not-an-id']).err).toContain('--partners')
  })

  it('lists onboarding cases and agreements expiring within N days (the demo data has both)', () => {
    const cases = cli(['onboarding', 'list'])
    expect(cases.code).toBe(0)
    expect(cases.out).toMatch(/Lakeshore Power Systems\s+deal\/potc\s+requested/)
    expect(cases.out).toMatch(/Fourth Coffee Devices Inc\.\s+sponsor\/reseller in_progress .*Gina Park \(GPS\)\s+2\/7/)
    expect(cli(['onboarding', 'list', '--status', 'completed']).out).toContain('No onboarding cases.')
    expect(cli(['onboarding', 'list', '--status', 'done']).err).toContain('--status')
    const expiring = cli(['agreements', 'expiring', '--days', '90'])
    expect(expiring.code).toBe(0)
    const rows = expiring.out.trim().split('\n')
    expect(rows[1]).toMatch(/^\d{4}-\d{2}-\d{2}\s+25\s+Initech Software LLC\s+Joint investment MOU 2026/)
    expect(rows[2]).toMatch(/\s60\s+ACME Corporation Inc\.\s+Reseller agreement\s+US,CA,GB/)
    expect(rows.at(-1)).toBe('2 agreements expiring within 90 days.')
    expect(cli(['agreements', 'expiring', '--days', '30']).out).toContain('1 agreement expiring within 30 days.')
    const bad = cli(['agreements', 'expiring', '--days', 'soon'])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('--days: A whole number of days')
  })

  it('runs the deal jobs by hand: the demo registrations expire and escalate as of a later day, once', () => {
    expect(cli(['deals', 'expire']).out).toContain('Expired 0 registrations.')
    expect(cli(['deals', 'expire', '--at', '2030-01-01']).out).toContain('Expired 1 registration.')
    // Three demo registrations are under review; the fourth waits for its partner's answer.
    expect(cli(['deals', 'escalate', '--at', '2030-01-01']).out).toContain('Escalated 3 overdue reviews.')
    expect(cli(['deals', 'escalate', '--at', '2030-01-02']).out).toContain('Escalated 0 overdue reviews.')
    const bad = cli(['deals', 'escalate', '--at', 'tomorrow'])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('--at')
  })

  it("snapshots the partners' pipeline at the end of an ended quarter, once, and refuses a quarter that has not ended", async () => {
    const now = new Date()
    const [year, quarter] = [now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) + 1]
    const [y, q] = quarter === 1 ? [year - 1, 4] : [year, quarter - 1]
    const end = new Date(Date.UTC(y, q * 3, 0)).toISOString().slice(0, 10)
    const early = cli(['deals', 'snapshot-pipeline', '--year', String(year), '--quarter', String(quarter)])
    expect(early.code).toBe(1)
    expect(early.err).toContain(`--quarter: ${year} Q${quarter} has not ended yet`)
    const bad = cli(['deals', 'snapshot-pipeline', '--year', String(y), '--quarter', '5'])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('--quarter: A quarter from 1 to 4')
    // The demo registrations are from today; the approved one ($250,000) is moved back into the last ended quarter.
    const db = await openPglite(dataDir)
    await db.owner.query("UPDATE deals SET submitted_at = $1, decided_at = $1 WHERE customer_name = 'Initrode Corporation'", [
      `${end}T09:00:00Z`,
    ])
    // Its value counts as approved from the day it was approved: the value history moves back with it.
    await db.owner.query(
      "UPDATE deal_values SET recorded_at = $1, approved_at = $1 WHERE deal_id IN (SELECT id FROM deals WHERE customer_name = 'Initrode Corporation')",
      [`${end}T09:00:00Z`],
    )
    await db.close()
    const args = ['deals', 'snapshot-pipeline', '--year', String(y), '--quarter', String(q)]
    const first = cli(args)
    expect(first.code).toBe(0)
    expect(first.out).toContain(`Pipeline of ${y} Q${q} as at ${end}: 1 partner with registered deals, 1 snapshot written or changed.`)
    expect(cli(args).out).toContain('1 partner with registered deals, 0 snapshots written or changed.')
    const check = await openPglite(dataDir)
    const rows = await check.owner.query<{ legal_name: string; amount: string }>(
      'SELECT p.legal_name, s.amount::text AS amount FROM partner_pipeline_snapshots s JOIN partners p ON p.id = s.partner_id',
    )
    await check.close()
    expect(rows).toEqual([{ legal_name: 'ACME Corporation Inc.', amount: '250000.00' }])
  })

  it('imports exchange rates naming bad rows, and verifies the funds ledger, exiting 1 naming the first unbalanced transaction', async () => {
    const bad = cli(['fx', 'import', file('bad-rates.csv', 'Date,USD,GBP\n2027-03-05,1.085,0.8571\n2027-03-06,1.09,zero\n')])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('row 3, GBP: "zero" is not a positive rate')
    const good = cli(['fx', 'import', file('rates.csv', 'Date,USD,GBP,\n2027-03-05,1.085,0.8571,\n2027-03-06,1.09,N/A,\n')])
    expect(good).toMatchObject({ code: 0, out: 'Imported 3 rates over 2 days (3 new or changed).\n' })
    expect(cli(['funds', 'verify'])).toMatchObject({ code: 0, out: 'Ledger balanced: 0 transactions verified.\n' })
    expect(cli(['funds', 'expire']).code).toBe(0)
    const db = await openPglite(dataDir)
    const [t] = await db.owner.query<{ id: string }>(
      `INSERT INTO ledger_transactions (kind, partner_id, fund, program_year, period, source_type, source_id, memo, actor, created_at)
       SELECT 'allocation', id, 'mdf', 2027, '2027Q1', 'allocation', id, 'hand-made', 'test', now() FROM partners LIMIT 1 RETURNING id`,
    )
    await db.owner.exec(`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_balanced;
      INSERT INTO ledger_entries (transaction_id, account, partner_id, fund, program_year, period, amount, currency, created_at)
        SELECT id, 'mdf:available', partner_id, 'mdf', 2027, '2027Q1', 10, 'USD', now() FROM ledger_transactions WHERE id = '${t!.id}';
      ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_balanced;`)
    await db.close()
    const broken = cli(['funds', 'verify'])
    expect(broken.code).toBe(1)
    expect(broken.err).toBe(`Ledger transaction ${t!.id} is wrong: its entries in USD sum to 10.00, not zero.\n`)
  })

  it('verifies the audit chain and exits non-zero once a row is tampered with', async () => {
    const ok = cli(['audit', 'verify'])
    expect(ok.code).toBe(0)
    expect(ok.out).toMatch(/intact: \d+ rows/)
    const db = await openPglite(dataDir)
    await db.owner.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_immutable;
      UPDATE audit_log SET actor_label = 'someone else' WHERE id = (SELECT max(id) FROM audit_log);
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_immutable;`)
    await db.close()
    const broken = cli(['audit', 'verify'])
    expect(broken.code).toBe(1)
    expect(broken.err).toMatch(/BROKEN at row \d+/)
  })
})

describe('alliance serve', { timeout: 240_000 }, () => {
  it('lists webhook subscriptions with the deliveries that ran out of retries, and redelivers one', async () => {
    expect(cli(['webhooks', 'list']).out).toBe('No webhook subscriptions.\n')
    const db = await openPglite(dataDir)
    const [partner] = await db.owner.query<{ id: string }>("SELECT id FROM partners WHERE legal_name = 'ACME Corporation Inc.'")
    const [sub] = await db.owner.query<{ id: string }>(
      `INSERT INTO webhook_subscriptions (partner_id, url, events) VALUES ($1, 'https://crm.acme.example/hooks', '{deal.approved}') RETURNING id`,
      [partner!.id],
    )
    const [failed] = await db.owner.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (subscription_id, partner_id, event_id, event_type, body, status, attempts, last_error)
       VALUES ($1, $2, gen_random_uuid(), 'deal.approved', '{}', 'failed', 7, 'The receiver answered 503') RETURNING id`,
      [sub!.id, partner!.id],
    )
    await db.close()
    const list = cli(['webhooks', 'list'])
    expect(list.code).toBe(0)
    expect(list.out).toMatch(
      new RegExp(`${sub!.id}\\s+active\\s+ACME Corporation Inc\\.\\s+https://crm\\.acme\\.example/hooks\\s+deal\\.approved`),
    )
    expect(list.out).toMatch(
      new RegExp(`${failed!.id}\\s+deal\\.approved\\s+7\\s+https://crm.acme.example/hooks\\s+The receiver answered 503`),
    )
    const again = cli(['webhooks', 'redeliver', failed!.id])
    expect(again).toMatchObject({ code: 0, out: expect.stringContaining(`Delivery ${failed!.id} (deal.approved) queued again`) })
    const check = await openPglite(dataDir)
    const [row] = await check.owner.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM webhook_deliveries WHERE id = $1',
      [failed!.id],
    )
    await check.owner.query('DELETE FROM webhook_subscriptions')
    await check.close()
    expect(row).toEqual({ status: 'pending', attempts: 0 })
    expect(cli(['webhooks', 'redeliver', 'nope']).err).toContain('DELIVERY_ID')
    const missing = cli(['webhooks', 'redeliver', '00000000-0000-4000-8000-000000000000'])
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('Delivery not found')
  })

  it('serves, refuses a second process on the same data, and shuts down cleanly on SIGTERM', async () => {
    const serveDir = path.join(dir, 'serve')
    const server = spawn(process.execPath, [bin, 'serve'], { env: { ...env, DATA_DIR: serveDir, PORT: '0' } })
    let out = ''
    server.stdout.on('data', (d) => (out += d))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 90_000)
        server.stdout.on('data', () => {
          // The sign-in line is the last the server prints on start.
          const m = out.match(/running at (http:\/\/localhost:\d+)/)
          if (m?.[1] && /(Sign in as|Demo admin).*\n/.test(out)) {
            clearTimeout(timer)
            resolve(m[1])
          }
        })
      })
      expect(out).toMatch(/Sign in as admin@alliance.example/)
      // What the embedded database can lose is said on start (docs/reliability.md).
      expect(out).toMatch(/Warning: The embedded database never flushes to disk \(no fsync\).*power loss/)
      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ status: 'ok' })
      const rival = spawnSync(process.execPath, [bin, 'serve'], {
        env: { ...env, DATA_DIR: serveDir, PORT: '0' },
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(rival.status).toBe(1)
      expect(rival.stderr).toContain(`in use by process ${server.pid}`)
      const code = await new Promise<number | null>((resolve) => {
        server.on('exit', resolve)
        server.kill('SIGTERM')
      })
      expect(code).toBe(0)
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL')
    }
    expect(fs.existsSync(path.join(serveDir, 'alliance.lock'))).toBe(false)
  })
  it('lists open purchase orders, writes approved invoices as validated cXML files, and lists screenings due', async () => {
    expect(cli(['po', 'list', '--open'])).toMatchObject({ code: 0, out: 'No open purchase orders.\n' })
    expect(cli(['screenings', 'due'])).toMatchObject({ code: 0, out: 'No screenings due.\n' })
    const out = path.join(dir, 'cxml')
    expect(cli(['invoices', 'export-cxml', '--approved', '--out', out]).code).not.toBe(0)
    fs.mkdirSync(out)
    const db = await openPglite(dataDir)
    let poNumber: string
    try {
      const partnerId = (await makePartner(db, { legalName: 'Cli Services', type: 'service' })).id
      const opsId = (await makeUser(db, 'partner_ops')).id
      const po = await seedOpenPo(db.owner, { partnerId, ownerId: opsId, amounts: ['1200.00'] })
      const [inv] = await db.owner.query<{ id: string }>(
        `INSERT INTO delivery_invoices (partner_id, po_id, number, invoice_date, currency, status, submitted_at)
         VALUES ($1, $2, 'CLI-1', current_date, 'USD', 'approved', now()) RETURNING id`,
        [partnerId, po.poId],
      )
      await db.owner.query(
        `INSERT INTO delivery_invoice_lines (invoice_id, partner_id, po_line_id, invoice_line_number, amount) VALUES ($1, $2, $3, 1, 200)`,
        [inv!.id, partnerId, po.lineIds[0]],
      )
      const [r] = await db.owner.query<{ id: string }>(
        `INSERT INTO delivery_resources (partner_id, name, email, country) VALUES ($1, 'Grace Hopper', 'grace@cli.example', 'US') RETURNING id`,
        [partnerId],
      )
      await db.owner.query(
        `INSERT INTO delivery_screenings (resource_id, partner_id, assessor_id, starts_at, time_zone, duration_minutes, meeting_url)
         VALUES ($1, $2, $3, now() + interval '2 days', 'America/New_York', 60, 'https://meet.example/g')`,
        [r!.id, partnerId, opsId],
      )
      poNumber = po.poNumber
    } finally {
      await db.close() // the CLI takes the data directory next
    }
    const list = cli(['po', 'list', '--open'])
    expect(list.code).toBe(0)
    expect(list.out).toMatch(new RegExp(`${poNumber}\\s+open\\s+Cli Services.*1200.00 USD\\s+200.00 USD\\s+1000.00 USD`))
    const exported = cli(['invoices', 'export-cxml', '--approved', '--out', out])
    expect(exported.code, exported.err).toBe(0)
    expect(exported.out).toContain('1 approved invoice written')
    const xml = fs.readFileSync(path.join(out, `${poNumber}_CLI-1.xml`), 'utf8')
    expect(parseInvoiceCxml(xml)).toMatchObject({
      invoiceNumber: 'CLI-1',
      poNumber,
      subtotal: { amount: '200.00', currency: 'USD' },
    })
    const due = cli(['screenings', 'due'])
    expect(due.out).toMatch(/America\/New_York\s+invited\s+Grace Hopper\s+Cli Services/)
  })
})
