import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { parseInvoiceCxml } from './cxml.ts'

// Every gate of service-partner delivery, through the API, in the order the work happens: screening passed →
// SOW accepted → flow-down signed → PO issued → work recorded → invoice approved → cXML exported.

type Client = Awaited<ReturnType<TestApp['login']>>
let db: Database
let t: TestApp
let ops: Client, solutions: Client, admin: Client, user: Client, other: Client
let partnerId: string, otherPartnerId: string, opsId: string
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-delivery-'))
const future = new Date(Date.now() + 3 * 86_400_000).toISOString()
const today = new Date().toISOString().slice(0, 10)
const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10)

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db, { DATA_DIR: dataDir })
  partnerId = (await makePartner(db, { legalName: 'Fieldworks Services', type: 'service', status: 'active', tier: 'strategic' })).id
  otherPartnerId = (await makePartner(db, { legalName: 'Other Services', type: 'service', status: 'active', tier: 'strategic' })).id
  const o = await makeUser(db, 'partner_ops')
  opsId = o.id
  ops = await t.login(o.email)
  solutions = await t.login((await makeUser(db, 'solutions')).email)
  admin = await t.login((await makeUser(db, 'partner_admin', partnerId)).email)
  user = await t.login((await makeUser(db, 'partner_user', partnerId)).email)
  other = await t.login((await makeUser(db, 'partner_admin', otherPartnerId)).email)
})
afterAll(async () => {
  await db.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const body = async (res: Response) => (await res.json()) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
async function ok(res: Response, status = 200) {
  const b = await res.text()
  expect(res.status, b).toBe(status)
  return JSON.parse(b) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
}
async function refused(res: Response, status: number, code: string) {
  const b = await body(res)
  expect({ status: res.status, code: b.code }, JSON.stringify(b)).toEqual({ status, code })
  return b
}

const fullContent = (resourceId: string) => ({
  title: 'Branch network refresh',
  startDate: today,
  endDate: inAYear,
  currency: 'USD',
  sections: {
    scope: 'Replace the switches of 40 branches',
    deliverables: 'Installed and tested switches',
    acceptanceCriteria: 'Each branch passes the test plan',
    schedule: 'Ten branches a month',
    assumptions: 'Sites are accessible',
  },
  lines: [
    { role: 'Engineer', resourceId, hours: '100', rate: '150.00', amount: '15000.00' },
    { role: 'Project manager', hours: '25', rate: '200.00', amount: '5000.00' },
  ],
  total: '20000.00',
})

describe('service-partner delivery, gate by gate', () => {
  let resourceId: string,
    projectId: string,
    screeningId: string,
    sowId: string,
    poId: string,
    line1: string,
    line2: string,
    invoiceId: string

  it('resources are managed by partner admins with skills from the list; an unscreened resource is not assignable', async () => {
    await refused(
      await admin.post('/api/resources', { name: 'Ada', email: 'ada@fieldworks.example', country: 'DE', skills: ['juggling'] }),
      400,
      'VALIDATION_FAILED',
    )
    const r = await ok(
      await admin.post('/api/resources', {
        name: 'Ada Lovelace',
        email: 'ada@fieldworks.example',
        country: 'de',
        skills: ['networking', 'security'],
        certifications: [{ name: 'CCNP', issuer: 'Cisco' }],
        availableFrom: today,
        hoursPerWeek: 40,
      }),
      201,
    )
    resourceId = r.id
    expect(r.screening.state).toBe('not_screened')
    const p = await ok(
      await ops.post('/api/projects', {
        partnerId,
        name: 'Contoso branches',
        clientName: 'Contoso Bank',
        clientDomain: 'contoso.example',
        country: 'DE',
        startDate: today,
        endDate: inAYear,
        ownerId: opsId,
      }),
      201,
    )
    projectId = p.id
    const no = await refused(
      await admin.post(`/api/projects/${projectId}/assignments`, { resourceId, role: 'Engineer' }),
      409,
      'RESOURCE_NOT_SCREENED',
    )
    expect(no.detail).toContain('Ada Lovelace')
    expect(no.detail).toContain('Not screened')
  })

  it('a solutions assessor invites by video meeting with an iCalendar invitation; the partner admin accepts; a pass is recorded with scores', async () => {
    await refused(
      await solutions.post(`/api/resources/${resourceId}/screenings`, {
        startsAt: future,
        timeZone: 'Mars/Olympus',
        meetingUrl: 'https://meet.example/x',
      }),
      400,
      'VALIDATION_FAILED',
    )
    const s = await ok(
      await solutions.post(`/api/resources/${resourceId}/screenings`, {
        startsAt: future,
        timeZone: 'Europe/Berlin',
        durationMinutes: 45,
        meetingUrl: 'https://meet.example/screening-ada',
      }),
      201,
    )
    screeningId = s.id
    expect(s.status).toBe('invited')
    const [mail] = await db.owner.query<{ recipients: string[]; calendar: string; subject: string }>(
      `SELECT recipients, calendar, subject FROM mail_outbox WHERE template = 'screeningInvitation' ORDER BY created_at DESC LIMIT 1`,
    )
    expect(mail!.recipients).toContain('ada@fieldworks.example')
    expect(mail!.calendar).toContain('METHOD:REQUEST')
    expect(mail!.calendar).toContain('BEGIN:VEVENT')
    const utc = future.replace(/[-:]/g, '').slice(0, 15)
    expect(mail!.calendar).toContain(`DTSTART:${utc}Z`)
    expect(mail!.calendar.replace(/\r?\n /g, '')).toContain('(Europe/Berlin)')
    expect(mail!.calendar).toContain('https://meet.example/screening-ada')
    expect(mail!.calendar.replace(/\r?\n /g, '')).toMatch(/ATTENDEE;.*MAILTO:ada@fieldworks\.example/i)
    // The other company's admin cannot answer it; its own admin asks for another slot, the assessor moves it, then it is accepted.
    await refused(await other.post(`/api/resources/screenings/${screeningId}/response`, { answer: 'accept' }), 404, 'SCREENING_NOT_FOUND')
    expect(
      (await ok(await admin.post(`/api/resources/screenings/${screeningId}/response`, { answer: 'another_slot', note: 'Tuesday please' })))
        .status,
    ).toBe('reschedule_requested')
    await ok(
      await solutions.put(`/api/resources/screenings/${screeningId}`, {
        startsAt: future,
        timeZone: 'Europe/Berlin',
        meetingUrl: 'https://meet.example/2',
      }),
    )
    expect((await ok(await admin.post(`/api/resources/screenings/${screeningId}/response`, { answer: 'accept' }))).status).toBe('accepted')
    // Not before it took place.
    await refused(
      await solutions.post(`/api/resources/screenings/${screeningId}/result`, { outcome: 'passed', scores: { networking: 4 } }),
      400,
      'VALIDATION_FAILED',
    )
    await db.owner.query(`UPDATE delivery_screenings SET starts_at = now() - interval '1 hour' WHERE id = $1`, [screeningId])
    const passed = await ok(
      await solutions.post(`/api/resources/screenings/${screeningId}/result`, {
        outcome: 'passed',
        scores: { networking: 4, security: 3 },
        notes: 'Solid',
      }),
    )
    expect(passed.status).toBe('passed')
    expect(passed.scores).toEqual({ networking: 4, security: 3 })
    const expected = new Date()
    expected.setUTCMonth(expected.getUTCMonth() + 24)
    expect(passed.validUntil).toBe(expected.toISOString().slice(0, 10))
    const r = await ok(await admin.get(`/api/resources/${resourceId}`))
    expect(r.screening).toMatchObject({ state: 'valid', validUntil: passed.validUntil })
  })

  it('an expired pass is not assignable, a valid one is', async () => {
    await db.owner.query(`UPDATE delivery_screenings SET valid_until = current_date - 1 WHERE id = $1`, [screeningId])
    const no = await refused(
      await admin.post(`/api/projects/${projectId}/assignments`, { resourceId, role: 'Engineer' }),
      409,
      'RESOURCE_NOT_SCREENED',
    )
    expect(no.detail).toMatch(/Ada Lovelace: The screening pass expired on/)
    await db.owner.query(`UPDATE delivery_screenings SET valid_until = current_date + 700 WHERE id = $1`, [screeningId])
    const p = await ok(await admin.post(`/api/projects/${projectId}/assignments`, { resourceId, role: 'Engineer' }))
    expect(p.assignments).toEqual([expect.objectContaining({ resourceId, name: 'Ada Lovelace', role: 'Engineer' })])
  })

  it('no PO → no work', async () => {
    const no = await refused(
      await user.post(`/api/projects/${projectId}/work`, { kind: 'time', workDate: today, hours: 8, description: 'Site survey' }),
      409,
      'NO_OPEN_PO',
    )
    expect(no.detail).toContain('No work without a PO')
  })

  it('a SOW lists every gap in words before it can be submitted, is reviewed, returned, resubmitted and diffed', async () => {
    const s = await ok(await user.post('/api/sows', { projectId, kind: 'sow', content: { title: 'Draft', lines: [] } }), 201)
    sowId = s.id
    const messages = s.gaps.map((g: { message: string }) => g.message)
    expect(messages).toEqual(
      expect.arrayContaining([
        'Start date is missing',
        'Currency is missing',
        'The section "Scope" is missing',
        'The section "Acceptance criteria" is missing',
        'No named resources: name the screened resource of at least one line',
      ]),
    )
    const rejected = await refused(await user.post(`/api/sows/${sowId}/submit`), 422, 'SOW_GUIDELINE_GAPS')
    expect(rejected.errors.length).toBe(s.gaps.length)
    // The live check: a rate above the card and lines that do not add up, in exact money.
    const bad = fullContent(resourceId)
    bad.lines[0] = { ...bad.lines[0]!, rate: '300.00', amount: '15000.01' }
    const check = await ok(await user.post('/api/sows/check', bad))
    expect(check.gaps.map((g: { message: string }) => g.message)).toEqual([
      'Line 1 (Engineer): 100 h × 300.00 = 30000.00, not 15000.01',
      'Line 1 (Engineer): the rate 300.00 is above the limit of 175.00 USD for this role',
      'The total 20000.00 does not add up: the lines come to 20000.01',
    ])
    const v1 = { ...fullContent(resourceId), lines: [fullContent(resourceId).lines[0]!], total: '15000.00' }
    expect((await ok(await user.put(`/api/sows/${sowId}`, v1))).gaps).toEqual([])
    expect((await ok(await user.post(`/api/sows/${sowId}/submit`))).status).toBe('submitted')
    await refused(await user.put(`/api/sows/${sowId}`, v1), 409, 'INVALID_TRANSITION')
    await refused(await user.post(`/api/sows/${sowId}/review`, { decision: 'accept' }), 403, 'FORBIDDEN')
    const returned = await ok(await ops.post(`/api/sows/${sowId}/review`, { decision: 'return', comments: 'Add project management' }))
    expect(returned.status).toBe('returned')
    expect(returned.versions[0]).toMatchObject({ version: 1, decision: 'returned', comments: 'Add project management' })
    await ok(await user.put(`/api/sows/${sowId}`, fullContent(resourceId)))
    await ok(await user.post(`/api/sows/${sowId}/submit`))
    const diff = await ok(await user.get(`/api/sows/${sowId}/diff?from=1&to=2`))
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        { path: 'total', before: '15000.00', after: '20000.00' },
        { path: 'lines.1.role', before: null, after: 'Project manager' },
      ]),
    )
  })

  it('a SOW naming an unscreened resource is refused, naming it', async () => {
    const r = await ok(
      await admin.post('/api/resources', { name: 'Bob Builder', email: 'bob@fieldworks.example', country: 'DE', skills: ['cloud'] }),
      201,
    )
    const s = await ok(await user.post('/api/sows', { projectId, kind: 'quote', content: fullContent(r.id) }), 201)
    const no = await refused(await user.post(`/api/sows/${s.id}/submit`), 409, 'RESOURCE_NOT_SCREENED')
    expect(no.detail).toContain('Bob Builder')
  })

  const po = (number: string) => ({
    projectId,
    sowId,
    number,
    currency: 'USD',
    issueDate: today,
    startDate: today,
    endDate: inAYear,
    lines: [
      { lineNumber: 1, description: 'Engineering hours', supplierPart: 'ENG-HR', quantity: '100', unit: 'HUR', unitPrice: '150.00' },
      { lineNumber: 2, description: 'Project management', amount: '5000.00' },
    ],
  })

  it('no valid flow-down → no PO; a second flow-down for the same client → refused; no accepted SOW → no PO', async () => {
    await refused(await ops.post('/api/purchase-orders', po('PO-1000')), 409, 'FLOW_DOWN_REQUIRED')
    // The flow-down, signed on paper and recorded active.
    await db.owner.query(
      `INSERT INTO agreements (partner_id, type, title, status, effective_date, expiry_date, client_name) VALUES ($1, 'flow_down', 'Flow-down: Contoso Bank', 'active', $2, $3, 'Contoso Bank')`,
      [partnerId, today, inAYear],
    )
    const dup = await refused(
      await ops.post('/api/agreements', {
        partnerId,
        type: 'flow_down',
        clientName: ' contoso bank',
        effectiveDate: today,
        expiryDate: inAYear,
      }),
      409,
      'FLOW_DOWN_EXISTS',
    )
    expect(dup.detail).toContain('contoso bank')
    // By the database itself, whoever writes.
    await expect(
      db.owner.query(
        `INSERT INTO agreements (partner_id, type, title, effective_date, client_name) VALUES ($1, 'flow_down', 'Again', $2, 'CONTOSO BANK')`,
        [partnerId, today],
      ),
    ).rejects.toMatchObject({ code: '23505' })
    // Another client, or another partner for the same client, is fine.
    await ok(
      await ops.post('/api/agreements', { partnerId: otherPartnerId, type: 'flow_down', clientName: 'Contoso Bank', effectiveDate: today }),
      201,
    )
    const no = await refused(await ops.post('/api/purchase-orders', po('PO-1000')), 409, 'SOW_NOT_ACCEPTED')
    expect(no.detail).toContain('submitted')
    await refused(await user.post('/api/purchase-orders', po('PO-1000')), 403, 'FORBIDDEN')
  })

  it('blocked by safety → no PO; cleared → PO issued with lines, currency, dates and derived balance', async () => {
    expect((await ok(await solutions.post(`/api/sows/${sowId}/review`, { decision: 'accept' }))).status).toBe('accepted')
    await refused(await ops.post('/api/purchase-orders', { ...po('PO-1000'), currency: 'EUR' }), 409, 'CURRENCY_MISMATCH')
    await db.owner.query(
      `INSERT INTO safety_risk_overrides (partner_id, risk_level, reason, created_at) VALUES ($1, 'high', 'Cabling on site', now())`,
      [partnerId],
    )
    const blocked = await refused(await ops.post('/api/purchase-orders', po('PO-1000')), 409, 'SAFETY_BLOCKED')
    expect(blocked.detail).toMatch(/^Blocked by the safety program: /)
    await db.owner.query(`UPDATE safety_risk_overrides SET lifted_at = now() WHERE partner_id = $1`, [partnerId])
    const issued = await ok(await ops.post('/api/purchase-orders', po('PO-1000')), 201)
    poId = issued.id
    line1 = issued.lines[0].id
    line2 = issued.lines[1].id
    expect(issued).toMatchObject({ number: 'PO-1000', status: 'open', currency: 'USD' })
    expect(issued.lines[0]).toMatchObject({ lineNumber: 1, quantity: '100.000', unit: 'HUR', unitPrice: '150.00', amount: '15000.00' })
    expect(issued.balance).toEqual({
      ordered: { amount: '20000.00', currency: 'USD' },
      invoiced: { amount: '0.00', currency: 'USD' },
      approved: { amount: '0.00', currency: 'USD' },
      paid: { amount: '0.00', currency: 'USD' },
      remaining: { amount: '20000.00', currency: 'USD' },
    })
    await refused(await ops.post('/api/purchase-orders', po('po-1000')), 409, 'PO_NUMBER_TAKEN')
  })

  it('work is recorded against an open PO line only', async () => {
    await refused(
      await user.post(`/api/projects/${projectId}/work`, { kind: 'time', workDate: today, hours: 8, description: 'Install' }),
      409,
      'NO_OPEN_PO',
    )
    const w = await ok(
      await user.post(`/api/projects/${projectId}/work`, {
        poLineId: line1,
        resourceId,
        kind: 'time',
        workDate: today,
        hours: 8,
        description: 'Install',
      }),
      201,
    )
    expect(w).toMatchObject({ poNumber: 'PO-1000', lineNumber: 1, hours: '8.00' })
    await refused(
      await other.post(`/api/projects/${projectId}/work`, { poLineId: line1, kind: 'milestone', workDate: today, description: 'x' }),
      404,
      'PROJECT_NOT_FOUND',
    )
  })

  it('invoices: currency of the PO, never past the balance (naming the line), numbers unique per partner', async () => {
    const inv = (number: string, lines: unknown[], currency = 'USD') => ({
      poId,
      number,
      invoiceDate: today,
      currency,
      tax: '350.00',
      lines,
    })
    await refused(await user.post('/api/invoices', inv('INV-1', [{ poLineId: line2, amount: '100.00' }], 'EUR')), 409, 'CURRENCY_MISMATCH')
    const over = await refused(
      await user.post('/api/invoices', inv('INV-1', [{ poLineId: line2, amount: '5000.01' }])),
      409,
      'PO_BALANCE_EXCEEDED',
    )
    expect(over.detail).toContain('PO line 2')
    expect(over.detail).toContain('remaining 5000.00')
    await refused(
      await user.post('/api/invoices', inv('INV-1', [{ poLineId: line1, quantity: '10', amount: '1400.00' }])),
      400,
      'VALIDATION_FAILED',
    )
    const created = await ok(
      await user.post(
        '/api/invoices',
        inv('INV-1', [
          { poLineId: line1, quantity: '10', amount: '1500.00' },
          { poLineId: line2, amount: '2000.00' },
        ]),
      ),
      201,
    )
    invoiceId = created.id
    expect(created).toMatchObject({
      status: 'submitted',
      subtotal: { amount: '3500.00' },
      tax: { amount: '350.00' },
      total: { amount: '3850.00' },
    })
    await refused(await user.post('/api/invoices', inv('inv-1', [{ poLineId: line2, amount: '1.00' }])), 409, 'DUPLICATE_INVOICE_NUMBER')
    // Nothing changed by the refusals: the balance counts the one invoice.
    const p = await ok(await user.get(`/api/purchase-orders/${poId}`))
    expect(p.balance.invoiced.amount).toBe('3500.00')
    expect(p.balance.remaining.amount).toBe('16500.00')
    expect(p.lines[1].balance.remaining.amount).toBe('3000.00')
    // The remaining line 2 amount is still available, not a cent more.
    await refused(await user.post('/api/invoices', inv('INV-2', [{ poLineId: line2, amount: '3000.01' }])), 409, 'PO_BALANCE_EXCEEDED')
  })

  it('partner operations approve; the cXML export is validated, kept with its hash and parsed back field by field', async () => {
    await refused(await ops.post(`/api/invoices/${invoiceId}/cxml`), 409, 'INVALID_TRANSITION')
    await refused(await user.post(`/api/invoices/${invoiceId}/decision`, { decision: 'approve' }), 403, 'FORBIDDEN')
    expect((await ok(await ops.post(`/api/invoices/${invoiceId}/decision`, { decision: 'approve' }))).status).toBe('approved')
    const exported = await ok(await ops.post(`/api/invoices/${invoiceId}/cxml`), 201)
    expect(exported.sha256).toMatch(/^[0-9a-f]{64}$/)
    const res = await user.get(`/api/invoices/${invoiceId}/cxml`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/xml')
    const xml = await res.text()
    expect(xml).toBe(exported.document)
    const { createHash } = await import('node:crypto')
    expect(createHash('sha256').update(xml).digest('hex')).toBe(exported.sha256)
    expect(xml).toContain('<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/InvoiceDetail.dtd">')
    const parsed = parseInvoiceCxml(xml)
    expect(parsed).toEqual({
      payloadId: exported.payloadId,
      invoiceNumber: 'INV-1',
      poNumber: 'PO-1000',
      lines: [
        {
          invoiceLineNumber: 1,
          poLineNumber: 1,
          supplierPart: 'ENG-HR',
          quantity: '10.000',
          unit: 'HUR',
          unitPrice: '150.00',
          amount: '1500.00',
          currency: 'USD',
        },
        {
          invoiceLineNumber: 2,
          poLineNumber: 2,
          supplierPart: 'LINE-2',
          quantity: null,
          unit: null,
          unitPrice: null,
          amount: '2000.00',
          currency: 'USD',
        },
      ],
      subtotal: { currency: 'USD', amount: '3500.00' },
      tax: { currency: 'USD', amount: '350.00' },
      gross: { currency: 'USD', amount: '3850.00' },
      due: { currency: 'USD', amount: '3850.00' },
    })
    await refused(await other.get(`/api/invoices/${invoiceId}/cxml`), 404, 'INVOICE_NOT_FOUND')
  })

  it("Coupa's statuses come from its CSV export (all rows or none) or by hand; paid shows in the balance", async () => {
    const form = (csv: string) => {
      const f = new FormData()
      f.append('file', new File([csv], 'coupa.csv', { type: 'text/csv' }))
      return f
    }
    const send = (csv: string) => t.request('/api/invoices/coupa-import', { method: 'POST', body: form(csv), headers: ops.headers })
    const bad = await refused(
      await send('Invoice #,PO #,Status\nINV-1,PO-1000,Approved\nINV-9,PO-1000,Paid\nINV-1,PO-1000,Lost\n'),
      422,
      'IMPORT_INVALID',
    )
    expect(bad.errors).toEqual([
      { path: 'row 3', message: 'No invoice INV-9 on PO PO-1000' },
      { path: 'row 4', message: 'Status "Lost" is not approved, disputed or paid' },
    ])
    expect((await ok(await ops.get(`/api/invoices/${invoiceId}`))).coupaStatus).toBeNull()
    expect(await ok(await send('Invoice #,PO #,Status\nINV-1,PO-1000,Paid\n'))).toEqual({ imported: 1 })
    const p = await ok(await user.get(`/api/purchase-orders/${poId}`))
    expect(p.balance).toMatchObject({ approved: { amount: '3500.00' }, paid: { amount: '3500.00' }, remaining: { amount: '16500.00' } })
    expect((await ok(await ops.post(`/api/invoices/${invoiceId}/coupa-status`, { status: 'approved' }))).coupaStatus).toBe('approved')
  })

  it("another partner's users see none of it", async () => {
    for (const p of [
      `/api/resources/${resourceId}`,
      `/api/projects/${projectId}`,
      `/api/sows/${sowId}`,
      `/api/purchase-orders/${poId}`,
      `/api/invoices/${invoiceId}`,
    ])
      expect((await other.get(p)).status).toBe(404)
    for (const p of ['/api/resources', '/api/projects', '/api/sows', '/api/purchase-orders', '/api/invoices', '/api/resources/screenings'])
      expect(await ok(await other.get(p))).toEqual([])
    expect((await ok(await user.get('/api/purchase-orders?status=open'))).map((x: { number: string }) => x.number)).toEqual(['PO-1000'])
  })
})
