import createClient, { type Middleware } from 'openapi-fetch'
import type { components, paths } from './api-types.ts'

export type Schemas = components['schemas']
export type Problem = Schemas['Problem'] & { errors?: { path: string; message: string; row?: number }[] }

let csrfToken: string | null = null

/** Remembers the session's CSRF token (from login and /auth/me); every cookie-authenticated write echoes it. */
export function setCsrfToken(token: string | null) {
  csrfToken = token
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken)
    return request
  },
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' })
api.use(csrf)

/** An API failure carrying the RFC 9457 problem document. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title || `Request failed (${status})`)
  }
  get code() {
    return this.problem.code
  }
}

function toProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object' && 'title' in error) return error as Problem
  return { type: 'about:blank', title: response.statusText || 'Request failed', status: response.status, code: `HTTP_${response.status}` }
}

/** Unwraps an openapi-fetch result: returns data, or throws ApiError with the problem document. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T
  throw new ApiError(result.response.status, toProblem(result.error, result.response))
}

/** Raw fetch for the few calls openapi-fetch does not fit (multipart upload), with the same CSRF rule. */
export async function rawFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  if (init.method && init.method !== 'GET' && csrfToken) headers.set('X-CSRF-Token', csrfToken)
  const res = await fetch(url, { ...init, headers, credentials: 'same-origin' })
  if (!res.ok) {
    let body: unknown = null
    try {
      body = await res.json()
    } catch {
      /* not a problem document */
    }
    throw new ApiError(res.status, toProblem(body, res))
  }
  return res
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.problem.detail || e.problem.title
  if (e instanceof Error) return e.message
  return 'Something went wrong'
}
