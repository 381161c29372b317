import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { blobStore, sha256Of } from '../../core/storage.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'
import { oneRow } from '../../core/db-rows.ts'

type Client = Awaited<ReturnType<TestApp['login']>>
let db: Database
let t: TestApp
let dataDir: string
let ops: Client, gps: Client, sales: Client, pm: Client, adminA: Client, userA: Client, adminB: Client
let partnerA: string, partnerB: string
const LIMIT = 4000
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
const count = async (table: string) => oneRow(await db.owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`), 'Count').n
/** The documents stored: rows of stored_files on PostgreSQL, files under the data directory on the embedded database. */
const storedFiles = async (): Promise<unknown[]> =>
  db.kind === 'postgres'
    ? db.owner.query('SELECT sha256 FROM stored_files')
    : fs.existsSync(path.join(dataDir, 'files'))
      ? fs.readdirSync(path.join(dataDir, 'files'), { recursive: true }).filter((f) => String(f).length > 2)
      : []
const today = new Date().toISOString().slice(0, 10)
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)

const upload = (client: Client, id: string, bytes: Buffer, name: string, type = 'application/pdf') => {
  const form = new FormData()
  form.append('file', new File([new Uint8Array(bytes)], name, { type }))
  return t.request(`/api/agreements/${id}/documents`, { method: 'POST', body: form, headers: client.headers })
}

beforeAll(async () => {
  db = await createTestDb()
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-agreements-'))
  t = createTestApp(db, { DATA_DIR: dataDir, DOCUMENT_LIMIT_BYTES: String(LIMIT) })
  partnerA = (await makePartner(db, { legalName: 'Alpha Systems' })).id
  partnerB = (await makePartner(db, { legalName: 'Beta Networks' })).id
  ops = await t.login((await makeUser(db, 'partner_ops')).email)
  gps = await t.login((await makeUser(db, 'gps')).email)
  sales = await t.login((await makeUser(db, 'sales')).email)
  pm = await t.login((await makeUser(db, 'partner_manager')).email)
  adminA = await t.login((await makeUser(db, 'partner_admin', partnerA, { name: 'Alex Alpha' })).email)
  userA = await t.login((await makeUser(db, 'partner_user', partnerA)).email)
  adminB = await t.login((await makeUser(db, 'partner_admin', partnerB)).email)
})
afterAll(async () => {
  await db.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('agreements', () => {
  let reseller: string, flowDown: string
  it('creates drafts of every type; a flow-down names its client; a POTC takes the version in force and its fixed renewal terms', async () => {
    const res = await ops.post('/api/agreements', {
      partnerId: partnerA,
      type: 'reseller',
      effectiveDate: '2026-01-01',
      expiryDate: inDays(45),
      countries: ['US', 'CA'],
      renewalTerms: 'Renews yearly unless cancelled',
    })
    expect(res.status).toBe(201)
    const a = await res.json()
    reseller = a.id
    expect(a).toMatchObject({
      status: 'draft',
      title: 'Reseller agreement',
      partnerName: 'Alpha Systems',
      countries: ['US', 'CA'],
      daysToExpiry: 45,
    })
    const fd = await (
      await ops.post('/api/agreements', { partnerId: partnerA, type: 'flow_down', effectiveDate: '2026-01-01', clientName: 'Contoso Bank' })
    ).json()
    flowDown = fd.id
    expect(fd.title).toBe('Client flow-down terms: Contoso Bank')
    const potc = await (
      await gps.post('/api/agreements', { partnerId: partnerB, type: 'potc', effectiveDate: '2026-02-01', expiryDate: '2027-02-01' })
    ).json()
    expect(potc).toMatchObject({ potcVersion: '2026.1', renewalTerms: expect.stringContaining('not negotiable') })
    for (const type of ['mou', 'nda'])
      expect((await ops.post('/api/agreements', { partnerId: partnerB, type, effectiveDate: '2026-01-01' })).status).toBe(201)
  })

  it('refuses bad input naming every field, and stores nothing', async () => {
    const before = await count('agreements')
    const res = await ops.post('/api/agreements', {
      partnerId: partnerA,
      type: 'flow_down',
      effectiveDate: '2026-02-30',
      expiryDate: '2025-01-01',
      countries: ['ZZ'],
    })
    expect(res.status).toBe(400)
    expect((await res.json()).errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['effectiveDate', 'countries.0', 'clientName']),
    )
    const potc = await (
      await ops.post('/api/agreements', {
        partnerId: partnerA,
        type: 'potc',
        effectiveDate: '2026-01-01',
        expiryDate: '2025-01-01',
        renewalTerms: 'Our own',
      })
    ).json()
    expect(potc.errors.map((e: { path: string }) => e.path)).toEqual(['renewalTerms', 'expiryDate'])
    expect(
      (await ops.post('/api/agreements', { partnerId: '00000000-0000-4000-8000-000000000000', type: 'nda', effectiveDate: '2026-01-01' }))
        .status,
    ).toBe(400)
    expect((await sales.post('/api/agreements', { partnerId: partnerA, type: 'nda', effectiveDate: '2026-01-01' })).status).toBe(403)
    expect(await count('agreements')).toBe(before)
  })

  it("partner users see their own company only; another company's agreement answers like a missing one", async () => {
    const mine = (await (await userA.get(`/api/agreements?partnerId=${partnerB}`)).json()).items
    expect(mine.map((a: { partnerId: string }) => a.partnerId)).toEqual([partnerA, partnerA])
    const other = (await (await ops.get(`/api/agreements?partnerId=${partnerB}`)).json()).items[0].id
    const a = await adminA.get(`/api/agreements/${other}`)
    const b = await adminA.get('/api/agreements/00000000-0000-4000-8000-000000000000')
    expect(a.status).toBe(404)
    expect({ ...(await a.json()), instance: undefined }).toEqual({ ...(await b.json()), instance: undefined })
  })

  it('uploads a PDF by its bytes and stores it under its hash, never under the given name', async () => {
    const res = await upload(ops, reseller, PDF, '../../etc/passwd.pdf', 'text/plain')
    expect(res.status).toBe(201)
    const doc = await res.json()
    expect(doc).toMatchObject({ filename: 'passwd.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: sha256Of(PDF) })
    // Kept by its hash: in the database on PostgreSQL, under the data directory on the embedded database.
    expect((await blobStore({ config: t.config, db }).get(doc.sha256))?.equals(PDF)).toBe(true)
  })

  it('keeps an upload under a name ending in the extension of the type judged from its bytes (security 11)', async () => {
    const named = async (name: string) => (await (await upload(ops, reseller, PDF, name)).json()).filename
    expect(await named('invoice.pdf.html')).toBe('invoice.pdf')
    expect(await named('invoice.html')).toBe('invoice.pdf')
    expect(await named('scan')).toBe('scan.pdf')
    expect(await named('Report.PDF')).toBe('Report.PDF')
  })

  it('refuses a wrong content type and an over-size file: nothing is stored', async () => {
    const [rows, files] = [await count('agreement_documents'), (await storedFiles()).length]
    const html = await upload(ops, reseller, Buffer.from('<html><script>alert(1)</script></html>'), 'contract.pdf')
    expect(html.status).toBe(415)
    expect((await html.json()).errors).toEqual([{ path: 'file', message: expect.stringContaining('PDF, DOCX or image') }])
    const big = Buffer.concat([PDF, Buffer.alloc(LIMIT)])
    const over = await upload(ops, reseller, big, 'big.pdf')
    expect(over.status).toBe(413)
    expect((await over.json()).errors).toEqual([{ path: 'file', message: `The file is larger than ${LIMIT} bytes` }])
    expect(await count('agreement_documents')).toBe(rows)
    expect((await storedFiles()).length).toBe(files)
    expect((await upload(adminA, reseller, PDF, 'mine.pdf')).status).toBe(403)
  })

  it('downloads for users who may see the agreement only', async () => {
    const detail = await (await adminA.get(`/api/agreements/${reseller}`)).json()
    const docUrl = `/api/agreements/${reseller}/documents/${detail.documents[0].id}`
    const res = await userA.get(docUrl)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain('passwd.pdf')
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true)
    expect((await adminB.get(docUrl)).status).toBe(404)
    expect((await userA.get(`/api/agreements/${flowDown}/documents/${detail.documents[0].id}`)).status).toBe(404)
  })

  it('a draft changes freely; once out for signature only its expiry and renewal terms change', async () => {
    expect((await ops.patch(`/api/agreements/${reseller}`, { countries: ['US', 'CA', 'MX'] })).status).toBe(200)
    expect((await adminA.post(`/api/agreements/${reseller}/sign`, { typedName: 'Alex Alpha' })).status).toBe(409)
    const sent = await (await ops.post(`/api/agreements/${reseller}/send`)).json()
    expect(sent.status).toBe('out_for_signature')
    const locked = await ops.patch(`/api/agreements/${reseller}`, { title: 'Other', countries: ['US'] })
    expect(locked.status).toBe(409)
    expect((await locked.json()).errors.map((e: { path: string }) => e.path)).toEqual(['title', 'countries'])
    expect((await ops.post(`/api/agreements/${reseller}/send`)).status).toBe(409)
  })

  it('a partner admin signs: typed name, time, user and document hash in the signature and the audit log', async () => {
    expect((await userA.post(`/api/agreements/${reseller}/sign`, { typedName: 'User' })).status).toBe(403)
    expect((await adminB.post(`/api/agreements/${reseller}/sign`, { typedName: 'Other' })).status).toBe(404)
    const res = await adminA.post(`/api/agreements/${reseller}/sign`, { typedName: 'Alex Alpha' })
    expect(res.status).toBe(200)
    const a = await res.json()
    expect(a).toMatchObject({
      status: 'active',
      signatures: [{ typedName: 'Alex Alpha', userName: 'Alex Alpha', documentSha256: sha256Of(PDF), potcVersion: null }],
    })
    const entry = oneRow(
      await db.owner.query<{ actor_id: string; after: Record<string, unknown> }>(
        `SELECT actor_id, after FROM audit_log WHERE entity = 'agreement' AND entity_id = $1 AND action = 'sign'`,
        [reseller],
      ),
      'Audit log',
    )
    expect(entry.after).toMatchObject({ typedName: 'Alex Alpha', documentSha256: sha256Of(PDF), userId: entry.actor_id })
    expect(Date.parse(entry.after.signedAt as string)).toBeGreaterThan(Date.now() - 60_000)
    expect((await adminA.post(`/api/agreements/${reseller}/sign`, { typedName: 'Alex Alpha' })).status).toBe(409)
  })

  it('a POTC is accepted as its fixed version only', async () => {
    const id = (await (await ops.post('/api/agreements', { partnerId: partnerA, type: 'potc', effectiveDate: '2026-03-01' })).json()).id
    await ops.post(`/api/agreements/${id}/send`)
    const detail = await (await adminA.get(`/api/agreements/${id}`)).json()
    expect(detail.potcTerms).toMatchObject({
      version: '2026.1',
      title: expect.stringContaining('Purchase Order'),
      body: expect.stringContaining('Non-modifiable'),
    })
    expect(detail.potcTerms.sha256).toBe(sha256Of(detail.potcTerms.body))
    const wrong = await adminA.post(`/api/agreements/${id}/sign`, { typedName: 'Alex Alpha', potcVersion: '2025.9' })
    expect((await wrong.json()).errors[0].path).toBe('potcVersion')
    const ok = await (await adminA.post(`/api/agreements/${id}/sign`, { typedName: 'Alex Alpha', potcVersion: '2026.1' })).json()
    expect(ok.signatures[0]).toMatchObject({ potcVersion: '2026.1', documentSha256: detail.potcTerms.sha256 })
  })

  it('lists with the expiring filter (signed agreements expiring within N days, soonest first) and computes expired from the date', async () => {
    const expiring = (await (await pm.get('/api/agreements?expiringWithinDays=60')).json()).items
    expect(expiring.map((a: { id: string }) => a.id)).toEqual([reseller])
    expect((await (await pm.get('/api/agreements?expiringWithinDays=30')).json()).items).toEqual([])
    // An active agreement past its expiry date reads expired before any job ran.
    await db.owner.query(`UPDATE agreements SET effective_date = '2020-01-01', expiry_date = $2 WHERE id = $1`, [reseller, '2021-01-01'])
    const a = await (await adminA.get(`/api/agreements/${reseller}`)).json()
    expect(a).toMatchObject({ status: 'expired' })
    expect((await (await pm.get('/api/agreements?status=expired')).json()).items.map((x: { id: string }) => x.id)).toEqual([reseller])
    // A renewal with a new expiry date revives it.
    const renewed = await (await ops.patch(`/api/agreements/${reseller}`, { expiryDate: inDays(365) })).json()
    expect(renewed.status).toBe('active')
    expect(today < renewed.expiryDate).toBe(true)
  })

  it('country extension: requested for a deal, approved by partner operations, the country joins the agreement', async () => {
    expect((await adminA.post(`/api/agreements/${reseller}/extensions`, { country: 'BR', dealReference: 'OPP-1' })).status).toBe(403)
    const bad = await sales.post(`/api/agreements/${reseller}/extensions`, { country: 'US', dealReference: '' })
    expect((await bad.json()).errors.map((e: { path: string }) => e.path)).toEqual(['dealReference'])
    const covered = await sales.post(`/api/agreements/${reseller}/extensions`, { country: 'US', dealReference: 'OPP-1' })
    expect((await covered.json()).errors).toEqual([{ path: 'country', message: 'The agreement covers this country already' }])
    const res = await sales.post(`/api/agreements/${reseller}/extensions`, {
      country: 'BR',
      dealReference: 'OPP-2026-77',
      reason: 'Brazilian subsidiary of the customer',
    })
    expect(res.status).toBe(201)
    const ext = await res.json()
    expect(ext).toMatchObject({ country: 'BR', status: 'requested', dealReference: 'OPP-2026-77' })
    expect((await sales.post(`/api/agreements/${reseller}/extensions`, { country: 'BR', dealReference: 'OPP-3' })).status).toBe(409)
    expect((await gps.post(`/api/agreements/extensions/${ext.id}/decide`, { decision: 'approved' })).status).toBe(403)
    expect((await (await ops.post(`/api/agreements/extensions/${ext.id}/decide`, { decision: 'rejected' })).json()).errors[0].path).toBe(
      'note',
    )
    const decided = await ops.post(`/api/agreements/extensions/${ext.id}/decide`, { decision: 'approved' })
    expect(await decided.json()).toMatchObject({ status: 'approved', decidedBy: expect.any(String) })
    const a = await (await userA.get(`/api/agreements/${reseller}`)).json()
    expect(a.countries).toEqual(['US', 'CA', 'MX', 'BR'])
    expect(a.extensions).toEqual([expect.objectContaining({ country: 'BR', status: 'approved' })])
    expect((await ops.post(`/api/agreements/extensions/${ext.id}/decide`, { decision: 'rejected', note: 'Late' })).status).toBe(409)
  })

  it("shows the agreements' history on the partner's timeline, to staff and to the partner's own users only", async () => {
    const actions = async (client: Client, partner: string) => {
      const res = await client.get(`/api/partners/${partner}/timeline`)
      return res.status === 200
        ? (await res.json()).items.filter((e: { entity: string }) => e.entity === 'agreement').map((e: { action: string }) => e.action)
        : res.status
    }
    const staff = await actions(pm, partnerA)
    expect(staff).toEqual(expect.arrayContaining(['create', 'upload', 'sign', 'extension_request', 'extension_approved']))
    expect(await actions(userA, partnerA)).toEqual(staff)
    expect(await actions(adminB, partnerA)).toBe(404)
    expect(await actions(adminB, partnerB)).not.toContain('sign')
  })

  it('terminates; a terminated agreement neither changes, takes documents nor gains a country', async () => {
    const ext = await (await sales.post(`/api/agreements/${flowDown}/extensions`, { country: 'FR', dealReference: 'OPP-FR' })).json()
    expect((await (await ops.post(`/api/agreements/${flowDown}/terminate`)).json()).status).toBe('terminated')
    expect((await ops.post(`/api/agreements/extensions/${ext.id}/decide`, { decision: 'approved' })).status).toBe(409)
    expect((await ops.post(`/api/agreements/extensions/${ext.id}/decide`, { decision: 'rejected', note: 'Terminated' })).status).toBe(200)
    expect((await ops.patch(`/api/agreements/${flowDown}`, { expiryDate: inDays(30) })).status).toBe(409)
    expect((await upload(ops, flowDown, PDF, 'late.pdf')).status).toBe(409)
    expect((await ops.post(`/api/agreements/${flowDown}/terminate`)).status).toBe(409)
  })
})
