import { AppError } from './errors.ts'

/** Opaque keyset cursors: the last row's sort key and id. */
export const encodeCursor = (parts: string[]): string => Buffer.from(JSON.stringify(parts)).toString('base64url')

export function decodeCursor(cursor: string): [string, string] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(parts) && parts.length === 2 && parts.every((p) => typeof p === 'string')) {
      const [key, id] = parts as [string, string]
      if (/^[0-9a-f-]{36}$/i.test(id)) return [key, id]
    }
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', 'Invalid cursor', { errors: [{ path: 'cursor', message: 'Not a cursor this API issued' }] })
}
