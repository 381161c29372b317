import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openPostgres, systemScope, type Database } from '../../src/core/db.ts'
import { queueRendered } from '../../src/core/mail.ts'
import { LIMITS } from '../../src/features/inquiries/public.service.ts'
import { THROTTLE } from '../../src/features/identity/login-throttle.ts'
import { makeUser, PASSWORD } from '../factories/index.ts'
import { startSmtpSink } from '../setup/smtp.ts'
import { freshDatabase, needsPostgres, signIn, sleep, startServer, tempDir, type Server } from './harness.ts'

/**
 * Two `alliance serve` processes on one PostgreSQL database, each on its own port, as behind a load balancer: what
 * one server knows, the other knows, because it is all in the database.
 */
const runs = needsPostgres('several servers on one PostgreSQL')
const pg = runs ? await freshDatabase() : null
const tmp = tempDir('alliance-servers-')
const servers: Server[] = []
let owner: Database | null = null
const sink = runs ? await startSmtpSink() : null
afterAll(async () => {
  for (const s of servers) if (s.proc.exitCode !== null) console.error(`server on ${s.port} exited ${s.proc.exitCode}:\n${s.output()}`)
  await Promise.all(servers.map((s) => s.kill('SIGTERM')))
  await owner?.close()
  await sink?.close()
  await pg?.drop()
  tmp.remove()
})

const inquiry = (i: number) => ({
  company: `Two Servers ${i} Ltd`,
  website: 'https://two-servers.example',
  country: 'US',
  contactName: 'Visitor',
  email: `visitor${i}@two-servers.example`,
  message: 'Hello',
})

