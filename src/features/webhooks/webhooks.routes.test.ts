import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { systemContext, type Ctx } from '../../core/context.ts'
import type { Database } from '../../core/db.ts'
import { MAX_ATTEMPTS, retryDelayMs } from './webhooks.sign.ts'
import { runWebhooks } from './webhooks.delivery.ts'
import pino from 'pino'

type Client = Awaited<ReturnType<TestApp['login']>>
type Received = { headers: http.IncomingHttpHeaders; body: string; path: string }
let db: Database
let t: TestApp
let strict: TestApp
let acme: string, globex: string
let admin: Client, acmeAdmin: Client, globexAdmin: Client, acmeUser: Client, incentives: Client, strictAdmin: Client
let receiver: http.Server
let base: string
let received: Received[] = []
/** What the receiver answers, by path (default 204). */
const answers = new Map<string, number>()
let clock: Date | null = null
let adminUserId: string
const job = (): Ctx => ({ ...systemContext(db, t.config, pino({ level: 'silent' })), now: () => clock ?? new Date() })

const register = async (c: Client, customer: string) => {
  const res = await c.post('/api/deals', {
    customer: { name: customer, domain: `${customer.toLowerCase().replace(/\W/g, '')}.com`, country: 'US' },
    products: ['Storage'],
    value: { amount: '250000.00', currency: 'USD' },
    expectedCloseDate: '2027-03-31',
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}
const subscribe = async (c: Client, path: string, events: string[]) => {
  const res = await c.post('/api/webhooks', { url: `${base}${path}`, events })
  expect(res.status, await res.clone().text()).toBe(201)
  return (await res.json()) as { subscription: { id: string }; secret: string }
}
const at = (path: string) => received.filter((r) => r.path === path)

beforeAll(async () => {
  db = await createTestDb()
  // A local receiver needs private targets allowed; `strict` is the default configuration.
  t = createTestApp(db, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '1000' })
  strict = createTestApp(db)
  acme = (await makePartner(db, { legalName: 'Acme Systems', status: 'active', tier: 'strategic' })).id
  globex = (await makePartner(db, { legalName: 'Globex', status: 'active', tier: 'strategic' })).id
  const adminUser = await makeUser(db, 'admin')
  adminUserId = adminUser.id
  admin = await t.login(adminUser.email)
  strictAdmin = await strict.login(adminUser.email)
  acmeAdmin = await t.login((await makeUser(db, 'partner_admin', acme)).email)
  acmeUser = await t.login((await makeUser(db, 'partner_user', acme)).email)
  globexAdmin = await t.login((await makeUser(db, 'partner_admin', globex)).email)
  incentives = await t.login((await makeUser(db, 'incentives')).email)
  receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body, path: req.url ?? '' })
      res.writeHead(answers.get(req.url ?? '') ?? 204)
      res.end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((r) => receiver.close(r))
  await db.close()
})
beforeEach(() => {
  received = []
  clock = null
})

