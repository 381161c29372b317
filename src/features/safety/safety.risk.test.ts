import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db.ts'
import type { Ctx } from '../../core/context.ts'
import { inTx } from '../../core/context.ts'
import { createTestDb } from '../../../tests/setup/db.ts'
import { createTestApp, type TestApp } from '../../../tests/setup/app.ts'
import { makePartner, makeUser, sys } from '../../../tests/factories/index.ts'
import { updatePartner } from '../partners/partners.service.ts'
import { getMatrix, removeMatrixEntry, setMatrixEntry } from './matrix.service.ts'
import { matrixMap } from './safety.queries.ts'
import { deriveRisk } from './safety.rules.ts'
import { getRisk, liftRiskOverride, safetyClearance, setRiskOverride } from './safety.service.ts'

let db: Database
let t: TestApp
let safety: Ctx
let safetyName: string

const gapsOf = (partnerId: string) =>
  db.owner.query<{ key: string; closed_at: Date | null; close_note: string | null }>(
    `SELECT key, closed_at, close_note FROM safety_gaps WHERE partner_id = $1 ORDER BY opened_at, key`,
    [partnerId],
  )

beforeAll(async () => {
  db = await createTestDb()
  t = createTestApp(db)
  const u = await makeUser(db, 'safety')
  safetyName = u.name
  safety = { ...sys(db), actor: { userId: u.id, email: u.email, name: u.name, role: 'safety', partnerId: null, via: 'session' } }
})
afterAll(() => db.close())

describe('risk level from services', () => {
  it('is high exactly when one service is high in the seeded matrix, for every combination of its services', async () => {
    const matrix = await inTx(sys(db), (sql) => matrixMap(sql))
    const services = [...matrix.values()]
    expect(services.length).toBe(14)
    for (let mask = 0; mask < 1 << services.length; mask++) {
      const chosen = services.filter((_, i) => mask & (1 << i))
      const expected = chosen.some((s) => s.riskLevel === 'high') ? 'high' : 'low'
      // Names as partners type them: any case, stray spaces.
      const { riskLevel } = deriveRisk(
        chosen.map((s) => ` ${s.service.toUpperCase()} `),
        matrix,
      )
      if (riskLevel !== expected) throw new Error(`${chosen.map((s) => s.service).join(', ')}: ${riskLevel}, expected ${expected}`)
    }
  })

  it('counts a service the matrix does not know as low and names it unclassified', async () => {
    const p = await makePartner(db, { services: ['Quantum Plumbing', 'Remote consulting'] })
    const risk = await getRisk(safety, p.id)
    expect(risk.riskLevel).toBe('low')
    expect(risk.services).toEqual([
      { service: 'Quantum Plumbing', riskLevel: null, reason: null },
      { service: 'Remote consulting', riskLevel: 'low', reason: 'Office work, off the client site' },
    ])
  })

  it('answers a partner with no services as low risk and clear, in the fixed shape', async () => {
    const p = await makePartner(db, { services: [] })
    const admin = await makeUser(db, 'partner_admin', p.id)
    const res = await (await t.login(admin.email)).get(`/api/partners/${p.id}/safety/clearance`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ clear: true, riskLevel: 'low', reasons: [] })
  })

  it('follows a change of the partner services at once', async () => {
    const p = await makePartner(db, { services: ['Software development'] })
    expect((await safetyClearance(safety, p.id)).riskLevel).toBe('low')
    await updatePartner(sys(db), p.id, { services: ['Software development', 'Work at height'] })
    const c = await safetyClearance(safety, p.id)
    expect(c).toMatchObject({ clear: false, riskLevel: 'high' })
    expect(c.reasons.map((r) => r.code)).toContain('NO_SUBSCRIPTION')
  })

  it('re-derives when the matrix changes, keeps each version with who and when, and syncs gaps in the same transaction', async () => {
    const p = await makePartner(db, { services: ['Staff Augmentation'] })
    expect((await getRisk(safety, p.id)).riskLevel).toBe('low')
    await setMatrixEntry(safety, { service: 'Staff augmentation', riskLevel: 'high', reason: 'On client sites now' })
    expect((await getRisk(safety, p.id)).riskLevel).toBe('high')
    expect((await gapsOf(p.id)).filter((g) => !g.closed_at).map((g) => g.key)).toContain('no_subscription')

    await setMatrixEntry(safety, { service: 'Staff Augmentation', riskLevel: 'low', reason: 'Office roles again' })
    expect((await getRisk(safety, p.id)).riskLevel).toBe('low')
    const gaps = await gapsOf(p.id)
    expect(gaps.length).toBeGreaterThan(0)
    expect(gaps.every((g) => g.closed_at && g.close_note === 'Closed by itself: the partner is low risk')).toBe(true)

    const m = await getMatrix(safety)
    const entry = m.items.find((i) => i.service === 'Staff Augmentation')
    expect(entry).toMatchObject({ riskLevel: 'low', version: 3, updatedBy: { name: safetyName } })
    expect(m.history.filter((h) => h.service.toLowerCase() === 'staff augmentation').map((h) => [h.version, h.riskLevel])).toEqual([
      [3, 'low'],
      [2, 'high'],
      [1, 'low'],
    ])
  })

  it('removes a service: its partners count it as unclassified', async () => {
    await setMatrixEntry(safety, { service: 'Roof antennas', riskLevel: 'high', reason: 'Work at height' })
    const p = await makePartner(db, { services: ['Roof antennas'] })
    expect((await getRisk(safety, p.id)).riskLevel).toBe('high')
    await removeMatrixEntry(safety, { service: 'roof antennas' })
    expect((await getRisk(safety, p.id)).riskLevel).toBe('low')
    expect((await getMatrix(safety)).history[0]).toMatchObject({ service: 'Roof antennas', action: 'remove' })
  })

  it('lets a safety user override the level with a reason, shown with author and date, and lift it', async () => {
    const p = await makePartner(db, { services: ['Remote consulting'] })
    const risk = await setRiskOverride(safety, p.id, { riskLevel: 'high', reason: 'Sends staff on site in practice' })
    expect(risk).toMatchObject({ riskLevel: 'high', derivedRiskLevel: 'low', override: { reason: 'Sends staff on site in practice' } })
    expect(risk.override?.createdBy?.name).toBe(safetyName)
    expect(Date.parse(risk.override?.createdAt ?? '')).toBeGreaterThan(0)
    expect((await safetyClearance(safety, p.id)).clear).toBe(false)
    const lifted = await liftRiskOverride(safety, p.id)
    expect(lifted).toMatchObject({ riskLevel: 'low', override: null })
    expect(await safetyClearance(safety, p.id)).toEqual({ clear: true, riskLevel: 'low', reasons: [] })
  })

  it('refuses overrides and matrix edits to other roles', async () => {
    const p = await makePartner(db, { services: [] })
    const pm = await t.login((await makeUser(db, 'partner_manager')).email)
    expect((await pm.put(`/api/partners/${p.id}/safety/risk-override`, { riskLevel: 'high', reason: 'x' })).status).toBe(403)
    expect((await pm.put('/api/safety/matrix', { service: 'X', riskLevel: 'high', reason: 'x' })).status).toBe(403)
    expect((await pm.get('/api/safety/matrix')).status).toBe(200)
  })
})
