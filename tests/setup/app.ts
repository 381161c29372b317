import pino from 'pino'
import { loadConfig } from '../../src/core/config.ts'
import type { Database } from '../../src/core/db.ts'
import { createApp } from '../../src/server/app.ts'
import { PASSWORD } from '../factories/index.ts'

export type TestApp = ReturnType<typeof createTestApp>

/** The `name=value` pair of the cookie a response sets. */
export function sessionCookie(res: Response): string {
  const pair = res.headers.get('set-cookie')?.split(';')[0]
  if (!pair) throw new Error(`The response (${res.status}) sets no cookie`)
  return pair
}

/** The real app over a test database, driven in-process through its fetch handler. */
export function createTestApp(db: Database, env: Record<string, string> = {}) {
  const config = loadConfig({ LOG_LEVEL: 'silent', TRUST_PROXY: 'true', ...env })
  const app = createApp({ db, config, log: pino({ level: 'silent' }) })

  const request = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers)
    let body = init.body
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json')
      body = JSON.stringify(init.json)
    }
    return app.request(path, { ...init, headers, body })
  }

  /** Signs in and returns a client that sends the session cookie and CSRF token. */
  const login = async (email: string, password = PASSWORD) => {
    const res = await request('/api/auth/login', { method: 'POST', json: { email, password } })
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`)
    const cookie = sessionCookie(res)
    const { csrfToken } = (await res.json()) as { csrfToken: string }
    return asSession(cookie, csrfToken)
  }

  const asSession = (cookie: string, csrfToken: string) => clientWith({ cookie, 'x-csrf-token': csrfToken })
  const asBearer = (token: string) => clientWith({ authorization: `Bearer ${token}` })

  const clientWith = (auth: Record<string, string>) => {
    const call =
      (method: string) =>
      (path: string, json?: unknown, headers: Record<string, string> = {}) =>
        request(path, { method, json, headers: { ...auth, ...headers } })
    return { get: call('GET'), post: call('POST'), put: call('PUT'), patch: call('PATCH'), delete: call('DELETE'), headers: auth }
  }

  return { app, config, request, login, asSession, asBearer, anonymous: clientWith({}) }
}