describe('subscriptions', () => {
  it('creates a subscription and shows its whsec_ secret once, never again', async () => {
    const res = await admin.post('/api/webhooks', { url: `${base}/once`, events: ['deal.approved', 'deal.registered'] })
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toMatch(/no-store/)
    const body = await res.json()
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(body.subscription).toMatchObject({
      url: `${base}/once`,
      events: ['deal.approved', 'deal.registered'],
      enabled: true,
      partnerId: null,
    })
    const one = await (await admin.get(`/api/webhooks/${body.subscription.id}`)).text()
    const list = await (await admin.get('/api/webhooks')).text()
    expect(one).not.toContain(body.secret)
    expect(list).not.toContain(body.secret.slice(6))
    // Not even an administrator's own transaction can read the secrets table.
    expect(
      await db.transaction({ userId: adminUserId, partnerId: null, internal: true }, (sql) => sql.query('SELECT 1 FROM webhook_secrets')),
    ).toEqual([])
    const audit = await db.owner.query<{ after: unknown }>(
      `SELECT after FROM audit_log WHERE entity = 'webhook_subscription' AND entity_id = $1`,
      [body.subscription.id],
    )
    expect(JSON.stringify(audit)).not.toContain(body.secret.slice(6))
  })

  it('refuses with 422 naming url a URL that is or resolves to a private, loopback, link-local or metadata address', async () => {
    for (const url of [
      'https://127.0.0.1/hook',
      'https://localhost/hook',
      'https://10.0.0.8/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://2130706433/hook',
      'https://0177.0.0.1/hook',
      'http://127.0.0.1:9/hook',
    ]) {
      const res = await strictAdmin.post('/api/webhooks', { url, events: ['deal.approved'] })
      expect(res.status, url).toBe(422)
      const problem = await res.json()
      expect(problem.code).toBe('TARGET_REFUSED')
      expect(problem.errors[0].path).toBe('url')
    }
    const http = await strictAdmin.post('/api/webhooks', { url: 'http://93.184.215.14/hook', events: ['deal.approved'] })
    expect(http.status).toBe(422)
    expect((await http.json()).errors).toEqual([{ path: 'url', message: 'Use an https:// URL' }])
    expect(await db.owner.query(`SELECT 1 FROM webhook_subscriptions WHERE url LIKE '%/hook'`)).toEqual([])
  })

  it('validates event types against the catalog; partner admins cannot take staff-only events', async () => {
    const unknown = await admin.post('/api/webhooks', { url: `${base}/x`, events: ['deal.approved', 'deal.nope'] })
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).errors).toEqual([{ path: 'events.1', message: expect.stringMatching(/deal\.nope/) }])
    const staffOnly = await acmeAdmin.post('/api/webhooks', { url: `${base}/x`, events: ['deal.assigned'] })
    expect(staffOnly.status).toBe(400)
    const types = (await (await acmeAdmin.get('/api/webhooks/event-types')).json()).items.map((e: { type: string }) => e.type)
    expect(types).toContain('deal.approved')
    expect(types).not.toContain('deal.assigned')
    expect((await admin.get('/api/webhooks/event-types')).status).toBe(200)
    expect((await acmeUser.get('/api/webhooks')).status).toBe(403)
  })

  it("keeps each company's subscriptions to itself; administrators see all", async () => {
    const mine = await subscribe(acmeAdmin, '/acme-own', ['deal.approved'])
    expect((await globexAdmin.get(`/api/webhooks/${mine.subscription.id}`)).status).toBe(404)
    expect((await globexAdmin.patch(`/api/webhooks/${mine.subscription.id}`, { enabled: false })).status).toBe(404)
    expect((await globexAdmin.delete(`/api/webhooks/${mine.subscription.id}`)).status).toBe(404)
    expect((await globexAdmin.post(`/api/webhooks/${mine.subscription.id}/test`)).status).toBe(404)
    expect((await globexAdmin.get(`/api/webhooks/${mine.subscription.id}/deliveries`)).status).toBe(404)
    const globexList = (await (await globexAdmin.get('/api/webhooks')).json()).items
    expect(globexList.map((s: { id: string }) => s.id)).not.toContain(mine.subscription.id)
    const adminList = (await (await admin.get('/api/webhooks')).json()).items
    expect(adminList.find((s: { id: string }) => s.id === mine.subscription.id)).toMatchObject({ partnerId: acme, partner: 'Acme Systems' })
  })

  it('changes, disables and deletes a subscription; a new URL is checked again', async () => {
    const { subscription } = await subscribe(admin, '/change', ['deal.approved'])
    const patched = await admin.patch(`/api/webhooks/${subscription.id}`, { enabled: false, events: ['deal.rejected'], description: 'CRM' })
    expect(await patched.json()).toMatchObject({ enabled: false, events: ['deal.rejected'], description: 'CRM' })
    const bad = await strictAdmin.patch(`/api/webhooks/${subscription.id}`, { url: 'https://192.168.1.1/' })
    expect(bad.status).toBe(422)
    expect((await admin.delete(`/api/webhooks/${subscription.id}`)).status).toBe(204)
    expect((await admin.get(`/api/webhooks/${subscription.id}`)).status).toBe(404)
  })
})

