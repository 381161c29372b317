import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalHost, guardedPost, isBlockedAddress, resolveTarget, TargetRefused, type Resolver } from './outbound.ts'

const strict = { allowPrivate: false, allowLoopbackHttp: false }
/** A resolver that answers from a table, as an attacker's DNS would. */
const stub =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    const addresses = table[host]
    if (!addresses) throw new Error('ENOTFOUND')
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
const refusal = async (url: string, opts = {}) => {
  try {
    await resolveTarget(url, { ...strict, ...opts })
  } catch (err) {
    if (err instanceof TargetRefused) return err.message
    throw err
  }
  return null
}

describe('the address blocklist', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '100.127.255.255',
    '169.254.169.254',
    '169.254.0.1',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'febf::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
    '[::1]',
    '2130706433',
    '0177.0.0.1',
    '0x7f.0.0.1',
    '0x7f000001',
    '127.1',
    '017700000001',
    '0xa9.0xfe.0xa9.0xfe',
  ])('refuses %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true)
  })

  it.each(['93.184.215.14', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(isBlockedAddress(address)).toBe(false)
    },
  )

  it('reads decimal, octal and hex IPv4 forms as the address they are', () => {
    expect(canonicalHost('2130706433')).toBe('127.0.0.1')
    expect(canonicalHost('0177.0.0.1')).toBe('127.0.0.1')
    expect(canonicalHost('0x7f.1')).toBe('127.0.0.1')
    expect(canonicalHost('[::FFFF:127.0.0.1]')).toBe('::ffff:7f00:1')
  })
})

describe('resolving a URL', () => {
  it('refuses names that resolve to private, loopback, link-local or metadata addresses, with the address', async () => {
    const resolver = stub({
      'internal.example': ['10.0.0.5'],
      'metadata.example': ['169.254.169.254'],
      'mixed.example': ['93.184.215.14', '192.168.0.10'],
      'v6.example': ['fd00::1'],
      'mapped.example': ['::ffff:127.0.0.1'],
      'good.example': ['93.184.215.14'],
    })
    expect(await refusal('https://internal.example/hook', { resolver })).toMatch(/internal\.example resolves to 10\.0\.0\.5/)
    expect(await refusal('https://metadata.example/', { resolver })).toMatch(/169\.254\.169\.254/)
    // One bad address among good ones is enough: the connection could be steered to it.
    expect(await refusal('https://mixed.example/', { resolver })).toMatch(/192\.168\.0\.10/)
    expect(await refusal('https://v6.example/', { resolver })).toMatch(/fd00::1/)
    expect(await refusal('https://mapped.example/', { resolver })).toMatch(/::ffff:127\.0\.0\.1/)
    expect(await refusal('https://nowhere.example/', { resolver })).toMatch(/does not resolve/)
    const ok = await resolveTarget('https://good.example/hook', { ...strict, resolver })
    expect(ok).toMatchObject({ host: 'good.example', address: '93.184.215.14', family: 4 })
  })

  it('refuses literal addresses in every spelling, and the real localhost', async () => {
    for (const url of [
      'https://127.0.0.1/',
      'https://2130706433/',
      'https://0177.0.0.1/',
      'https://0x7f.0.0.1/',
      'https://[::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[fe80::1]/',
      'https://169.254.169.254/latest/meta-data/',
      'https://localhost/',
    ])
      expect(await refusal(url), url).toMatch(/private, loopback, link-local or reserved/)
  })

  it('takes https only; http only to a loopback host where allowed; no credentials in the URL', async () => {
    expect(await refusal('http://93.184.215.14/')).toBe('Use an https:// URL')
    expect(await refusal('ftp://93.184.215.14/')).toBe('Use an https:// URL')
    expect(await refusal('not a url')).toBe('Not a valid URL')
    expect(await refusal('https://user:pw@93.184.215.14/')).toMatch(/Credentials/)
    expect(await refusal('http://93.184.215.14/', { allowLoopbackHttp: true })).toBe('Use an https:// URL')
    // Loopback http passes the scheme rule in development, and still needs private targets allowed.
    expect(await refusal('http://127.0.0.1:9/', { allowLoopbackHttp: true })).toMatch(/loopback/)
    expect(await refusal('http://127.0.0.1:9/', { allowLoopbackHttp: true, allowPrivate: true })).toBeNull()
  })
})

describe('posting', () => {
  let server: http.Server
  let port: number
  let seen: { host?: string; body: string }[] = []
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        seen.push({ host: req.headers.host, body })
        if (req.url === '/redirect') {
          res.writeHead(302, { location: 'http://169.254.169.254/' })
          res.end()
        } else if (req.url === '/big') {
          res.writeHead(200)
          res.end('x'.repeat(100_000))
        } else if (req.url === '/slow') {
          setTimeout(() => res.end('late'), 2000)
        } else res.end('ok')
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise((r) => server.close(r)))
  const opts = { allowPrivate: true, allowLoopbackHttp: true, headers: {}, body: '{"a":1}', timeoutMs: 500, maxResponseBytes: 64 }

  it('connects to the address it checked, whatever the name resolves to a moment later (no DNS rebinding)', async () => {
    seen = []
    let calls = 0
    // The first answer is checked; a rebinding resolver would answer differently the second time.
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }])
    const res = await guardedPost(`http://rebind.localhost:${port}/`, { ...opts, resolver: rebinding })
    expect(res.status).toBe(200)
    expect(calls).toBe(1)
    expect(seen[0]).toEqual({ host: `rebind.localhost:${port}`, body: '{"a":1}' })
  })

  it('does not follow redirects, reads a small part of the answer, and gives up at the timeout', async () => {
    const redirect = await guardedPost(`http://127.0.0.1:${port}/redirect`, opts)
    expect(redirect.status).toBe(302)
    const big = await guardedPost(`http://127.0.0.1:${port}/big`, opts)
    expect(big.body.length).toBe(64)
    await expect(guardedPost(`http://127.0.0.1:${port}/slow`, opts)).rejects.toThrow(/No answer within 500 ms/)
  })

  it('refuses the local receiver unless private targets are allowed', async () => {
    await expect(guardedPost(`http://127.0.0.1:${port}/`, { ...opts, allowPrivate: false })).rejects.toBeInstanceOf(TargetRefused)
  })
})
