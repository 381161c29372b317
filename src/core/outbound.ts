import { lookup as dnsLookup } from 'node:dns/promises'
import http from 'node:http'
import https from 'node:https'
import { BlockList, isIP } from 'node:net'

/**
 * Outbound HTTP requests to addresses users typed (webhooks), guarded against server-side request forgery:
 * the host is resolved for every request, every resolved address must be public (not loopback, private,
 * CGNAT, link-local and cloud metadata, unique-local, multicast or reserved, in IPv4, IPv6 or IPv4 embedded
 * in IPv6), and the connection goes to the address that was checked (pinned through the socket's `lookup`),
 * so a name that resolves differently a moment later (DNS rebinding) cannot redirect it. Redirects are not
 * followed, the request has a timeout, and the response is read up to a small limit. See decision 021.
 */

const blocked = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64: an IPv4 address in disguise
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: an IPv4 address in disguise
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  blocked.addSubnet(net, prefix, 'ipv6')

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback'])

/** The canonical form of a URL host: brackets off IPv6, and every IPv4 spelling (2130706433, 0177.0.0.1, 0x7f.1) as dotted decimal. */
export function canonicalHost(host: string): string {
  let h = host.trim().toLowerCase()
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1)
  if (isIP(h) === 6) h = `[${h}]`
  try {
    // The WHATWG URL parser turns decimal, octal and hex IPv4 forms into the dotted form.
    h = new URL(`http://${h}/`).hostname
  } catch {
    return h
  }
  return h.startsWith('[') ? h.slice(1, -1) : h.replace(/\.$/, '')
}

/** Whether an IP address is one an outside system's URL may not lead to. */
export function isBlockedAddress(address: string): boolean {
  const canonical = canonicalHost(address)
  const family = isIP(canonical)
  if (family === 4) return blocked.check(canonical, 'ipv4')
  if (family === 6) {
    // IPv4-mapped (::ffff:a.b.c.d) addresses are checked against the IPv4 ranges.
    const mapped = canonical.match(/^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/)
    if (mapped) {
      const n = (parseInt(mapped[1]!, 16) << 16) + parseInt(mapped[2]!, 16)
      return blocked.check([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), 'ipv4')
    }
    return blocked.check(canonical, 'ipv6') || blocked.check(canonical, 'ipv4')
  }
  return true // not an address at all: refuse
}

export const isLoopbackHost = (host: string): boolean => {
  const h = canonicalHost(host)
  return LOOPBACK_NAMES.has(h) || h.endsWith('.localhost') || (isIP(h) === 4 && h.startsWith('127.')) || h === '::1'
}

/** Resolves a host name to its addresses (the system resolver by default; tests inject their own). */
export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>
export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true })

export type GuardOptions = {
  /** Private, loopback and link-local targets allowed (an administrator's setting, for internal receivers). */
  allowPrivate: boolean
  /** http:// allowed for loopback hosts (development and test configurations only). */
  allowLoopbackHttp: boolean
  resolver?: Resolver
}

/** Why a URL is refused, in words for the `url` field. */
export class TargetRefused extends Error {}

export type Target = { url: URL; host: string; address: string; family: 4 | 6 }

/** Checks the URL's form, resolves its host now and checks every address; answers the address to connect to. */
export async function resolveTarget(raw: string, opts: GuardOptions): Promise<Target> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new TargetRefused('Not a valid URL')
  }
  if (url.username || url.password) throw new TargetRefused('Credentials in the URL are not allowed; use the signing secret')
  const host = canonicalHost(url.hostname)
  if (url.protocol === 'http:') {
    if (!(opts.allowLoopbackHttp && isLoopbackHost(host))) throw new TargetRefused('Use an https:// URL')
  } else if (url.protocol !== 'https:') throw new TargetRefused('Use an https:// URL')
  if (!host) throw new TargetRefused('The URL has no host')
  let addresses: { address: string; family: number }[]
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }]
  else {
    try {
      addresses = await (opts.resolver ?? systemResolver)(host)
    } catch {
      throw new TargetRefused(`The host ${host} does not resolve`)
    }
    if (!addresses.length) throw new TargetRefused(`The host ${host} does not resolve`)
  }
  // Every address must pass: a name that also resolves to a private address could be steered to it.
  if (!opts.allowPrivate) {
    const bad = addresses.find((a) => isBlockedAddress(a.address))
    if (bad)
      throw new TargetRefused(
        bad.address === host
          ? `${host} is a private, loopback, link-local or reserved address`
          : `${host} resolves to ${bad.address}, a private, loopback, link-local or reserved address`,
      )
  }
  const first = addresses[0]!
  return { url, host, address: canonicalHost(first.address), family: isIP(canonicalHost(first.address)) === 6 ? 6 : 4 }
}

export type PostResult = { status: number; body: string; ms: number }

export type PostOptions = GuardOptions & {
  headers: Record<string, string>
  body: string
  timeoutMs: number
  /** The response body is read up to this many bytes; the rest is dropped. */
  maxResponseBytes: number
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) }

/**
 * POSTs `body` to the URL after the guard resolved and checked its host, connecting to that address only.
 * Redirects are answers like any other (not followed). Rejects on a refused target, a network error or the timeout.
 */
export async function guardedPost(raw: string, opts: PostOptions): Promise<PostResult> {
  const target = await resolveTarget(raw, opts)
  return postTo(target, opts)
}

/** POSTs to a checked target (the connection is pinned to `target.address`). */
export function postTo(
  target: Target,
  opts: Pick<PostOptions, 'headers' | 'body' | 'timeoutMs' | 'maxResponseBytes'>,
): Promise<PostResult> {
  const started = performance.now()
  const secure = target.url.protocol === 'https:'
  const lib = secure ? https : http
  return new Promise<PostResult>((resolve, reject) => {
    const req = lib.request(
      target.url,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body), ...opts.headers },
        timeout: opts.timeoutMs,
        // The socket connects to the address the guard checked, whatever the name resolves to now; TLS still
        // verifies the certificate against the host name.
        lookup: (_host, options, cb) => {
          const all = typeof options === 'object' && options && 'all' in options && options.all
          if (all)
            (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }])
          else (cb as (e: null, a: string, f: number) => void)(null, target.address, target.family)
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          if (size >= opts.maxResponseBytes) return
          chunks.push(chunk.subarray(0, opts.maxResponseBytes - size))
          size += chunk.length
          if (size >= opts.maxResponseBytes) {
            // Enough read: the rest is not waited for.
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started })
            res.destroy()
          }
        })
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
        )
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`No answer within ${opts.timeoutMs} ms`)))
    req.on('error', reject)
    req.end(opts.body)
  })
}