describe('delivery', () => {
  it('delivers an approved deal to its company and to the administrator, signed per Standard Webhooks; never to another company', async () => {
    const acmeSub = await subscribe(acmeAdmin, '/acme', ['deal.approved'])
    const globexSub = await subscribe(globexAdmin, '/globex', ['deal.approved'])
    const adminSub = await subscribe(admin, '/all', ['deal.approved', 'deal.assigned'])
    const id = await register(acmeUser, 'Initrode')
    expect((await incentives.post(`/api/deals/${id}/approve`, {})).status).toBe(200)
    await runWebhooks(job())
    expect(at('/globex')).toEqual([])
    const [delivery] = at('/acme')
    expect(delivery).toBeDefined()
    const verified = new Webhook(acmeSub.secret).verify(delivery!.body, delivery!.headers as Record<string, string>) as {
      type: string
      data: { dealId: string; partnerId: string }
    }
    expect(verified).toMatchObject({ type: 'deal.approved', data: { dealId: id, partnerId: acme } })
    // The same message with another subscription's secret does not verify.
    expect(() => new Webhook(globexSub.secret).verify(delivery!.body, delivery!.headers as Record<string, string>)).toThrow()
    // The administrator's subscription takes every company's events, staff-only ones included.
    expect(at('/all').map((r) => JSON.parse(r.body).type)).toEqual(expect.arrayContaining(['deal.approved']))
    new Webhook(adminSub.secret).verify(at('/all')[0]!.body, at('/all')[0]!.headers as Record<string, string>)
    const log = (await (await acmeAdmin.get(`/api/webhooks/${acmeSub.subscription.id}/deliveries`)).json()).items
    expect(log[0]).toMatchObject({
      id: delivery!.headers['webhook-id'],
      eventType: 'deal.approved',
      status: 'succeeded',
      responseStatus: 204,
      attempts: 1,
    })
    expect(log[0].deliveredAt).not.toBeNull()
    // A second run sends nothing again.
    received = []
    await runWebhooks(job())
    expect(received).toEqual([])
  })

  it('retries with exponential backoff and jitter for about a day, then marks the subscription failing and tells its owner', async () => {
    answers.set('/down', 503)
    const { subscription } = await subscribe(acmeAdmin, '/down', ['deal.approved'])
    const id = await register(acmeUser, 'Hooli')
    await incentives.post(`/api/deals/${id}/approve`, {})
    clock = new Date()
    const start = clock.getTime()
    const waits: number[] = []
    for (let n = 1; n <= MAX_ATTEMPTS; n++) {
      await runWebhooks(job(), { random: () => 0.5 })
      const [row] = await db.owner.query<{ status: string; attempts: number; next_attempt_at: Date | null; response_status: number }>(
        'SELECT status, attempts, next_attempt_at, response_status FROM webhook_deliveries WHERE subscription_id = $1',
        [subscription.id],
      )
      expect(row).toMatchObject({ attempts: n, response_status: 503 })
      if (n < MAX_ATTEMPTS) {
        expect(row!.status).toBe('pending')
        waits.push(row!.next_attempt_at!.getTime() - clock!.getTime())
        // Not due a moment before its time.
        clock = new Date(row!.next_attempt_at!.getTime() - 1000)
        await runWebhooks(job())
        expect(at('/down')).toHaveLength(n)
        clock = new Date(row!.next_attempt_at!.getTime())
      } else expect(row!.status).toBe('failed')
    }
    expect(waits).toEqual([60_000, 240_000, 960_000, 3_840_000, 15_360_000, 61_440_000])
    const total = clock!.getTime() - start
    expect(total).toBeGreaterThan(20 * 3600_000)
    expect(total).toBeLessThan(26 * 3600_000)
    const sub = await (await acmeAdmin.get(`/api/webhooks/${subscription.id}`)).json()
    expect(sub.status).toBe('failing')
    const bell = await (await acmeAdmin.get('/api/notifications')).json()
    expect(bell.items[0]).toMatchObject({ type: 'webhook.failing', link: `/webhooks?subscription=${subscription.id}` })
    // The receiver recovers; a redelivery succeeds with the same webhook-id, and the subscription is active again.
    answers.delete('/down')
    const [failed] = (await (await acmeAdmin.get(`/api/webhooks/${subscription.id}/deliveries?status=failed`)).json()).items
    expect((await globexAdmin.post(`/api/webhooks/deliveries/${failed.id}/redeliver`)).status).toBe(404)
    const again = await acmeAdmin.post(`/api/webhooks/deliveries/${failed.id}/redeliver`)
    expect(again.status).toBe(202)
    received = []
    await runWebhooks(job())
    expect(at('/down').map((r) => r.headers['webhook-id'])).toEqual([failed.id])
    expect((await (await acmeAdmin.get(`/api/webhooks/${subscription.id}`)).json()).status).toBe('active')
  })

  it('jitters each wait by at most ±20 %', () => {
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const base = 60_000 * 4 ** (attempt - 1)
      expect(retryDelayMs(attempt, () => 0)).toBe(base * 0.8)
      expect(retryDelayMs(attempt, () => 0.999999)).toBeCloseTo(base * 1.2, -2)
    }
    expect(retryDelayMs(MAX_ATTEMPTS)).toBeNull()
  })

  it('sends a signed test event to one subscription', async () => {
    const { subscription, secret } = await subscribe(globexAdmin, '/test', ['deal.approved'])
    const res = await globexAdmin.post(`/api/webhooks/${subscription.id}/test`)
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({ eventType: 'webhook.test', status: 'pending' })
    await runWebhooks(job())
    const [got] = at('/test')
    expect(new Webhook(secret).verify(got!.body, got!.headers as Record<string, string>)).toMatchObject({
      type: 'webhook.test',
      data: { subscriptionId: subscription.id },
    })
  })

  it('checks the address again at delivery: a subscription whose target became private is refused, not called', async () => {
    const { subscription } = await subscribe(admin, '/later', ['deal.approved'])
    await admin.post(`/api/webhooks/${subscription.id}/test`)
    // The same server without the setting that allows private targets.
    await runWebhooks({ ...job(), config: strict.config })
    expect(at('/later')).toEqual([])
    const [log] = (await (await admin.get(`/api/webhooks/${subscription.id}/deliveries`)).json()).items
    expect(log).toMatchObject({
      status: 'pending',
      attempts: 1,
      responseStatus: null,
      lastError: expect.stringMatching(/^Refused: .*loopback/),
    })
  })
})
