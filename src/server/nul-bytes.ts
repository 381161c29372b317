import type { MiddlewareHandler } from 'hono'
import { AppError, type FieldError } from '../core/errors.ts'

const NUL = '\u0000'
const message = 'Must not contain NUL characters'

/** Paths of every key or string inside a JSON value that contains a NUL character. */
function nulPaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return value.includes(NUL) ? [path.join('.')] : []
  if (Array.isArray(value)) return value.flatMap((v, i) => nulPaths(v, [...path, String(i)]))
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => (k.includes(NUL) ? [[...path, k].join('.')] : nulPaths(v, [...path, k])))
  return []
}

/**
 * No text anywhere may carry a NUL character (PostgreSQL refuses it in text, and nothing legitimate sends one):
 * the path, query string and JSON body of every API request are checked once, here, and a NUL answers
 * 400 naming the field, before any route reads it.
 */
export const rejectNulBytes: MiddlewareHandler = async (c, next) => {
  const errors: FieldError[] = []
  const url = new URL(c.req.url)
  let path = url.pathname
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    // A malformed escape is the router's to refuse.
  }
  if (path.includes(NUL)) errors.push({ path: 'path', message })
  for (const [key, value] of url.searchParams) if (key.includes(NUL) || value.includes(NUL)) errors.push({ path: key, message })
  if ((c.req.header('content-type') ?? '').includes('json')) {
    const text = await c.req.text()
    if (text.includes(NUL)) errors.push({ path: 'body', message })
    else if (text.includes('\\u0000')) {
      try {
        errors.push(...nulPaths(JSON.parse(text)).map((p) => ({ path: p || 'body', message })))
      } catch {
        // Not JSON: the route's validation answers that.
      }
    }
  }
  if (errors.length)
    throw new AppError('VALIDATION_FAILED', 'Validation failed', {
      errors: errors.map((e) => ({ ...e, path: e.path.replaceAll(NUL, '\\0') })),
    })
  await next()
}
