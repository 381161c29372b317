import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { clients, fixtures, runMatrix } from './harness.ts'
import { matrix } from './partners.matrix.ts'

runMatrix(matrix, () => {
  it("answers another company's ids exactly like ids that do not exist", async () => {
    const { client } = clients.get('partner_user')!
    const missing = randomUUID()
    for (const path of [
      `/api/partners/${fixtures.partnerB}`,
      `/api/partners/${fixtures.partnerB}/contacts`,
      `/api/partners/${fixtures.partnerB}/timeline`,
    ]) {
      const other = await client.get(path)
      const none = await client.get(path.replace(fixtures.partnerB, missing))
      const [a, b] = [await other.json(), await none.json()]
      expect(other.status).toBe(404)
      expect({ ...a, instance: undefined }).toEqual({ ...b, instance: undefined })
    }
  })

  it('lists, searches and exports only the own company for partner users', async () => {
    const { client } = clients.get('partner_admin')!
    const list = (await (await client.get('/api/partners?q=company')).json()).items.map((p: { id: string }) => p.id)
    expect(list).toEqual([fixtures.partnerA])
    const filtered = (await (await client.get(`/api/partners?country=US&sort=-createdAt`)).json()).items.map((p: { id: string }) => p.id)
    expect(filtered).toEqual([fixtures.partnerA])
    const exported = await (await client.get('/api/partners/export?format=csv')).text()
    expect(exported).toContain('Company A')
    expect(exported).not.toContain('Company B')
    const users = (await (await client.get(`/api/users?partnerId=${fixtures.partnerB}`)).json()).items as { partnerId: string }[]
    expect(users.length).toBeGreaterThan(0)
    expect(users.every((u) => u.partnerId === fixtures.partnerA)).toBe(true)
  })
})
