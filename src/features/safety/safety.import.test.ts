import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import type { Ctx } from '../../core/context.ts'
import type { Database } from '../../core/db.ts'
import { AppError } from '../../core/errors.ts'
import { systemActor } from '../../core/auth/permissions.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { getImportMapping, importSubscriptions } from './import.service.ts'

let db: Database
let t: TestApp
let ctx: Ctx
let alpha: string, beta: string
const csv = (text: string) => ({ data: Buffer.from(text), format: 'csv' as const })
const subs = () =>
  db.owner.query<{ legal_name: string; account_id: string; status: string; grade: string | null; version: number }>(
    'SELECT p.legal_name, s.account_id, s.status, s.grade, s.version FROM safety_subscriptions s JOIN partners p ON p.id = s.partner_id ORDER BY p.legal_name',
  )
const FILE = [
  'ISN ID,Company Name,Website,Subscription Status,Grade,Last Updated,Region',
  'ISN-1,Alpha Rigging LLC,,Active,A,2026-11-02,East',
  ',Beta Cabling Inc.,https://www.beta-cabling.example/,Pending,,11/15/2026,West',
].join('\n')

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  ctx = { ...sys(db), actor: { ...systemActor, role: 'safety' }, now: () => new Date('2026-12-01T10:00:00Z') }
  alpha = (await makePartner(db, { legalName: 'Alpha Rigging LLC', services: ['Rack and stack'] })).id
  beta = (await makePartner(db, { legalName: 'Beta Cabling Inc.', website: 'https://beta-cabling.example', services: ['Cabling'] })).id
})
afterAll(() => db.close())

describe("importing the provider's export", () => {
  it('reports every bad row with its number and reason, and imports nothing', async () => {
    const bad = `${FILE}\nISN-9,Nobody Ltd,,Active,A,2026-11-01,\nISN-3,Alpha Rigging LLC,,Sleeping,Q,2026-13-01,`
    const err = await importSubscriptions(ctx, csv(bad), {}).catch((e: AppError) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).details.errors).toEqual([
      { row: 4, path: 'ISN ID', message: 'No partner matches this account id, domain or name' },
      { row: 5, path: 'Subscription Status', message: 'Not a status: Sleeping; use active, pending, lapsed or none' },
      { row: 5, path: 'Last Updated', message: 'A date as YYYY-MM-DD or MM/DD/YYYY' },
      { row: 5, path: 'Grade', message: 'ISNetworld grades are A, B, C, F' },
      { row: 5, path: 'ISN ID', message: 'The same partner as row 2' },
    ])
    expect(await subs()).toEqual([])
  })

  it('imports the good rows when asked, matching by account id, then domain, then name', async () => {
    const bad = `${FILE}\nISN-9,Nobody Ltd,,Active,A,2026-11-01,`
    const r = await importSubscriptions(ctx, csv(bad), { goodRowsOnly: true })
    expect(r).toMatchObject({ imported: 2, unchanged: 0, skipped: 1 })
    expect(await subs()).toMatchObject([
      { legal_name: 'Alpha Rigging LLC', account_id: 'ISN-1', status: 'active', grade: 'A' },
      { legal_name: 'Beta Cabling Inc.', account_id: null, status: 'pending', grade: null },
    ])
  })

  it('changes nothing when the same file comes again', async () => {
    const before = await subs()
    const r = await importSubscriptions(ctx, csv(FILE), {})
    expect(r).toEqual({ imported: 0, unchanged: 2, skipped: 0, errors: [] })
    expect(await subs()).toEqual(before)
  })

  it('takes the file over the API as a safety user only, with the rows in the problem', async () => {
    const safety = await t.login((await makeUser(db, 'safety')).email)
    const form = new FormData()
    form.append('file', new File(['ISN ID,Subscription Status\nISN-404,Active\n'], 'isn.csv', { type: 'text/csv' }))
    const res = await t.request('/api/safety/import', { method: 'POST', body: form, headers: safety.headers })
    expect(res.status).toBe(422)
    expect((await res.json()).errors).toEqual([{ row: 2, path: 'ISN ID', message: 'No partner matches this account id, domain or name' }])
    void alpha
    void beta
  })
  it('remembers a column mapping for the provider, reads XLSX, and matches a known account id whatever the name', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Export')
    ws.addRow(['Account', 'Supplier', 'State', 'Letter', 'Updated'])
    ws.addRow(['isn-1', 'Alpha (renamed)', 'Lapsed', 'B', '2026-11-20'])
    const data = Buffer.from(await wb.xlsx.writeBuffer())
    const mapping = { accountId: 'Account', name: 'Supplier', status: 'State', grade: 'Letter', updatedOn: 'Updated' }
    expect(await getImportMapping(ctx, undefined)).toMatchObject({
      provider: 'isnetworld',
      remembered: false,
      mapping: { accountId: 'ISN ID' },
    })
    expect(await importSubscriptions(ctx, { data, format: 'xlsx' }, { mapping })).toMatchObject({ imported: 1 })
    expect((await subs())[0]).toMatchObject({ status: 'lapsed', grade: 'B' })
    // The next import of this layout needs no mapping; the import screen shows the remembered one.
    expect(await getImportMapping(ctx, 'isnetworld')).toEqual({ provider: 'isnetworld', remembered: true, mapping })
    expect(await importSubscriptions(ctx, { data, format: 'xlsx' }, {})).toMatchObject({ imported: 0, unchanged: 1 })
  })
})
