import { setTimeout as sleep } from 'node:timers/promises'
import ExcelJS from 'exceljs'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from './db.ts'
import { createTestDb } from '../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../tests/setup/app.ts'
import { makePartner, makeUser } from '../../tests/factories/index.ts'
import { XLSX_TYPE } from './sheets.ts'

// Security 2: every import streams its file under limits, caps its error list and never holds up other requests.
let db: Database
let t: TestApp
let partnerUser: Awaited<ReturnType<TestApp['login']>>
beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  const partner = await makePartner(db, { legalName: 'Limits Acme Inc.' })
  partnerUser = await t.login((await makeUser(db, 'partner_user', partner.id)).email)
})
afterAll(() => db.close())

const header =
  'partner,year,quarter,revenue,activeCustomers,pipeline,jointInvestments,rebates,marketingFunding,fundedResourcesAmount,fundedResourcesFtes,executiveSponsor,gtmCategories'
const badRow = (i: number) => `Limits Acme Inc.,2026,${5 + i},-1,many,x,x,x,x,x,x,maybe,`
const badCsv = (n: number) => [header, ...Array.from({ length: n }, (_, i) => badRow(i))].join('\n')

function form(name: string, data: string | Uint8Array, type: string) {
  const f = new FormData()
  f.append('file', new File([data as BlobPart], name, { type }))
  return f
}
const upload = (name: string, data: string | Uint8Array, type = 'text/csv', app = t) =>
  app.request('/api/program/metrics/import', { method: 'POST', body: form(name, data, type), headers: partnerUser.headers })

/** A small XLSX whose one text cell unpacks to `size` characters (a zip bomb). */
async function xlsxBomb(size: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Metrics')
  ws.addRow(header.split(','))
  ws.addRow(['PLACEHOLDER', 2026, 1])
  const files = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()))
  for (const [name, bytes] of Object.entries(files))
    if (strFromU8(bytes).includes('PLACEHOLDER')) files[name] = strToU8(strFromU8(bytes).replace('PLACEHOLDER', 'A'.repeat(size)))
  return zipSync(files, { level: 9 })
}

describe('import limits', () => {
  it('refuses a small XLSX that unpacks to a huge cell, before building it', async () => {
    const bomb = await xlsxBomb(20_000_000)
    expect(bomb.length).toBeLessThan(100_000)
    const res = await upload('bomb.xlsx', bomb, XLSX_TYPE, createTestApp(db, { IMPORT_MAX_UNPACKED_BYTES: '5000000' }))
    expect(res.status).toBe(413)
    const body = await res.json()
    expect(body.code).toBe('IMPORT_TOO_LARGE')
    expect(body.detail).toMatch(/unpacks to more than 5000000 bytes/)
  })

  it('refuses a CSV cell over the length limit and a file over the row limit, naming the limit', async () => {
    const long = await upload('long.csv', `${header}\n${'x'.repeat(10_001)},2026,1`)
    expect(long.status).toBe(413)
    expect((await long.json()).detail).toMatch(/longer than 10000 characters/)
    const small = createTestApp(db, { IMPORT_MAX_ROWS: '50' })
    const many = await upload('many.csv', badCsv(51), 'text/csv', small)
    expect(many.status).toBe(413)
    expect((await many.json()).detail).toMatch(/more than 50 data rows/)
  })

  it('answers a large file of bad rows with the first errors and the total count, not a 500', async () => {
    const res = await upload('bad.csv', badCsv(3_000))
    expect(res.status).toBe(422)
    const body = await res.json()
    expect(body.code).toBe('IMPORT_INVALID')
    expect(body.errors).toHaveLength(100)
    expect(body.errorCount).toBeGreaterThan(3_000)
    expect(body.detail).toMatch(/^3000 rows are invalid \(the first 100 of \d+ errors are listed\)/)
  })

  it('answers other requests while an import is being parsed', async () => {
    // The upload's body is streamed; once the server has read all of it, parsing starts and a health check is sent.
    const request = new Request('http://localhost/', { method: 'POST', body: form('bad.csv', badCsv(20_000), 'text/csv') })
    const bytes = new Uint8Array(await request.arrayBuffer())
    let bodyRead!: () => void
    const read = new Promise<void>((resolve) => (bodyRead = resolve))
    let at = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(bytes.subarray(at, (at += 65_536)))
        if (at >= bytes.length) {
          controller.close()
          bodyRead()
        }
      },
    })
    const finished: string[] = []
    const importing = Promise.resolve(
      t.request('/api/program/metrics/import', {
        method: 'POST',
        body,
        headers: { ...partnerUser.headers, 'content-type': request.headers.get('content-type') ?? '' },
        duplex: 'half',
      } as RequestInit),
    ).then((res) => {
      finished.push('import')
      return res.status
    })
    await read
    await sleep(100)
    const health = await t.request('/api/health')
    finished.push('health')
    expect(health.status).toBe(200)
    expect(await importing).toBe(422)
    expect(finished).toEqual(['health', 'import'])
  })
})
