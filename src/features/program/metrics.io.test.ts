import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser } from '../../../tests/factories/index.ts'
import { oneRow } from '../../core/db-rows.ts'

let db: Database
let t: TestApp
let ops: Awaited<ReturnType<TestApp['login']>>
let acme: { id: string }
beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  ops = await t.login((await makeUser(db, 'partner_ops')).email)
  acme = await makePartner(db, { legalName: 'Metrics Acme Inc.', website: 'https://metrics-acme.example' })
  await makePartner(db, { legalName: 'Twin Name Ltd' })
  await makePartner(db, { legalName: 'Twin Name Ltd' })
})
afterAll(() => db.close())

const header =
  'partner,year,quarter,revenue,activeCustomers,pipeline,jointInvestments,rebates,marketingFunding,fundedResourcesAmount,fundedResourcesFtes,executiveSponsor,gtmCategories'
const rows = async () => oneRow(await db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM partner_metrics'), 'Count').n

function upload(client: { headers: Record<string, string> }, name: string, data: string | Uint8Array, type = 'text/csv') {
  const form = new FormData()
  form.append('file', new File([data as BlobPart], name, { type }))
  return t.request('/api/program/metrics/import', { method: 'POST', body: form, headers: client.headers })
}

describe('metrics import', () => {
  it('imports nothing from a file with bad rows and names every bad row and column', async () => {
    const before = await rows()
    const csv = [
      header,
      'Metrics Acme Inc.,2026,1,1000000.00,20,5000000.00,40000,10000,5000,0,0,yes,Cloud;Security',
      'Metrics Acme Inc.,2026,5,-3,lots,5000000.00,40000,10000,5000,0,0,maybe,',
      'Nobody Corp,2026,2,1.00,1,1.00,0,0,0,0,0,no,',
      'Twin Name Ltd,2026,2,1.00,1,1.00,0,0,0,0,0,no,',
      'metrics-acme.example,2026,1,1.00,1,1.00,0,0,0,0,0,no,',
    ].join('\n')
    const res = await upload(ops, 'm.csv', csv)
    expect(res.status).toBe(422)
    const found = (await res.json()).errors.map((e: { row: number; path: string }) => `${e.row}:${e.path}`).sort()
    expect(found).toEqual(['3:activeCustomers', '3:executiveSponsor', '3:quarter', '3:revenue'])
    expect(await rows()).toBe(before)
    // Once the rows themselves are right, partners that cannot be found are reported the same way.
    const second = await upload(ops, 'm.csv', [header, csv.split('\n')[3], csv.split('\n')[4]].join('\n'))
    expect((await second.json()).errors.map((e: { row: number; message: string }) => `${e.row}:${e.message}`)).toEqual([
      '2:Unknown partner',
      '3:Matches 2 partners; use the id',
    ])
    expect(await rows()).toBe(before)
  })

  it('imports an XLSX file naming partners by legal name, domain or id, as confirmed quarters', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Metrics')
    ws.addRow(header.split(','))
    ws.addRow(['Metrics Acme Inc.', 2026, 1, '1000000.00', 20, '5000000.00', '40000', '10000', '5000', '0', 0, 'yes', 'Cloud; Security'])
    ws.addRow(['metrics-acme.example', 2026, 2, '2000000.50', 25, '6000000.00', '40000', '10000', '5000', '0', 0, 'yes', 'Cloud'])
    ws.addRow([acme.id, 2026, 3, '500000.00', 30, '7000000.00', '40000', '10000', '5000', '0', 0, 'no', ''])
    const res = await upload(
      ops,
      'm.xlsx',
      new Uint8Array(await wb.xlsx.writeBuffer()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(await res.json()).toEqual({ imported: 3 })
    const quarters = (await (await ops.get(`/api/partners/${acme.id}/metrics?year=2026`)).json()).items
    expect(
      quarters.map((q: { quarter: number; revenue: { amount: string }; status: string }) => [q.quarter, q.revenue.amount, q.status]),
    ).toEqual([
      [1, '1000000.00', 'confirmed'],
      [2, '2000000.50', 'confirmed'],
      [3, '500000.00', 'confirmed'],
    ])
  })

  it("lets a partner's own users submit their company's quarters only", async () => {
    const pu = await t.login((await makeUser(db, 'partner_user', acme.id)).email)
    const own = await upload(pu, 'm.csv', `${header}\nMetrics Acme Inc.,2027,1,1.00,1,1.00,0,0,0,0,0,no,\n`)
    expect(await own.json()).toEqual({ imported: 1 })
    const [q] = (await (await pu.get(`/api/partners/${acme.id}/metrics?year=2027`)).json()).items
    expect(q.status).toBe('submitted')
    const other = await makePartner(db, { legalName: 'Someone Else GmbH' })
    const res = await upload(pu, 'm.csv', `${header}\n${other.id},2027,1,1.00,1,1.00,0,0,0,0,0,no,\n`)
    expect((await res.json()).errors).toEqual([{ row: 2, path: 'partner', message: 'Unknown partner' }])
    // A quarter the integrator confirmed cannot be overwritten by the partner, and nothing else is written.
    const refused = await upload(
      pu,
      'm.csv',
      `${header}\nMetrics Acme Inc.,2027,4,1.00,1,1.00,0,0,0,0,0,no,\nMetrics Acme Inc.,2026,1,9.00,1,1.00,0,0,0,0,0,no,\n`,
    )
    expect((await refused.json()).errors).toEqual([expect.objectContaining({ row: 3, path: 'quarter' })])
    expect((await (await pu.get(`/api/partners/${acme.id}/metrics?year=2027`)).json()).items).toHaveLength(1)
  })
})