describe.skipIf(!runs)('several servers on one PostgreSQL', { timeout: 170_000 }, () => {
  it('starts two servers on one database', async () => {
    owner = await openPostgres(pg!.url, { max: 2 })
    await makeUser(owner, 'admin', undefined, { email: 'admin@two-servers.example' })
    // Each server has a data directory of its own, as on separate machines: nothing is shared but the database.
    const env = (dir: string) => ({ DATABASE_URL: pg!.url, DATA_DIR: path.join(tmp.dir, dir), SMTP_URL: sink!.url })
    servers.push(...(await Promise.all([startServer(env('a'), 3472), startServer(env('b'), 3473)])))
  })

  it('a session made on one server works on the other, writes included', async () => {
    const [a, b] = servers as [Server, Server]
    const auth = await signIn(a.url, 'admin@two-servers.example', PASSWORD)
    const me = await fetch(`${b.url}/api/auth/me`, { headers: auth })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe('admin@two-servers.example')
    const created = await fetch(`${b.url}/api/partners`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ legalName: 'Made On B Inc.', type: 'oem', headquartersCountry: 'US' }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    expect((await fetch(`${a.url}/api/partners/${id}`, { headers: auth })).status).toBe(200)
    // Signing out on B ends the session on A too.
    expect((await fetch(`${b.url}/api/auth/logout`, { method: 'POST', headers: auth })).status).toBeLessThan(300)
    expect((await fetch(`${a.url}/api/auth/me`, { headers: auth })).status).toBe(401)
  })

  it('a document uploaded through one server is read through the other, and stored once however often it is uploaded', async () => {
    const [a, b] = servers as [Server, Server]
    const auth = await signIn(a.url, 'admin@two-servers.example', PASSWORD)
    const post = (url: string, body: unknown) =>
      fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const partner = (await (
      await post(`${a.url}/api/partners`, { legalName: 'Documents Inc.', type: 'oem', headquartersCountry: 'US' })
    ).json()) as {
      id: string
    }
    const created = await post(`${b.url}/api/agreements`, {
      partnerId: partner.id,
      type: 'nda',
      effectiveDate: '2026-01-01',
      expiryDate: '2028-01-01',
      countries: ['US'],
    })
    expect(created.status).toBe(201)
    const agreement = (await created.json()) as { id: string }
    const pdf = `%PDF-1.4\n% uploaded to one server, read from the other ${Date.now()}\n%%EOF\n`
    const upload = async (server: Server) => {
      const form = new FormData()
      form.append('file', new File([pdf], 'nda.pdf', { type: 'application/pdf' }))
      const res = await fetch(`${server.url}/api/agreements/${agreement.id}/documents`, { method: 'POST', headers: auth, body: form })
      expect(res.status).toBe(201)
      return (await res.json()) as { id: string }
    }
    const doc = await upload(a)
    await upload(b)
    const download = await fetch(`${b.url}/api/agreements/${agreement.id}/documents/${doc.id}`, { headers: auth })
    expect(download.status).toBe(200)
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe(pdf)
    const sha256 = createHash('sha256').update(pdf).digest('hex')
    const rows = await owner!.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM stored_files WHERE sha256 = $1', [sha256])
    expect(rows[0]!.n).toBe(1)
    // Nothing was written under either server's data directory.
    for (const dir of ['a', 'b']) expect(fs.existsSync(path.join(tmp.dir, dir, 'files', sha256.slice(0, 2)))).toBe(false)
  })

  it('sign-in throttling counts the failures made on both servers', async () => {
    const statuses: number[] = []
    for (let i = 0; i <= THROTTLE.freePerPair; i++) {
      const server = servers[i % 2]!
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
        body: JSON.stringify({ email: 'admin@two-servers.example', password: 'wrong password' }),
      })
      statuses.push(res.status)
    }
    // The free failures, alternating between the servers, then the wait, whichever server is asked.
    expect(statuses).toEqual([...Array<number>(THROTTLE.freePerPair).fill(401), 429])
  })

  it('a rate limit holds across both servers, also for requests that arrive at the same moment', async () => {
    const tries = LIMITS.submit.perAddress * 2 + 2
    const answers = await Promise.all(
      Array.from({ length: tries }, (_, i) =>
        fetch(`${servers[i % 2]!.url}/api/public/inquiries`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.9' },
          body: JSON.stringify(inquiry(i)),
        }).then((r) => r.status),
      ),
    )
    expect(answers.filter((s) => s === 201)).toHaveLength(LIMITS.submit.perAddress)
    expect(answers.filter((s) => s === 429)).toHaveLength(tries - LIMITS.submit.perAddress)
  })

  it('work triggered through LISTEN/NOTIFY is done once: each queued message is sent once although both servers listen', async () => {
    const before = sink!.received.length
    const recipients = Array.from({ length: 20 }, (_, i) => `listener${i}@two-servers.example`)
    await owner!.transaction(systemScope, async (sql) => {
      for (const to of recipients)
        await queueRendered(sql, 'reliability-test', { subject: `For ${to}`, text: 'x', html: '<p>x</p>' }, { to: [to] })
    })
    const deadline = Date.now() + 60_000
    while (sink!.received.length - before < recipients.length && Date.now() < deadline) await sleep(200)
    await sleep(3000) // time for a second server to send anything twice
    const got = sink!.received.slice(before).filter((m) => m.subject.startsWith('For listener'))
    expect(got.map((m) => m.to[0]).sort()).toEqual([...recipients].sort())
    // Both servers were listening: each started a sweep, and the queue's one-at-a-time policy and the row claims kept it to one send.
    expect(servers.every((s) => s.proc.exitCode === null)).toBe(true)
  })

  it('a scheduled job runs once per tick across both servers', async () => {
    // pg-boss makes one job per schedule and minute (its own singleton), whichever server's clock fires first.
    const rows = await owner!.owner.query<{ name: string; minute: string; n: number }>(
      `SELECT name, singleton_on::text AS minute, count(*)::int AS n FROM pgboss.job
       WHERE singleton_on IS NOT NULL GROUP BY name, singleton_on HAVING count(*) > 1`,
    )
    expect(rows).toEqual([])
  })
})
